/**
 * The limits every model answer is held to. They are stated in the system message and enforced by
 * validateModelAnswer; risk validates every child afterwards with its own limits, so these can only
 * ever narrow what reaches the venue, never widen it.
 */
export interface AdviceLimits {
  /** A PASSIVE limit price must lie within this many bps of the parent's arrival (decision) price. */
  priceBandBps: number;
  /** ACCELERATE: new_rate in (1, maxRate]. Also caps a quantity at maxRate x the baseline's. */
  maxRate: number;
  /** DECELERATE: new_rate in [minRate, 1). */
  minRate: number;
  /** WAIT: duration_secs in (0, maxWaitSecs], and never past the parent's deadline. */
  maxWaitSecs: number;
  /** AGGRESSIVE crosses at most this far through the touch (the router caps it again). */
  aggressiveOffsetBps: number;
  /** Longest reasoning kept, characters. */
  maxReasoningChars: number;
  /** Below this share of the horizon left, only AGGRESSIVE and ACCELERATE can still finish the order. */
  finalPhaseFraction: number;
}

export const DEFAULT_ADVICE_LIMITS: AdviceLimits = {
  // The risk service's default price band (maxPriceDeviationBps).
  priceBandBps: 100,
  maxRate: 3,
  minRate: 0.25,
  maxWaitSecs: 600,
  aggressiveOffsetBps: 30,
  maxReasoningChars: 2000,
  finalPhaseFraction: 0.05,
};
