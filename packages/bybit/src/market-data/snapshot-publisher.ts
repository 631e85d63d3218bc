import type { Clock, Timer, TimerHandle } from '../common/clock.js';
import { systemClock, systemTimer } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import { silentLogger } from '../common/logger.js';
import { describeError } from '../common/safe-error.js';

/** Receives each published value. May be async; a key is never published again while its sink call is pending. */
export type SnapshotSink<T> = (key: string, value: T) => void | Promise<void>;

/** What ingestion reports per update: just enough to decide whether a change is significant. */
export interface ChangeProbe {
  mid: number;
  spreadBps: number;
}

export interface SignificanceOptions {
  /** Publish at once when the mid moved more than this since the last publish (default 2 bps). */
  midMoveBps?: number;
  /** Publish at once when the spread changed by more than this (default 1 bp). */
  spreadChangeBps?: number;
}

export interface SnapshotPublisherOptions<T> {
  /** Builds the current value for a key, pulled only when publishing; undefined skips the key. */
  source: (key: string) => T | undefined;
  sink: SnapshotSink<T>;
  clock?: Clock;
  timer?: Timer;
  /** Publishing cadence for changed keys (default 100 ms). */
  cadenceMs?: number;
  /** An unchanged key is still republished after this long, so time-based fields stay fresh (default 1000 ms). */
  idleRepublishMs?: number;
  significance?: SignificanceOptions;
  /** Called with the age of the newest data included, measured when the sink completes (ms). */
  onPublished?: (key: string, latencyMs: number) => void;
  logger?: Logger;
}

interface KeyState {
  dirty: boolean;
  /** Clock time of the newest unpublished update. */
  lastChangeAt: number;
  lastPublishAt: number;
  inFlight: boolean;
  immediateWanted: boolean;
  published: boolean;
  /** Probe values at the last publish, for the significance test. */
  lastMid: number;
  lastSpreadBps: number;
  /** Newest probe values reported by ingestion. */
  probeMid: number;
  probeSpreadBps: number;
}

/**
 * Publishes the latest value per key, decoupled from ingestion.
 *
 * Ingestion only calls `notify` (O(1), no allocation after the first call for a key). The value is
 * pulled from `source` when a publish actually happens, so the latest state always wins and memory is
 * one small record per key whatever the message rate or the sink speed: there is no queue.
 */
export class SnapshotPublisher<T> {
  private readonly source: (key: string) => T | undefined;
  private readonly sink: SnapshotSink<T>;
  private readonly clock: Clock;
  private readonly timer: Timer;
  private readonly cadenceMs: number;
  private readonly idleRepublishMs: number;
  private readonly midMoveBps: number;
  private readonly spreadChangeBps: number;
  private readonly onPublished: ((key: string, latencyMs: number) => void) | undefined;
  private readonly logger: Logger;
  private readonly keys = new Map<string, KeyState>();
  private tickHandle: TimerHandle | undefined;
  private immediateHandle: TimerHandle | undefined;
  private running = false;

  constructor(options: SnapshotPublisherOptions<T>) {
    this.source = options.source;
    this.sink = options.sink;
    this.clock = options.clock ?? systemClock;
    this.timer = options.timer ?? systemTimer;
    this.cadenceMs = options.cadenceMs ?? 100;
    this.idleRepublishMs = options.idleRepublishMs ?? 1000;
    this.midMoveBps = options.significance?.midMoveBps ?? 2;
    this.spreadChangeBps = options.significance?.spreadChangeBps ?? 1;
    this.onPublished = options.onPublished;
    this.logger = options.logger ?? silentLogger;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduleTick();
  }

  stop(): void {
    this.running = false;
    if (this.tickHandle !== undefined) this.timer.clearTimeout(this.tickHandle);
    if (this.immediateHandle !== undefined) this.timer.clearTimeout(this.immediateHandle);
    this.tickHandle = undefined;
    this.immediateHandle = undefined;
  }

