import type { Clock } from '../ports/index.js';

export { SystemClock } from '../ports/index.js';

/**
 * Time that moves only when someone sleeps: a two-hour order runs in
 * milliseconds in the embedded demo and in backtests. Meant for one
 * execution at a time; concurrent sleepers each jump the clock forward.
 */
export class VirtualClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    if (ms > 0) this.t += ms;
    // Yield a full turn of the event loop so work already queued (venue
    // reports, fills) is applied before time jumps past it.
    await new Promise<void>((r) => setImmediate(r));
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
