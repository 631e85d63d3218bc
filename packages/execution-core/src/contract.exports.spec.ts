import * as core from './index.js';
import type {
  ChildFillState,
  ChildOrderProposal,
  ChildState,
  DecimalString,
  DecisionContext,
  ExecutionDecisionResult,
  Fill,
  FillOutcome,
  ImpactEstimateResult,
  InstrumentRules,
  JitterOptions,
  ParentState,
  RiskContext,
  RiskLimits,
  RiskVerdictResult,
  ScheduledSlice,
  Side,
} from './index.js';

/**
 * The engine imports these names with these exact signatures. Assigning each export to the published
 * signature makes the type checker fail this file if one drifts; the runtime checks catch a missing export.
 */
const contract: {
  roundQtyDown: (qty: DecimalString, rules: InstrumentRules) => DecimalString;
  roundPriceToTick: (
    price: DecimalString,
    rules: InstrumentRules,
    mode: 'down' | 'up' | 'nearest',
  ) => DecimalString;
  transitionParent: (from: ParentState, to: ParentState) => ParentState;
  transitionChild: (from: ChildState, to: ChildState) => ChildState;
  isTerminalParent: (s: ParentState) => boolean;
  applyFill: (child: ChildFillState, fill: Fill) => { child: ChildFillState; outcome: FillOutcome };
  twapSchedule: (input: {
    quantity: DecimalString;
    startMs: number;
    horizonMs: number;
    slices: number;
    rules: InstrumentRules;
    jitter?: JitterOptions;
  }) => ScheduledSlice[];
  squareRootImpact: (input: {
    quantity: number;
    dailyVolume: number;
    dailyVolatility: number;
    y?: number;
    delta?: number;
  }) => ImpactEstimateResult;
  defaultRiskLimits: () => RiskLimits;
  evaluateRisk: (
    p: ChildOrderProposal,
    limits: RiskLimits,
    ctx: RiskContext,
    rules: InstrumentRules,
  ) => RiskVerdictResult;
  heuristicDecision: (ctx: DecisionContext) => ExecutionDecisionResult;
  implementationShortfallBps: (
    side: Side,
    arrivalPrice: number,
    fills: ReadonlyArray<{ price: number; quantity: number }>,
  ) => number;
} = core;

describe('the published execution-core contract', () => {
  const names: Array<keyof typeof contract> = [
    'roundQtyDown',
    'roundPriceToTick',
    'transitionParent',
    'transitionChild',
    'isTerminalParent',
    'applyFill',
    'twapSchedule',
    'squareRootImpact',
    'defaultRiskLimits',
    'evaluateRisk',
    'heuristicDecision',
    'implementationShortfallBps',
  ];
  it.each(names)('exports %s as a function', (name) => {
    expect(typeof contract[name]).toBe('function');
  });

  it('IllegalTransitionError carries code, from, to and entity', () => {
    const e = new core.IllegalTransitionError('FILLED', 'INITIALIZED', 'ParentOrder');
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      from: 'FILLED',
      to: 'INITIALIZED',
      entity: 'ParentOrder',
      name: 'IllegalTransitionError',
    });
  });

  it('defaultRiskLimits has every limit, with 10% max participation', () => {
    const l = core.defaultRiskLimits();
    expect(Object.keys(l).sort()).toEqual(
      [
        'decisionTimeoutMs',
        'depthLevels',
        'isAlertBps',
        'maxDepthShare',
        'maxOrderNotional',
        'maxOrdersPerMinute',
        'maxOrdersPerMinutePerParent',
        'maxParticipation',
        'maxPriceDeviationBps',
        'maxSpreadBpsAggressive',
        'minIntervalMs',
        'volatilityHaltBps',
      ].sort(),
    );
    expect(l.maxParticipation).toBe(0.1);
  });
});
