import type { Side } from './side.js';

/** What to do with the next slice. */
export type DecisionAction =
  | { kind: 'AGGRESSIVE'; limitOffsetBps: number }
  | { kind: 'PASSIVE'; offsetTicks: number }
  | { kind: 'WAIT'; durationMs: number }
  | { kind: 'ACCELERATE'; factor: number }
  | { kind: 'DECELERATE'; factor: number }
  | { kind: 'CANCEL'; reason: string };

export type DecisionSource = 'LLM' | 'HEURISTIC' | 'FALLBACK';

export interface ExecutionDecisionResult {
  action: DecisionAction;
  /** 0..1 */
  confidence: number;
  reasoning: string;
  validUntilMs: number;
  source: DecisionSource;
}

/** Market and progress snapshot fed to the decision policy. Rates are fractions (0.0005 = 0.05%). */
export interface DecisionContext {
  nowMs: number;
  side: Side;
  targetQty: number;
  filledQty: number;
  /** Fraction of the execution window already elapsed, 0..1. */
  elapsedFraction: number;
  spreadBps: number;
  typicalSpreadBps: number;
  volatilityBps: number;
  typicalVolatilityBps: number;
  /** Current funding rate per interval (0.0005 = 0.05%). */
  fundingRate: number;
  msToFunding: number;
  /** Open-interest change over the recent window as a fraction (0.02 = +2%). */
  openInterestChange: number;
  /** Price change over the same window, bps. */
  priceChangeBps: number;
  /**
   * Signed liquidation flow as a fraction of recent volume: > 0 forced buying (shorts liquidated),
   * < 0 forced selling (longs liquidated).
   */
  liquidationFlow: number;
}

export const DECISION_KINDS = [
  'AGGRESSIVE',
  'PASSIVE',
  'WAIT',
  'ACCELERATE',
  'DECELERATE',
  'CANCEL',
] as const;
