/**
 * ACTIVE: normal. REDUCING: winding down, passive orders only, each at most half of what it asked for
 * (see REDUCING_MAX_FRACTION). HALTED: no new orders at all.
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

export const TRADING_STATES: readonly TradingState[] = ['ACTIVE', 'REDUCING', 'HALTED'];

const STRICTNESS: Record<TradingState, number> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

export function isTradingState(value: unknown): value is TradingState {
  return typeof value === 'string' && (TRADING_STATES as readonly string[]).includes(value);
}

/**
 * The state that applies when several do (global and per symbol): the strictest. A symbol can be held
 * tighter than the account, never looser, and resuming the account does not resume a halted symbol.
 */
export function strictestTradingState(...states: TradingState[]): TradingState {
  let out: TradingState = 'ACTIVE';
  for (const s of states) if (STRICTNESS[s] > STRICTNESS[out]) out = s;
  return out;
}

/**
 * While REDUCING, a passive child gets at most this share of the quantity it asked for (rounded down to
 * the lot step) and an aggressive one is denied: the position still shrinks towards the parent's goal,
 * at half pace and without crossing the spread.
 */
export const REDUCING_MAX_FRACTION = '0.5';

/** A trading state as stored, with who set it, when and why. */
export interface TradingStateRecord {
  state: TradingState;
  reason: string;
  changedBy: string;
  /** 0 when never set: every scope starts ACTIVE. */
  changedAtMs: number;
}

export const NEVER_SET: TradingStateRecord = { state: 'ACTIVE', reason: '', changedBy: '', changedAtMs: 0 };

/** Hours in a day: a daily-scaled volatility divided by its square root is the hourly one. */
const HOURS_PER_DAY = 24;

/**
 * Snapshots carry volatility per square root of a day; the halt limit is hourly. Realised volatility
 * scales with the square root of time, so the hourly figure is the daily one over sqrt(24).
 */
export function hourlyVolatilityBps(dailyScaledBps: number): number {
  return dailyScaledBps / Math.sqrt(HOURS_PER_DAY);
}

/**
 * The automatic change a symbol's market calls for, if any. Only escalation to HALTED is automatic:
 * the state is shared by every risk replica and also set by operators, so an automatic move down (or
 * into nextTradingState's REDUCING band) would undo what an operator decided. A HALTED symbol stays so
 * until an operator resumes it. Missing (0) or broken volatility never halts anything: that is a data
 * problem, denied per child, not a market event.
 */
export function automaticTradingState(input: {
  current: TradingState;
  hourlyVolatilityBps: number;
  volatilityHaltBps: number;
}): { state: 'HALTED'; reason: string } | undefined {
  const { current, hourlyVolatilityBps: vol, volatilityHaltBps: halt } = input;
  if (!Number.isFinite(vol) || vol <= 0 || current === 'HALTED') return undefined;
  const next = nextTradingState({
    current,
    volatilityBps: vol,
    volatilityHaltBps: halt,
    killSwitch: false,
    consecutiveRejects: 0,
  });
  if (next !== 'HALTED') return undefined;
  return {
    state: 'HALTED',
    reason: `hourly volatility ${vol.toFixed(1)} bps at or above the volatility halt ${halt} bps`,
  };
}

export interface TradingStateCommand {
  state: string;
  /** Empty = global. */
  symbol: string;
  reason: string;
}

const SYMBOL = /^[A-Z0-9]{2,30}$/;
const MAX_REASON = 500;

/** Problems with an operator's command, each naming the field; empty when it can be applied. */
export function tradingStateCommandProblems(cmd: TradingStateCommand): string[] {
  const problems: string[] = [];
  if (!isTradingState(cmd.state)) problems.push('state must be ACTIVE, REDUCING or HALTED');
  if (cmd.symbol !== '' && !SYMBOL.test(cmd.symbol))
    problems.push(
      `symbol must be empty (global) or an upper-case symbol such as BTCUSDT, got ${JSON.stringify(cmd.symbol)}`,
    );
  if (cmd.reason.trim() === '') problems.push('reason is required: say why the trading state changes');
  else if (cmd.reason.length > MAX_REASON) problems.push(`reason is over ${MAX_REASON} characters`);
  return problems;
}
