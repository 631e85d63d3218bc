/**
 * ACTIVE: normal. REDUCING: winding down, passive orders only. HALTED: no new orders at all.
 */
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

export interface TradingStateInput {
  current: TradingState;
  /** Realised volatility over the last window, bps. */
  volatilityBps: number;
  volatilityHaltBps: number;
  /** Manual kill switch from an operator. */
  killSwitch: boolean;
  /** Consecutive venue rejects; a burst means something is wrong with our orders or the venue. */
  consecutiveRejects: number;
  maxConsecutiveRejects?: number;
}

/**
 * Derives the trading state. HALTED is sticky against automatic recovery: only an operator can lift it
 * (pass `current: 'ACTIVE'` explicitly), since resuming by itself after a halt hides the cause.
 */
export function nextTradingState(input: TradingStateInput): TradingState {
  const maxRejects = input.maxConsecutiveRejects ?? 5;
  if (input.killSwitch) return 'HALTED';
  if (input.current === 'HALTED') return 'HALTED';
  if (!Number.isFinite(input.volatilityBps) || input.volatilityBps >= input.volatilityHaltBps)
    return 'HALTED';
  if (input.consecutiveRejects >= maxRejects) return 'REDUCING';
  if (input.volatilityBps >= 0.75 * input.volatilityHaltBps) return 'REDUCING';
  return input.current === 'REDUCING' && input.volatilityBps >= 0.5 * input.volatilityHaltBps
    ? 'REDUCING'
    : 'ACTIVE';
}
