import { clampUrgency } from './parent-order.js';
import type { Side } from './side.js';

export type MarketRegime =
  | 'TRENDING_FAVORABLE'
  | 'TRENDING_ADVERSE'
  | 'SIDEWAYS_LOW_VOL'
  | 'SIDEWAYS_HIGH_VOL'
  | 'MEAN_REVERTING'
  | 'CRISIS';

export interface RegimeInput {
  side: Side;
  /** Price move over the lookback, bps. */
  trendBps: number;
  volatilityBps: number;
  typicalVolatilityBps: number;
  spreadBps: number;
  typicalSpreadBps: number;
  /** Lag-1 autocorrelation of returns; clearly negative means mean reversion. */
  returnAutocorrelation?: number;
}

/**
 * Classifies the market. A trend counts when it exceeds twice the current volatility (a move the noise
 * alone rarely makes); crisis is extreme volatility together with a blown-out spread.
 */
export function classifyRegime(r: RegimeInput): MarketRegime {
  const volRatio = r.typicalVolatilityBps > 0 ? r.volatilityBps / r.typicalVolatilityBps : 1;
  const spreadRatio = r.typicalSpreadBps > 0 ? r.spreadBps / r.typicalSpreadBps : 1;
  if (!Number.isFinite(volRatio) || !Number.isFinite(spreadRatio) || !Number.isFinite(r.trendBps))
    return 'CRISIS';
  if (volRatio >= 3 && spreadRatio >= 3) return 'CRISIS';
  if (Math.abs(r.trendBps) > 2 * r.volatilityBps && r.volatilityBps > 0) {
    // Price rising hurts a buyer; falling hurts a seller.
    const adverse = (r.side === 'BUY') === r.trendBps > 0;
    return adverse ? 'TRENDING_ADVERSE' : 'TRENDING_FAVORABLE';
  }
  if ((r.returnAutocorrelation ?? 0) < -0.2) return 'MEAN_REVERTING';
  return volRatio >= 1.5 ? 'SIDEWAYS_HIGH_VOL' : 'SIDEWAYS_LOW_VOL';
}

export interface AdaptivePlan {
  algorithm: 'IS' | 'TWAP' | 'VWAP';
  slices: number;
  urgency: number;
  reason: string;
}

/**
 * Maps a regime to an algorithm. Favourable regimes use IS (the cost/risk trade-off is worth
 * optimising); in a crisis or a volatile sideways market a model's impact estimates are least reliable,
 * so we use TWAP and more, smaller slices to reduce the footprint of each.
 */
export function adaptivePlan(regime: MarketRegime, baseSlices: number, urgency: number): AdaptivePlan {
  const u = clampUrgency(urgency);
  const n = Math.max(1, Math.round(baseSlices));
  switch (regime) {
    case 'TRENDING_ADVERSE':
      return {
        algorithm: 'IS',
        slices: n,
        urgency: Math.min(1, u + 0.25),
        reason: 'price trending away: IS, front-loaded',
      };
    case 'TRENDING_FAVORABLE':
      return {
        algorithm: 'IS',
        slices: n,
        urgency: Math.max(0, u - 0.25),
        reason: 'price trending our way: IS, patient',
      };
    case 'SIDEWAYS_LOW_VOL':
      return { algorithm: 'IS', slices: n, urgency: u, reason: 'calm market: IS at the requested urgency' };
    case 'MEAN_REVERTING':
      return {
        algorithm: 'VWAP',
        slices: n,
        urgency: u,
        reason: 'mean reverting: follow the volume profile',
      };
    case 'SIDEWAYS_HIGH_VOL':
      return {
        algorithm: 'TWAP',
        slices: n * 2,
        urgency: u,
        reason: 'volatile, no direction: TWAP with twice the slices',
      };
    case 'CRISIS':
      return {
        algorithm: 'TWAP',
        slices: n * 3,
        urgency: u,
        reason: 'crisis: TWAP with three times the slices',
      };
  }
}
