import { impact, type marketdata } from '@tranche/contracts';
import { squareRootImpact } from '@tranche/execution-core';
import { finitePositive, InvalidRequestError } from './errors.js';

export interface ImpactModelOptions {
  /** Square-root-law prefactor; the literature puts it between 0.5 and 1. */
  y: number;
  /** Used when the snapshot carries no volatility estimate yet. */
  fallbackDailyVolatility: number;
}

export const DEFAULT_IMPACT_OPTIONS: ImpactModelOptions = { y: 0.7, fallbackDailyVolatility: 0.03 };

/**
 * Closed-form pre-trade estimate with the square-root law Y·σ·sqrt(Q/V). The
 * optional adjustment from the decision policy is clamped to [0.5, 2] so no
 * advice can make the estimate absurd.
 */
export function estimateImpact(
  request: impact.IImpactRequest,
  options: ImpactModelOptions = DEFAULT_IMPACT_OPTIONS,
): impact.ImpactEstimate {
  const qty = finitePositive(request.quantity);
  if (qty === undefined)
    throw new InvalidRequestError(
      `quantity must be a positive decimal, got ${JSON.stringify(request.quantity ?? '')}`,
    );
  if (!request.symbol) throw new InvalidRequestError('symbol is required');
  const snap: marketdata.IMarketSnapshot = request.snapshot ?? {};
  const notes: string[] = [];
  let adv = finitePositive(snap.averageDailyVolume);
  if (adv === undefined) {
    const v1m = finitePositive(snap.volume_1m);
    if (v1m === undefined)
      throw new InvalidRequestError(
        'snapshot has neither average_daily_volume nor volume_1m: cannot size impact',
      );
    adv = v1m * 1440;
    notes.push('ADV extrapolated from 1-minute volume');
  }
  let sigma = finitePositive(snap.dailyVolatility);
  if (sigma === undefined) {
    sigma = options.fallbackDailyVolatility;
    notes.push(`no volatility estimate, assumed ${sigma}`);
  }
  const est = squareRootImpact({ quantity: qty, dailyVolume: adv, dailyVolatility: sigma, y: options.y });
  const requested = request.adjustmentFactor ?? 0;
  const factor = requested > 0 ? Math.min(2, Math.max(0.5, requested)) : 1;
  return impact.ImpactEstimate.create({
    baseBps: est.bps,
    adjustmentFactor: factor,
    finalBps: est.bps * factor,
    lowBps: est.lowBps * factor,
    highBps: est.highBps * factor,
    model: est.model,
    reasoning: [est.reasoning, ...notes].join('; '),
  });
}
