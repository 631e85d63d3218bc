import { defaultRiskLimits, type RiskLimits } from '@tranche/execution-core';

export interface RouterConfig {
  /** Deadline for each dependency call, ms. A late answer is treated as no answer. */
  deadlines: { marketDataMs: number; impactMs: number; decisionMs: number; riskMs: number };
  /** Marketable limit orders are priced at most this far through the touch. */
  maxSlippageBps: number;
  /** Extra aggressive slices after the schedule when quantity is still left. */
  catchUpSlices: number;
  /** Submit attempts for one orderLinkId after ambiguous results (each preceded by a venue look-up). */
  maxSendAttempts: number;
  /** Limits the router applies itself when the risk service cannot be reached. */
  localRiskLimits: RiskLimits;
  /** Longest a horizon may be, so a typo cannot park an order for a year. */
  maxHorizonMs: number;
  maxSlices: number;
}

export function defaultRouterConfig(): RouterConfig {
  return {
    deadlines: { marketDataMs: 250, impactMs: 50, decisionMs: 250, riskMs: 50 },
    maxSlippageBps: 30,
    catchUpSlices: 3,
    maxSendAttempts: 3,
    localRiskLimits: defaultRiskLimits(),
    maxHorizonMs: 7 * 86_400_000,
    maxSlices: 1000,
  };
}
