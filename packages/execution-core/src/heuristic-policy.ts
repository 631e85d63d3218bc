import type { DecisionAction, DecisionContext, ExecutionDecisionResult } from './execution-decision.js';

/** Tunables for the heuristic policy; defaults are deliberately plain so a reviewer can follow them. */
export interface HeuristicOptions {
  /** Spread above this multiple of its typical value counts as "widened". */
  spreadWideningFactor: number;
  /** Volatility above this multiple of typical is a spike. */
  volatilitySpikeFactor: number;
  /** Behind schedule when filled fraction trails elapsed fraction by more than this. */
  behindScheduleThreshold: number;
  /** Funding is "high" above this rate (0.0005 = 0.05% per interval). */
  fundingThreshold: number;
  /** Only act on funding inside this window before the snapshot. */
  fundingWindowMs: number;
  /** Liquidation flow (fraction of volume) that counts as a cascade. */
  liquidationThreshold: number;
  /** Open-interest move that counts as a divergence when price moves the other way. */
  oiDivergenceThreshold: number;
  decisionTtlMs: number;
}

export const DEFAULT_HEURISTIC_OPTIONS: HeuristicOptions = {
  spreadWideningFactor: 2,
  volatilitySpikeFactor: 2,
  behindScheduleThreshold: 0.1,
  fundingThreshold: 0.0005,
  fundingWindowMs: 30 * 60_000,
  liquidationThreshold: 0.2,
  oiDivergenceThreshold: 0.01,
  decisionTtlMs: 30_000,
};

interface Fired {
  action: DecisionAction;
  reason: string;
  confidence: number;
}

const finite = (...xs: number[]): boolean => xs.every((x) => typeof x === 'number' && Number.isFinite(x));

/**
 * Rule-based policy used when no LLM is configured and as the LLM's fallback. Every rule that fires adds
 * its reason to `reasoning`; the highest-priority one decides the action. Priority puts safety first
 * (volatility, liquidations, spread), then carry (funding), then schedule, then flow signals.
 */
