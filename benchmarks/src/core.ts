/**
 * execution-core micro-benchmarks: `node benchmarks/dist/core.js` after building both packages.
 *
 * Each figure is the median of per-call timings over ITERATIONS calls (after a warm-up so the JIT has
 * settled), printed as key=value with the median of an empty call timed the same way beside it: the floor
 * is the cost of the timer itself, so a figure close to its floor is below what this method can resolve.
 */
import {
  almgrenChriss,
  applyFill,
  type ChildFillState,
  type ChildOrderProposal,
  type DecisionContext,
  defaultRiskLimits,
  evaluateRisk,
  heuristicDecision,
  type InstrumentRules,
  isSchedule,
  type RiskContext,
  squareRootImpact,
  transitionChild,
  transitionParent,
  twapSchedule,
  validateDecision,
  Dec,
} from '@tranche/execution-core';
import { planSlice } from '@tranche/engine';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200_000);
const WARMUP = Math.max(10_000, Math.floor(ITERATIONS / 10));

let sink = 0;

function median(xs: Float64Array): number {
  const s = Float64Array.from(xs).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Times each call on its own with the monotonic ns clock and returns the median in µs. */
function measure(fn: (i: number) => number, iterations: number): number {
  for (let i = 0; i < WARMUP; i++) sink += fn(i);
  const t = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    sink += fn(i);
    const t1 = process.hrtime.bigint();
    t[i] = Number(t1 - t0) / 1000;
  }
  return median(t);
}

const empty = (i: number): number => i & 1;

const rules: InstrumentRules = {
  symbol: 'BTCUSDT',
  tickSize: '0.1',
  qtyStep: '0.001',
  minOrderQty: '0.001',
  maxOrderQty: '1190',
  minNotional: '5',
};
const paper = {
  quantity: 1e6,
  sigma: Math.sqrt(0.9),
  eta: 2.5e-6,
  gamma: 2.5e-7,
  epsilon: 0.0625,
  horizon: 5,
};
const limits = defaultRiskLimits();
const proposal: ChildOrderProposal = {
  parentId: 'p',
  symbol: 'BTCUSDT',
  side: 'BUY',
  quantity: '0.500',
  referencePrice: '60000.1',
  arrivalPrice: '60000',
  remainingQty: '2.000',
  aggressive: false,
};
const riskCtx: RiskContext = {
  nowMs: 1_000_000,
  ordersInLastMinute: 3,
  lastOrderAtMs: 990_000,
  spreadBps: 1,
  recentVolume: 100,
  volatilityBps: 20,
  tradingState: 'ACTIVE',
};
const child: ChildFillState = {
  childId: 'c',
  quantity: '1.000',
  filledQty: '0.4',
  avgPrice: '60000',
  state: 'PartiallyFilled',
  execIds: ['e0'],
};
const decisionCtx: DecisionContext = {
  nowMs: 1e6,
  side: 'BUY',
  targetQty: 10,
  filledQty: 3,
  elapsedFraction: 0.5,
  spreadBps: 3,
  typicalSpreadBps: 1,
  volatilityBps: 20,
  typicalVolatilityBps: 20,
  fundingRate: 0.0001,
  msToFunding: 3.6e6,
  openInterestChange: 0,
  priceChangeBps: 0,
  liquidationFlow: 0,
};
const decision = {
  action: { kind: 'PASSIVE', offsetTicks: 1 },
  confidence: 0.7,
  reasoning: 'wide spread',
  validUntilMs: 1_030_000,
  source: 'LLM',
};
const validationCtx = { nowMs: 1e6, remainingQty: 2, arrivalPrice: 60_000, maxPriceDeviationBps: 300 };

const sliceBaseline = new Dec('0.5');
const sliceRemaining = new Dec('2');
const sliceSnapshot = { bestBid: '60000.0', bestAsk: '60000.1', mid: '60000.05', spreadBps: 0.02 };

