import { decision } from '@tranche/contracts';
import {
  heuristicDecision,
  type DecisionAction,
  type ExecutionDecisionResult,
} from '@tranche/execution-core';
import { sideFromWire } from '@tranche/contracts';
import { finitePositive, InvalidRequestError } from './errors.js';

const EWMA = 0.05;
/** Open-interest change is measured over the last hour; price change is taken over the same window. */
const PRICE_WINDOW_MS = 3_600_000;
const MID_SAMPLE_MS = 10_000;

/**
 * The deterministic policy used when no LLM is configured and as the LLM's
 * fallback. It keeps a slow moving average of spread and volatility per
 * symbol, because "the spread widened" only means something against what is
 * typical for that market.
 */
export class HeuristicDecider {
  private readonly typical = new Map<string, { spreadBps: number; volBps: number }>();
  /** Mids seen per symbol over the last hour, oldest first. */
  private readonly mids = new Map<string, Array<{ tsMs: number; mid: number }>>();

  decide(request: decision.IDecisionRequest, nowMs: number): decision.ExecutionDecision {
    const side = sideFromWire(request.side ?? undefined);
    if (!side) throw new InvalidRequestError('side must be SIDE_BUY or SIDE_SELL');
    if (!request.symbol) throw new InvalidRequestError('symbol is required');
    const target = finitePositive(request.targetQuantity);
    if (target === undefined) throw new InvalidRequestError('target_quantity must be a positive decimal');
    const snap = request.snapshot ?? {};
    const spreadBps = snap.spreadBps ?? 0;
    // Daily volatility as a fraction → bps per sqrt(day).
    const volBps = (snap.dailyVolatility ?? 0) * 1e4;
    const t = this.typical.get(request.symbol) ?? { spreadBps: spreadBps || 1, volBps: volBps || 300 };
    const ctx = {
      nowMs,
      side,
      targetQty: target,
      filledQty: Number(request.filledQuantity || 0),
      elapsedFraction: Math.min(1, Math.max(0, request.elapsedFraction ?? 0)),
      spreadBps,
      typicalSpreadBps: t.spreadBps,
      volatilityBps: volBps,
      typicalVolatilityBps: t.volBps,
      fundingRate: Number(snap.fundingRate || 0),
      msToFunding: snap.nextFundingTime
        ? Math.max(0, Number(snap.nextFundingTime) - nowMs)
        : Number.MAX_SAFE_INTEGER,
      openInterestChange: snap.openInterestChange ?? 0,
      priceChangeBps: this.priceChangeBps(request.symbol, Number(snap.mid || 0), nowMs),
      liquidationFlow: liquidationShare(snap),
    };
    this.typical.set(request.symbol, {
      spreadBps: t.spreadBps + EWMA * (spreadBps - t.spreadBps),
      volBps: t.volBps + EWMA * (volBps - t.volBps),
    });
    return toWireDecision(heuristicDecision(ctx), 'heuristic-v1');
  }

  /**
   * The mid's change since the oldest one seen within the last hour, bps; 0 until there are two.
   * One sample is kept per MID_SAMPLE_MS, so many parents on one symbol cost no more than one.
   */
  private priceChangeBps(symbol: string, mid: number, nowMs: number): number {
    if (!(mid > 0)) return 0;
    let list = this.mids.get(symbol);
    if (!list) this.mids.set(symbol, (list = []));
    while (list.length && nowMs - list[0]!.tsMs > PRICE_WINDOW_MS) list.shift();
    const oldest = list[0];
    const last = list[list.length - 1];
    if (!last || nowMs - last.tsMs >= MID_SAMPLE_MS) list.push({ tsMs: nowMs, mid });
    return oldest && oldest.tsMs < nowMs ? (mid / oldest.mid - 1) * 1e4 : 0;
  }
}

/**
 * The snapshot's signed liquidation notional over the last minute as a share of the minute's traded
 * notional, in [-1, 1] (the heuristic's cascade rule is stated as a share of volume).
 */
export function liquidationShare(snap: {
  liquidationFlow?: number | null;
  volume_1m?: string | null;
  mid?: string | null;
}): number {
  const flow = snap.liquidationFlow ?? 0;
  const traded = Number(snap.volume_1m || 0) * Number(snap.mid || 0);
  if (!Number.isFinite(flow) || flow === 0 || !(traded > 0)) return 0;
  return Math.max(-1, Math.min(1, flow / traded));
}

export function toWireDecision(d: ExecutionDecisionResult, policy: string): decision.ExecutionDecision {
  const source = {
    LLM: decision.DecisionSource.DECISION_SOURCE_LLM,
    HEURISTIC: decision.DecisionSource.DECISION_SOURCE_HEURISTIC,
    FALLBACK: decision.DecisionSource.DECISION_SOURCE_FALLBACK,
  }[d.source];
  const base = {
    confidence: d.confidence,
    reasoning: d.reasoning,
    validUntil: d.validUntilMs,
    source,
    policy,
  };
  return decision.ExecutionDecision.create({ ...base, ...actionToWire(d.action) });
}

function actionToWire(a: DecisionAction): Partial<decision.IExecutionDecision> {
  switch (a.kind) {
    case 'AGGRESSIVE':
      return { aggressive: { limitOffsetBps: a.limitOffsetBps } };
    case 'PASSIVE':
      return { passive: { offsetTicks: a.offsetTicks } };
    case 'WAIT':
      return { wait: { durationMs: a.durationMs } };
    case 'ACCELERATE':
      return { accelerate: { factor: a.factor } };
    case 'DECELERATE':
      return { decelerate: { factor: a.factor } };
    case 'CANCEL':
      return { cancel: { reason: a.reason } };
  }
}

/** Read the oneof back into the domain's action; undefined when no action is set. */
export function actionFromWire(d: decision.IExecutionDecision): DecisionAction | undefined {
  if (d.aggressive) return { kind: 'AGGRESSIVE', limitOffsetBps: d.aggressive.limitOffsetBps ?? 0 };
  if (d.passive) return { kind: 'PASSIVE', offsetTicks: d.passive.offsetTicks ?? 0 };
  if (d.wait) return { kind: 'WAIT', durationMs: Number(d.wait.durationMs ?? 0) };
  if (d.accelerate) return { kind: 'ACCELERATE', factor: d.accelerate.factor ?? 1 };
  if (d.decelerate) return { kind: 'DECELERATE', factor: d.decelerate.factor ?? 1 };
  if (d.cancel) return { kind: 'CANCEL', reason: d.cancel.reason ?? '' };
  return undefined;
}