export function heuristicDecision(
  ctx: DecisionContext,
  options: HeuristicOptions = DEFAULT_HEURISTIC_OPTIONS,
): ExecutionDecisionResult {
  const o = options;
  if (
    !finite(
      ctx.nowMs,
      ctx.targetQty,
      ctx.filledQty,
      ctx.elapsedFraction,
      ctx.spreadBps,
      ctx.typicalSpreadBps,
      ctx.volatilityBps,
      ctx.typicalVolatilityBps,
      ctx.fundingRate,
      ctx.msToFunding,
      ctx.openInterestChange,
      ctx.priceChangeBps,
      ctx.liquidationFlow,
    ) ||
    ctx.targetQty <= 0
  ) {
    // A broken feed must not drive trading: pause briefly and let the next tick decide.
    return {
      action: { kind: 'WAIT', durationMs: 5_000 },
      confidence: 0.2,
      reasoning: 'invalid-context: market context has NaN/infinite values or no target; waiting 5 s',
      validUntilMs: Number.isFinite(ctx.nowMs) ? ctx.nowMs + 5_000 : 0,
      source: 'HEURISTIC',
    };
  }
  const fired: Fired[] = [];
  const buy = ctx.side === 'BUY';

  const volSpike =
    ctx.typicalVolatilityBps > 0 && ctx.volatilityBps > o.volatilitySpikeFactor * ctx.typicalVolatilityBps;
  if (volSpike) {
    fired.push({
      action: { kind: 'DECELERATE', factor: 0.5 },
      confidence: 0.7,
      reason: `volatility-spike: ${ctx.volatilityBps.toFixed(1)} bps vs typical ${ctx.typicalVolatilityBps.toFixed(1)}; halve the pace so we do not trade into the noise`,
    });
  }

  if (Math.abs(ctx.liquidationFlow) >= o.liquidationThreshold) {
    const forcedSelling = ctx.liquidationFlow < 0;
    // Forced sellers supply exactly what a buyer needs; for a seller they are competition pushing the price away.
    const leanIn = (buy && forcedSelling) || (!buy && !forcedSelling);
    fired.push(
      leanIn
        ? {
            action: { kind: 'PASSIVE', offsetTicks: 0 },
            confidence: 0.6,
            reason: `liquidation-cascade: forced ${forcedSelling ? 'selling' : 'buying'} ${(Math.abs(ctx.liquidationFlow) * 100).toFixed(0)}% of volume flows toward our ${buy ? 'bid' : 'offer'}; lean into it at the touch`,
          }
        : {
            action: { kind: 'WAIT', durationMs: 60_000 },
            confidence: 0.6,
            reason: `liquidation-cascade: forced ${forcedSelling ? 'selling' : 'buying'} ${(Math.abs(ctx.liquidationFlow) * 100).toFixed(0)}% of volume competes with our ${buy ? 'buying' : 'selling'}; wait for it to exhaust`,
          },
    );
  }

  if (ctx.typicalSpreadBps > 0 && ctx.spreadBps > o.spreadWideningFactor * ctx.typicalSpreadBps) {
    const veryWide = ctx.spreadBps > 2 * o.spreadWideningFactor * ctx.typicalSpreadBps;
    fired.push({
      action: veryWide ? { kind: 'WAIT', durationMs: 10_000 } : { kind: 'PASSIVE', offsetTicks: 1 },
      confidence: 0.65,
      reason: `spread-widened: ${ctx.spreadBps.toFixed(2)} bps vs typical ${ctx.typicalSpreadBps.toFixed(2)}; ${veryWide ? 'wait for it to close' : 'post passively instead of crossing'}`,
    });
  }

  if (
    Math.abs(ctx.fundingRate) > o.fundingThreshold &&
    ctx.msToFunding > 0 &&
    ctx.msToFunding <= o.fundingWindowMs
  ) {
    // Positive funding: longs pay shorts at the snapshot. A buyer who waits until after it does not pay;
    // a seller who finishes before it no longer holds the paying long (or is short in time to receive).
    // Negative funding reverses both.
    const payerWaits = (ctx.fundingRate > 0 && buy) || (ctx.fundingRate < 0 && !buy);
    fired.push(
      payerWaits
        ? {
            action: { kind: 'WAIT', durationMs: ctx.msToFunding + 1_000 },
            confidence: 0.6,
            reason: `funding-carry: rate ${(ctx.fundingRate * 100).toFixed(4)}% with ${Math.round(ctx.msToFunding / 1000)} s to the snapshot; ${buy ? 'buying' : 'selling'} now would pay it, wait until after`,
          }
        : {
            action: { kind: 'ACCELERATE', factor: 1.5 },
            confidence: 0.6,
            reason: `funding-carry: rate ${(ctx.fundingRate * 100).toFixed(4)}% with ${Math.round(ctx.msToFunding / 1000)} s to the snapshot; finish ${buy ? 'buying' : 'selling'} before it to collect or avoid paying`,
          },
    );
  }

  const filledFraction = ctx.filledQty / ctx.targetQty;
  const deficit = ctx.elapsedFraction - filledFraction;
  if (deficit > o.behindScheduleThreshold) {
    fired.push({
      action: { kind: 'ACCELERATE', factor: Math.min(3, 1 + deficit * 4) },
      confidence: 0.75,
      reason: `behind-schedule: ${(filledFraction * 100).toFixed(1)}% filled at ${(ctx.elapsedFraction * 100).toFixed(1)}% of the window; accelerate`,
    });
  }

  const oiUp = ctx.openInterestChange > o.oiDivergenceThreshold;
  const oiDown = ctx.openInterestChange < -o.oiDivergenceThreshold;
  if ((oiUp && ctx.priceChangeBps < -5) || (oiDown && ctx.priceChangeBps > 5)) {
    fired.push({
      action: { kind: 'PASSIVE', offsetTicks: 1 },
      confidence: 0.55,
      reason: `oi-divergence: open interest ${(ctx.openInterestChange * 100).toFixed(2)}% while price moved ${ctx.priceChangeBps.toFixed(1)} bps; reduce aggression`,
    });
  }

  // Near the deadline, being behind outranks everything except a volatility spike: missing the
  // deadline is a hard failure, a wide spread is only a cost.
  const late = ctx.elapsedFraction >= 0.85 && deficit > o.behindScheduleThreshold;
  const behind = fired.find((f) => f.reason.startsWith('behind-schedule'));
  const chosen = late && behind && !volSpike ? behind : fired[0];
  if (!chosen) {
    return {
      action: { kind: 'PASSIVE', offsetTicks: 0 },
      confidence: 0.5,
      reasoning: 'on-schedule: no rule fired; rest at the touch',
      validUntilMs: ctx.nowMs + o.decisionTtlMs,
      source: 'HEURISTIC',
    };
  }
  const ttl = chosen.action.kind === 'WAIT' ? chosen.action.durationMs : o.decisionTtlMs;
  return {
    action: chosen.action,
    confidence: chosen.confidence,
    reasoning: fired.map((f) => f.reason).join('; '),
    validUntilMs: ctx.nowMs + ttl,
    source: 'HEURISTIC',
  };
}