  /** Records that `key` changed; schedules an immediate publish when the change is significant. */
  notify(key: string, probe?: ChangeProbe): void {
    let s = this.keys.get(key);
    if (s === undefined) {
      s = {
        dirty: false,
        lastChangeAt: 0,
        lastPublishAt: -Infinity,
        inFlight: false,
        immediateWanted: false,
        published: false,
        lastMid: NaN,
        lastSpreadBps: NaN,
        probeMid: NaN,
        probeSpreadBps: NaN,
      };
      this.keys.set(key, s);
    }
    s.dirty = true;
    s.lastChangeAt = this.clock.now();
    if (probe !== undefined) {
      s.probeMid = probe.mid;
      s.probeSpreadBps = probe.spreadBps;
    }
    if (probe !== undefined && !s.immediateWanted && this.isSignificant(s, probe)) {
      s.immediateWanted = true;
      this.scheduleImmediate();
    }
  }

  private isSignificant(s: KeyState, probe: ChangeProbe): boolean {
    if (!s.published) return true;
    if (!(probe.mid > 0)) return false;
    const moveBps = (Math.abs(probe.mid - s.lastMid) / s.lastMid) * 1e4;
    return moveBps > this.midMoveBps || Math.abs(probe.spreadBps - s.lastSpreadBps) > this.spreadChangeBps;
  }

  private scheduleTick(): void {
    if (!this.running) return;
    this.tickHandle = this.timer.setTimeout(() => {
      this.tickHandle = undefined;
      this.flush(false);
      this.scheduleTick();
    }, this.cadenceMs);
  }

  private scheduleImmediate(): void {
    // Never publish inside `notify`: that is the ingestion call stack.
    if (!this.running || this.immediateHandle !== undefined) return;
    this.immediateHandle = this.timer.setTimeout(() => {
      this.immediateHandle = undefined;
      this.flush(true);
    }, 0);
  }

  /** Publishes due keys now: changed keys on the cadence, idle keys after `idleRepublishMs`. */
  flush(onlyImmediate: boolean): void {
    const now = this.clock.now();
    for (const [key, s] of this.keys) {
      if (s.inFlight) continue;
      const due = onlyImmediate
        ? s.immediateWanted
        : s.dirty || s.immediateWanted || now - s.lastPublishAt >= this.idleRepublishMs;
      if (due) this.publish(key, s, now);
    }
  }

  private publish(key: string, s: KeyState, now: number): void {
    const value = this.source(key);
    s.immediateWanted = false;
    if (value === undefined) return;
    // Latency is only meaningful for new data; an idle republish carries old data on purpose.
    const dataAt = s.dirty ? s.lastChangeAt : undefined;
    s.dirty = false;
    s.lastPublishAt = now;
    s.lastMid = s.probeMid;
    s.lastSpreadBps = s.probeSpreadBps;
    s.published = true;
    let result: void | Promise<void>;
    try {
      result = this.sink(key, value);
    } catch (e) {
      this.logger.error('snapshot sink threw', { key, error: describeError(e) });
      return;
    }
    if (result instanceof Promise) {
      s.inFlight = true;
      result.then(
        () => this.completed(key, s, dataAt),
        (e: unknown) => {
          this.logger.error('snapshot sink rejected', { key, error: describeError(e) });
          this.completed(key, s, undefined);
        },
      );
    } else if (dataAt !== undefined) {
      this.onPublished?.(key, Math.max(0, this.clock.now() - dataAt));
    }
  }

  private completed(key: string, s: KeyState, dataAt: number | undefined): void {
    s.inFlight = false;
    if (dataAt !== undefined) this.onPublished?.(key, Math.max(0, this.clock.now() - dataAt));
    // A significant change that arrived while the sink was busy goes out now, not at the next tick.
    if (s.immediateWanted) this.scheduleImmediate();
  }
}
