import type { Clock, Timer, TimerHandle } from './clock.js';

interface Scheduled {
  id: number;
  at: number;
  fn: () => void;
}

/**
 * A deterministic clock and timer for tests and replays: time only moves when `advance` is called,
 * and due callbacks run in time order (ties in scheduling order).
 */
export class ManualClock implements Clock, Timer {
  private current: number;
  private nextId = 1;
  private queue: Scheduled[] = [];

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Resolves once `advance` has moved time past `ms` from now, or early when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const handle = this.setTimeout(done, ms);
      const clear = () => this.clearTimeout(handle);
      function done() {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }
      function onAbort() {
        clear();
        resolve();
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const entry = { id: this.nextId++, at: this.current + Math.max(0, ms), fn };
    this.queue.push(entry);
    return entry.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.queue = this.queue.filter((e) => e.id !== handle);
  }

  /** Number of callbacks still scheduled. */
  pending(): number {
    return this.queue.length;
  }

  /** Moves time forward by `ms`, running every callback that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let next: Scheduled | undefined;
      for (const e of this.queue) {
        if (
          e.at <= target &&
          (next === undefined || e.at < next.at || (e.at === next.at && e.id < next.id))
        ) {
          next = e;
        }
      }
      if (next === undefined) break;
      const due = next;
      this.queue = this.queue.filter((e) => e !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
  }

  /** Sets the time without running callbacks (for event-time driven tests). */
  set(ms: number): void {
    this.current = ms;
  }
}
