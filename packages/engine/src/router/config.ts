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
  /** Wall-time pause before the second send attempt, doubled for each further one (unless the venue says how long). */
  sendRetryBackoffMs: number;
  /** Wall time to wait for the venue's report on a taking order (and after a cancel) before looking it up. */
  venueReportTimeoutMs: number;
  /**
   * Ask the decision policy each slice. Off runs the bare baseline schedule: the yardstick a
   * policy's value-add is measured against, on the same market.
   */
  consultDecisionPolicy: boolean;
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
    maxSendAttempts: 5,
    sendRetryBackoffMs: 200,
    venueReportTimeoutMs: 5000,
    consultDecisionPolicy: true,
    localRiskLimits: defaultRiskLimits(),
    maxHorizonMs: 7 * 86_400_000,
    maxSlices: 1000,
  };
}
