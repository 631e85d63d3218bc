/**
 * Time is injected everywhere so that staleness, rolling windows and publishing cadence can be
 * tested without sleeping, and so that a replay can run faster than real time. The clock is the
 * system's one Clock; timers are this package's own, for its publishing cadence.
 */
export type { Clock } from '@tranche/ports';
export { systemClock } from '@tranche/ports';

export type TimerHandle = unknown;

export interface Timer {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemTimer: Timer = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // A background cadence must never keep a process alive on its own.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
