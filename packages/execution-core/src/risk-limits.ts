import { Dec, type DecimalString } from './decimal.js';

/** Global safety limits; a ParentOrder may tighten them. */
export interface RiskLimits {
  maxOrderNotional: DecimalString;
  /** Orders a minute for one symbol, every parent together: the account's rate budget at the venue. */
  maxOrdersPerMinute: number;
  /** Orders a minute for one parent, so one parent cannot spend the whole symbol budget. */
  maxOrdersPerMinutePerParent: number;
  /** Fraction of recent market volume one child may take (0.1 = 10%). */
  maxParticipation: number;
  /** Least time between two children of one parent. */
  minIntervalMs: number;
  maxSpreadBpsAggressive: number;
  maxPriceDeviationBps: number;
  isAlertBps: number;
  /** Hourly realised volatility at which the symbol halts, bps. */
  volatilityHaltBps: number;
  /** How long the router waits for a decision before it goes on without one. */
  decisionTimeoutMs: number;
  /** Fraction of the opposite side's first `depthLevels` levels one child may take (0.1 = 10%). */
  maxDepthShare: number;
  depthLevels: number;
}

/**
 * Conservative defaults: 10% participation is the usual ceiling before one's own flow dominates the
 * tape; 120 orders a minute per symbol stays well under Bybit's per-UID rate limits, and 20 per parent
 * leaves that budget to several parents at once. Five seconds between a parent's children lets the
 * book refill between two takes; 10% of the first five levels keeps one child from sweeping the book.
 */
export function defaultRiskLimits(): RiskLimits {
  return {
    maxOrderNotional: '100000',
    maxOrdersPerMinute: 120,
    maxOrdersPerMinutePerParent: 20,
    maxParticipation: 0.1,
    minIntervalMs: 5000,
    maxSpreadBpsAggressive: 20,
    maxPriceDeviationBps: 100,
    isAlertBps: 50,
    volatilityHaltBps: 500,
    decisionTimeoutMs: 10_000,
    maxDepthShare: 0.1,
    depthLevels: 5,
  };
}

/**
 * Tighter of global and per-order limits, field by field. An override that is not a finite number
 * (or a valid decimal for the notional) is ignored rather than trusted: it cannot loosen a limit.
 */
export function mergeRiskLimits(global: RiskLimits, override?: Partial<RiskLimits>): RiskLimits {
  if (!override) return global;
  const usable = (b: number | undefined): b is number => b !== undefined && Number.isFinite(b);
  const minNum = (a: number, b: number | undefined): number => (usable(b) ? Math.min(a, b) : a);
  const maxNum = (a: number, b: number | undefined): number => (usable(b) ? Math.max(a, b) : a);
  return {
    maxOrderNotional: tighterNotional(global.maxOrderNotional, override.maxOrderNotional),
    maxOrdersPerMinute: minNum(global.maxOrdersPerMinute, override.maxOrdersPerMinute),
    maxOrdersPerMinutePerParent: minNum(
      global.maxOrdersPerMinutePerParent,
      override.maxOrdersPerMinutePerParent,
    ),
    maxParticipation: minNum(global.maxParticipation, override.maxParticipation),
    minIntervalMs: maxNum(global.minIntervalMs, override.minIntervalMs),
    maxSpreadBpsAggressive: minNum(global.maxSpreadBpsAggressive, override.maxSpreadBpsAggressive),
    maxPriceDeviationBps: minNum(global.maxPriceDeviationBps, override.maxPriceDeviationBps),
    isAlertBps: minNum(global.isAlertBps, override.isAlertBps),
    volatilityHaltBps: minNum(global.volatilityHaltBps, override.volatilityHaltBps),
    decisionTimeoutMs: minNum(global.decisionTimeoutMs, override.decisionTimeoutMs),
    maxDepthShare: minNum(global.maxDepthShare, override.maxDepthShare),
    depthLevels: minNum(global.depthLevels, override.depthLevels),
  };
}

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

/** Compared as decimals, not floats: two notionals a float cannot tell apart must still order. */
function tighterNotional(global: DecimalString, override: DecimalString | undefined): DecimalString {
  if (override === undefined || !PLAIN_DECIMAL.test(override)) return global;
  return new Dec(override).lt(global) ? override : global;
}
