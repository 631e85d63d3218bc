import { common, execution } from '@tranche/contracts';
import { defaultRiskLimits, Dec, roundPriceToTick, type RiskLimits } from '@tranche/execution-core';
import { InProcessImpact, InProcessRisk } from '../../adapters/in-process-ports.js';
import { MemoryRateCounter } from '../../adapters/memory-rate-counter.js';
import { PaperVenue } from '../../adapters/paper-venue.js';
import { createEmbeddedSystem } from '../../embedded.js';
import { DEFAULT_INSTRUMENTS } from '../../market/instruments.js';
import { RiskValidator } from '../../services/risk-validator.js';
import { FaultyVenue } from './faulty-venue.js';
import type { Scenario } from './scenario.js';
import { FaultyImpact, FaultyRisk, ScriptedDecision } from './scripted-dependencies.js';
import { SteppedClock } from './stepped-clock.js';

export const START_MS = Date.UTC(2026, 0, 5, 12, 0, 0);
/** Wall time one run may take before it is reported as hung rather than left to time the test out. */
const HANG_MS = 15_000;

/** Everything a run left behind: the venue's ledger, the router's store and its event trail. */
export interface RunRecord {
  scenario: Scenario;
  request: execution.SubmitParentOrderRequest;
  /** Why the router refused the parent, when it did. */
  refused?: string;
  /** The parent never reached a terminal state. */
  hung?: boolean;
  parentId: string;
  parent?: execution.ParentOrder;
  children: execution.ChildOrder[];
  fills: execution.Fill[];
  events: execution.ExecutionEvent[];
  venue: FaultyVenue;
  /** The limits that applied to this parent's children: risk's, tightened by the parent's own. */
  limits: RiskLimits;
  parentLimitPrice?: string;
}

/** The wall-time waits the router makes are cut to what an in-process venue needs. */
const FAST = { venueReportTimeoutMs: 20, sendRetryBackoffMs: 1, instrumentRetryMs: 50 };

/** Build the whole system around the scenario's faults, run its parent to the end and let the venue settle. */
export async function runScenario(s: Scenario): Promise<RunRecord> {
  const clock = new SteppedClock(START_MS);
  const limits: RiskLimits = { ...defaultRiskLimits(), ...s.limits };
  const validator = new RiskValidator(new MemoryRateCounter(), {
    limits,
    instruments: DEFAULT_INSTRUMENTS,
    evaluatedBy: 'risk-in-process',
  });
  const venue = new FaultyVenue(s.venue, clock, DEFAULT_INSTRUMENTS, s.streams);
  const sys = createEmbeddedSystem({
    seed: s.seed,
    clock,
    config: {
      ...FAST,
      maxSendAttempts: s.maxSendAttempts,
      riskLimitsRefreshMs: 0,
      localRiskLimits: limits,
    },
    overrides: {
      decision: new ScriptedDecision(s.decisions),
      impact: new FaultyImpact(new InProcessImpact(), s.impactFaults),
      risk: new FaultyRisk(new InProcessRisk(validator, clock), s.riskFaults),
      venue,
    },
  });
  venue.attach(
    new PaperVenue((sym) => sys.market.snapshot(sym, 1000), DEFAULT_INSTRUMENTS, clock),
    sys.store,
  );

  const p = s.parent;
  const rules = DEFAULT_INSTRUMENTS.get(p.symbol)!;
  // The clock stands still until the parent is submitted, so this is the mid it will arrive at.
  const arrival = await sys.market.snapshot(p.symbol, 1000);
  const parentLimitPrice =
    p.limitPriceBps === undefined
      ? undefined
      : roundPriceToTick(
          new Dec(arrival.mid).times(new Dec(p.limitPriceBps).div(1e4).plus(1)).toFixed(),
          rules,
          'nearest',
        );
  const request = execution.SubmitParentOrderRequest.create({
    symbol: p.symbol,
    side: p.side === 'BUY' ? common.Side.SIDE_BUY : common.Side.SIDE_SELL,
    quantity: new Dec(rules.qtyStep).times(p.steps).toFixed(),
    horizonMs: p.horizonMs,
    slices: p.slices,
    urgency: p.urgency,
    algorithm: execution.Algorithm[`ALGORITHM_${p.algorithm}`],
    limits: {
      limitPrice: parentLimitPrice ?? '',
      maxOrderNotional: p.maxOrderNotional ?? '',
      maxParticipation: p.maxParticipation ?? 0,
    },
  });
  const effective: RiskLimits = {
    ...limits,
    maxOrderNotional:
      p.maxOrderNotional !== undefined && new Dec(p.maxOrderNotional).lt(limits.maxOrderNotional)
        ? p.maxOrderNotional
        : limits.maxOrderNotional,
  };
  const record: RunRecord = {
    scenario: s,
    request,
    parentId: '',
    children: [],
    fills: [],
    events: [],
    venue,
    limits: effective,
    ...(parentLimitPrice !== undefined ? { parentLimitPrice } : {}),
  };
  if (s.ownerCancelAtPercent !== undefined) {
    const at = START_MS + (p.horizonMs * s.ownerCancelAtPercent) / 100;
    let asked = false;
    clock.onAdvance((now) => {
      if (asked || now < at || !record.parentId) return;
      asked = true;
      void sys.router.cancel({ parentId: record.parentId, reason: 'the desk changed its mind' });
    });
  }
  try {
    const { parent } = await sys.router.submit(request);
    record.parentId = parent?.parentId ?? '';
  } catch (err) {
    record.refused = (err as Error).message;
    return record;
  }
  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    sys.router.whenDone(record.parentId).then(() => true),
    new Promise<false>((r) => (timer = setTimeout(() => r(false), HANG_MS))),
  ]);
  clearTimeout(timer);
  if (!finished) {
    record.hung = true;
    // Not awaited: a run that never finished may never finish cancelling either.
    void sys.router.stop('hung run abandoned');
  }
  await venue.settle();
  record.parent = await sys.store.getParent(record.parentId);
  record.children = await sys.store.getChildren(record.parentId);
  record.fills = await sys.store.getFills(record.parentId);
  record.events = sys.events.events
    .filter((e) => e.correlationId === record.parentId)
    .sort((a, b) => Number(a.sequence) - Number(b.sequence));
  return record;
}
