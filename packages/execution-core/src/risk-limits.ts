import type { DecimalString } from './decimal.js';

/** Global safety limits; a ParentOrder may tighten them. */
export interface RiskLimits {
  maxOrderNotional: DecimalString;
  maxOrdersPerMinute: number;
  /** Fraction of recent market volume one child may take (0.1 = 10%). */
  maxParticipation: number;
  minIntervalMs: number;
  maxSpreadBpsAggressive: number;
  maxPriceDeviationBps: number;
  isAlertBps: number;
  volatilityHaltBps: number;
}

/**
 * Conservative defaults: 10% participation is the usual ceiling before one's own flow dominates the
 * tape; 120 orders a minute stays well under Bybit's per-UID rate limits.
 */
export function defaultRiskLimits(): RiskLimits {
  return {
    maxOrderNotional: '250000',
    maxOrdersPerMinute: 120,
    maxParticipation: 0.1,
    minIntervalMs: 250,
    maxSpreadBpsAggressive: 25,
    maxPriceDeviationBps: 300,
    isAlertBps: 50,
    volatilityHaltBps: 500,
  };
}

/** Tighter of global and per-order limits, field by field. */
export function mergeRiskLimits(global: RiskLimits, override?: Partial<RiskLimits>): RiskLimits {
  if (!override) return global;
  const minNum = (a: number, b: number | undefined): number => (b === undefined ? a : Math.min(a, b));
  const maxNum = (a: number, b: number | undefined): number => (b === undefined ? a : Math.max(a, b));
  return {
    maxOrderNotional:
      override.maxOrderNotional !== undefined &&
      Number(override.maxOrderNotional) < Number(global.maxOrderNotional)
        ? override.maxOrderNotional
        : global.maxOrderNotional,
    maxOrdersPerMinute: minNum(global.maxOrdersPerMinute, override.maxOrdersPerMinute),
    maxParticipation: minNum(global.maxParticipation, override.maxParticipation),
    minIntervalMs: maxNum(global.minIntervalMs, override.minIntervalMs),
    maxSpreadBpsAggressive: minNum(global.maxSpreadBpsAggressive, override.maxSpreadBpsAggressive),
    maxPriceDeviationBps: minNum(global.maxPriceDeviationBps, override.maxPriceDeviationBps),
    isAlertBps: minNum(global.isAlertBps, override.isAlertBps),
    volatilityHaltBps: minNum(global.volatilityHaltBps, override.volatilityHaltBps),
  };
}