// Inputs vary with i so nothing is constant-folded; the variation is tiny so every call takes the same path.
const cases: Array<[string, (i: number) => number, number]> = [
  [
    'ac_schedule_n100_us',
    (i) => almgrenChriss({ ...paper, riskAversion: 1e-6 + (i & 7) * 1e-9, slices: 100 }).trades[0]!,
    ITERATIONS,
  ],
  [
    'impact_estimate_us',
    (i) => squareRootImpact({ quantity: 100 + (i & 15), dailyVolume: 1e4, dailyVolatility: 0.03 }).bps,
    ITERATIONS,
  ],
  [
    'risk_verdict_us',
    (i) =>
      evaluateRisk(proposal, limits, { ...riskCtx, nowMs: riskCtx.nowMs + (i & 3) }, rules).reasons.length,
    ITERATIONS,
  ],
  [
    'risk_verdict_clamp_us',
    (i) =>
      evaluateRisk(
        { ...proposal, quantity: '5.000', remainingQty: '10' },
        limits,
        { ...riskCtx, nowMs: riskCtx.nowMs + (i & 3) },
        rules,
      ).quantity.length,
    ITERATIONS,
  ],
  [
    'state_transition_us',
    (i) =>
      (transitionParent(i & 1 ? 'EXECUTING' : 'FILLED', 'FILLED') === 'FILLED' ? 1 : 0) +
      (transitionChild('New', 'PartiallyFilled') === 'PartiallyFilled' ? 1 : 0),
    ITERATIONS,
  ],
  [
    'apply_fill_us',
    (i) =>
      applyFill(child, {
        execId: `e${i & 1023}x`,
        childId: 'c',
        price: '60001.5',
        quantity: '0.1',
        fee: '0.01',
        isMaker: true,
        tsMs: i,
      }).child.filledQty.length,
    ITERATIONS,
  ],
  [
    'heuristic_decision_us',
    (i) => heuristicDecision({ ...decisionCtx, nowMs: 1e6 + (i & 7) }).confidence,
    ITERATIONS,
  ],
  [
    'validate_decision_us',
    (i) => (validateDecision(decision, { ...validationCtx, nowMs: 1e6 + (i & 7) }).ok ? 1 : 0),
    ITERATIONS,
  ],
  [
    // One slice's work inside the router, in-process: plan the child from the baseline and the
    // decision, the local risk verdict on it, and the state moves it causes (parent EXECUTING, the
    // child's fill applied).
    'slice_decision_us',
    (i) => {
      const plan = planSlice({
        action:
          (i & 1) === 0 ? { kind: 'PASSIVE', offsetTicks: 1 } : { kind: 'AGGRESSIVE', limitOffsetBps: 5 },
        baseline: sliceBaseline,
        remaining: sliceRemaining,
        isLast: false,
        snapshot: sliceSnapshot,
        rules,
        side: 'BUY',
        symbol: 'BTCUSDT',
        maxSlippageBps: 30,
      });
      if ('skip' in plan) return 0;
      const verdict = evaluateRisk(
        { ...proposal, quantity: plan.quantity, aggressive: plan.aggressive },
        limits,
        { ...riskCtx, nowMs: riskCtx.nowMs + (i & 3) },
        rules,
      );
      const state = transitionParent('ACTIVE', 'EXECUTING');
      const filled = applyFill(child, {
        execId: `s${i & 1023}`,
        childId: 'c',
        price: '60000.1',
        quantity: '0.1',
        fee: '0.01',
        isMaker: true,
        tsMs: i,
      });
      return verdict.reasons.length + state.length + filled.child.filledQty.length;
    },
    ITERATIONS,
  ],
  [
    'twap_venue_n100_us',
    (i) =>
      twapSchedule({ quantity: '10.000', startMs: i & 7, horizonMs: 3_600_000, slices: 100, rules }).length,
    ITERATIONS / 2,
  ],
  [
    'is_venue_n100_us',
    (i) =>
      isSchedule({
        quantity: '10.000',
        startMs: i & 7,
        horizonMs: 3_600_000,
        horizonUnitMs: 3_600_000,
        slices: 100,
        rules,
        sigma: 0.02,
        eta: 1e-3,
        gamma: 0,
        epsilon: 0,
        urgency: 0.5,
      }).slices.length,
    ITERATIONS / 2,
  ],
];

console.log(`node=${process.version} iterations=${ITERATIONS} warmup=${WARMUP}`);
for (const [key, fn, n] of cases) {
  const floor = measure(empty, n);
  const value = measure(fn, n);
  console.log(`${key}=${value.toFixed(3)} floor_us=${floor.toFixed(3)} iterations=${n}`);
}
if (sink === Number.MIN_VALUE) console.log('unreachable');
