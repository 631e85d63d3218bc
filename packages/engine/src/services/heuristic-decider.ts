import { decision } from '@tranche/contracts';
import {
  heuristicDecision,
  type DecisionAction,
  type ExecutionDecisionResult,
} from '@tranche/execution-core';
import { sideFromWire } from '@tranche/contracts';
import { finitePositive, InvalidRequestError } from './errors.js';

const EWMA = 0.05;

/**
 * The deterministic policy used when no LLM is configured and as the LLM's
 * fallback. It keeps a slow moving average of spread and volatility per
 * symbol, because "the spread widened" only means something against what is
 * typical for that market.
 */
export class HeuristicDecider {
  private readonly typical = new Map<string, { spreadBps: number; volBps: number }>();

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
      priceChangeBps: 0,
      liquidationFlow: 0,
    };
    this.typical.set(request.symbol, {
      spreadBps: t.spreadBps + EWMA * (spreadBps - t.spreadBps),
      volBps: t.volBps + EWMA * (volBps - t.volBps),
    });
    return toWireDecision(heuristicDecision(ctx), 'heuristic-v1');
  }
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
