import {
  defaultParentLimits,
  defaultRiskLimits,
  type ParentLimits,
  type RiskLimits,
} from '@tranche/execution-core';

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
  /**
   * Limits the router applies itself when the risk service cannot be reached: execution-core's
   * defaults until the risk service has reported its own (refreshed every riskLimitsRefreshMs).
   */
  localRiskLimits: RiskLimits;
  riskLimitsRefreshMs: number;
  /** Longest a horizon may be, so a typo cannot park an order for a year. */
  maxHorizonMs: number;
  maxSlices: number;
  /** A snapshot whose book is older than this never prices a child: the slice falls back instead. */
  maxSnapshotAgeMs: number;
  /** Limits on a parent as a whole, checked at submission. */
  parentLimits: ParentLimits;
  /**
   * Wall time a submission may spend retrying a transient failure to read the instrument's rules
   * from the venue before answering VENUE_UNAVAILABLE.
   */
  instrumentRetryMs: number;
  /** An ADAPTIVE parent re-reads the market regime every this many slices. */
  adaptiveReviewSlices: number;
  /** The venue's taker fee in bps, charged to the shadow TWAP a parent's TCA compares with. */
  takerFeeBps: number;
  /** How often a router renews the leases of the parents it runs (their TTL is the lease adapter's). */
  leaseRenewMs: number;
  /** How often a router looks for parents nobody runs (their owner died) and takes them over. */
  takeoverScanMs: number;
}

export function defaultRouterConfig(): RouterConfig {
  return {
    // Measured under the integration load on a 2-core machine (pnpm bench:deadlines, see
    // docs/benchmarks.md): p50 3-9 ms, but single calls up to ~110 ms when the services and the
    // venue compete for the cores. 50 ms sent 1-2% of healthy slices (16% on a busier run) to a
    // fallback; 250 ms keeps healthy fallbacks under 1% and still decides a slice well inside a second.
    deadlines: { marketDataMs: 250, impactMs: 250, decisionMs: 250, riskMs: 250 },
    maxSlippageBps: 30,
    catchUpSlices: 3,
    maxSendAttempts: 5,
    sendRetryBackoffMs: 200,
    venueReportTimeoutMs: 5000,
    consultDecisionPolicy: true,
    localRiskLimits: defaultRiskLimits(),
    riskLimitsRefreshMs: 30_000,
    maxHorizonMs: 7 * 86_400_000,
    maxSlices: 1000,
    maxSnapshotAgeMs: 2000,
    parentLimits: defaultParentLimits(),
    instrumentRetryMs: 2500,
    adaptiveReviewSlices: 4,
    // Bybit's base taker fee on linear perpetuals.
    takerFeeBps: 5.5,
    leaseRenewMs: 1000,
    takeoverScanMs: 1000,
  };
}
