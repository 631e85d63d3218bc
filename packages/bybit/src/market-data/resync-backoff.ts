export interface ResyncBackoffOptions {
  /** Wait after the first attempt before retrying (default 250 ms). */
  initialMs?: number;
  /** The wait doubles per attempt up to this (default 5000 ms). */
  maxMs?: number;
}

/**
 * How long a book resync waits before its next attempt. A venue that keeps answering with an
 * unusable snapshot (crossed, or repeating a book that does not move) is asked again, but less and
 * less often, so a lasting venue fault costs one resubscribe every `maxMs` and not a storm.
 */
export class ResyncBackoff {
  readonly initialMs: number;
  readonly maxMs: number;

  constructor(options: ResyncBackoffOptions = {}) {
    this.initialMs = Math.max(1, options.initialMs ?? 250);
    this.maxMs = Math.max(this.initialMs, options.maxMs ?? 5000);
  }

  /** Wait after `attempts` attempts (>= 1): initialMs, 2 x initialMs, ... capped at maxMs. */
  delayAfter(attempts: number): number {
    const doublings = Math.min(Math.max(0, attempts - 1), 30);
    return Math.min(this.maxMs, this.initialMs * 2 ** doublings);
  }
}
