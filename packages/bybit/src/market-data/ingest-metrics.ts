import type { Clock } from '../common/clock.js';
import { systemClock } from '../common/clock.js';

export type ResyncReason = 'gap' | 'crossed' | 'malformed' | 'stale' | 'reconnect' | 'manual';

/** A point-in-time copy of the ingest counters; plain data, safe to serialise. */
export interface IngestMetricsSnapshot {
  tsMs: number;
  messagesTotal: number;
  /** Messages over the last complete seconds of the rate window, per second. */
  messagesPerSecond: number;
  bookMessages: number;
  tradeMessages: number;
  tickerMessages: number;
  liquidationMessages: number;
  /** Messages that could not be parsed or applied. */
  malformed: number;
  /** `u` jumped ahead: updates lost. */
  gaps: number;
  /** `u` at or below the last applied one: dropped. */
  duplicates: number;
  /** `u=1` venue restarts handled. */
  restarts: number;
  crossed: number;
  /** Deltas dropped while a book waited for its snapshot. */
  droppedWhileResyncing: number;
  /** Resyncs started (one per fault, by reason); each may take several attempts. */
  resyncs: number;
  resyncsByReason: Record<ResyncReason, number>;
  /** Resubscribes sent (or left to the SDK after a reconnect) to get a fresh snapshot, retries included. */
  resyncAttempts: number;
  reconnects: number;
  /** Longest observed time without an applied update on a book (ms). */
  maxStalenessMs: number;
  /**
   * Time since the last applied update on the stalest book (ms). Dropped, duplicate or rejected
   * messages do not count: a topic that keeps talking while its book is unusable is still stale.
   */
  currentStalenessMs: number;
  divergenceChecks: number;
  /** Cross-checks whose divergence exceeded the threshold. */
  divergentChecks: number;
  lastDivergence: number | null;
  maxDivergence: number | null;
  publishes: number;
  publishLatencyLastMs: number | null;
  publishLatencyMaxMs: number | null;
  publishLatencyP50Ms: number | null;
  publishLatencyP99Ms: number | null;
}

export interface IngestMetricsOptions {
  clock?: Clock;
  /** Seconds averaged by `messagesPerSecond` (default 10). */
  rateWindowSeconds?: number;
  /** Divergence above which a cross-check counts as divergent (default 0). */
  divergenceThreshold?: number;
  /** Publish latency samples kept for percentiles (default 1024). */
  latencySamples?: number;
}

/**
 * Counters for the ingest path. Recording is O(1) and allocation-free so it can sit on the hot path;
 * `snapshot()` builds the plain object.
 */
export class IngestMetrics {
  private readonly clock: Clock;
  private readonly rateWindow: number;
  private readonly divergenceThreshold: number;
  private readonly perSecond: Float64Array;
  private readonly secondStamps: Float64Array;
  private readonly latencies: Float64Array;
  private latencyCount = 0;
  /** Per symbol: local time of the last applied book update, or when tracking began before the first. */
  private readonly lastAppliedAt = new Map<string, number>();

  messagesTotal = 0;
  bookMessages = 0;
  tradeMessages = 0;
  tickerMessages = 0;
  liquidationMessages = 0;
  malformed = 0;
  gaps = 0;
  duplicates = 0;
  restarts = 0;
  crossed = 0;
  droppedWhileResyncing = 0;
  resyncs = 0;
  resyncAttempts = 0;
  readonly resyncsByReason: Record<ResyncReason, number> = {
    gap: 0,
    crossed: 0,
    malformed: 0,
    stale: 0,
    reconnect: 0,
    manual: 0,
  };
  reconnects = 0;
  maxStalenessMs = 0;
  divergenceChecks = 0;
  divergentChecks = 0;
  lastDivergence: number | null = null;
  maxDivergence: number | null = null;
  publishes = 0;
  publishLatencyLastMs: number | null = null;
  publishLatencyMaxMs: number | null = null;

  constructor(options: IngestMetricsOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.rateWindow = Math.max(1, options.rateWindowSeconds ?? 10);
    this.divergenceThreshold = options.divergenceThreshold ?? 0;
    // One extra slot for the still-open second, which the rate excludes.
    this.perSecond = new Float64Array(this.rateWindow + 1);
    this.secondStamps = new Float64Array(this.rateWindow + 1).fill(-1);
    this.latencies = new Float64Array(Math.max(1, options.latencySamples ?? 1024));
  }

  /** Every inbound data message. */
  recordMessage(nowMs: number): void {
    this.messagesTotal++;
    const sec = Math.floor(nowMs / 1000);
    const slot = sec % this.perSecond.length;
    if (this.secondStamps[slot] !== sec) {
      this.secondStamps[slot] = sec;
      this.perSecond[slot] = 0;
    }
    this.perSecond[slot] = this.perSecond[slot]! + 1;
  }

  /** A message on a book topic, whatever became of it. Counted only: it says nothing about freshness. */
  recordBookMessage(): void {
    this.bookMessages++;
  }

  /** A book update that moved `symbol`'s book forward: the staleness clock restarts here and only here. */
  recordBookApplied(symbol: string, nowMs: number): void {
    const last = this.lastAppliedAt.get(symbol);
    if (last !== undefined && nowMs - last > this.maxStalenessMs) this.maxStalenessMs = nowMs - last;
    this.lastAppliedAt.set(symbol, nowMs);
  }

  /** Starts measuring `symbol`'s staleness from `nowMs` until its first applied update (no-op once tracked). */
  trackBook(symbol: string, nowMs: number): void {
    if (!this.lastAppliedAt.has(symbol)) this.lastAppliedAt.set(symbol, nowMs);
  }

  /** Time since `symbol`'s last applied update (or since tracking began) in ms; undefined if untracked. */
  stalenessMs(symbol: string, nowMs: number): number | undefined {
    const last = this.lastAppliedAt.get(symbol);
    if (last === undefined) return undefined;
    const age = nowMs - last;
    if (age > this.maxStalenessMs) this.maxStalenessMs = age;
    return age;
  }

  recordResync(reason: ResyncReason): void {
    this.resyncs++;
    this.resyncsByReason[reason]++;
  }

  recordResyncAttempt(): void {
    this.resyncAttempts++;
  }

  recordDivergence(divergence: number): void {
    this.divergenceChecks++;
    if (divergence > this.divergenceThreshold) this.divergentChecks++;
    this.lastDivergence = divergence;
    if (this.maxDivergence === null || divergence > this.maxDivergence) this.maxDivergence = divergence;
  }

  recordPublish(latencyMs: number): void {
    this.publishes++;
    this.publishLatencyLastMs = latencyMs;
    if (this.publishLatencyMaxMs === null || latencyMs > this.publishLatencyMaxMs) {
      this.publishLatencyMaxMs = latencyMs;
    }
    this.latencies[this.latencyCount % this.latencies.length] = latencyMs;
    this.latencyCount++;
  }

  snapshot(): IngestMetricsSnapshot {
    const now = this.clock.now();
    const sec = Math.floor(now / 1000);
    let windowCount = 0;
    for (let slot = 0; slot < this.perSecond.length; slot++) {
      const s = this.secondStamps[slot]!;
      if (s < sec && s >= sec - this.rateWindow) windowCount += this.perSecond[slot]!;
    }
    let currentStalenessMs = 0;
    for (const symbol of this.lastAppliedAt.keys()) {
      currentStalenessMs = Math.max(currentStalenessMs, this.stalenessMs(symbol, now) ?? 0);
    }
    const n = Math.min(this.latencyCount, this.latencies.length);
    const sorted = Array.from(this.latencies.subarray(0, n)).sort((a, b) => a - b);
    const pct = (q: number): number | null => (n === 0 ? null : sorted[Math.min(n - 1, Math.floor(q * n))]!);
    return {
      tsMs: now,
      messagesTotal: this.messagesTotal,
      messagesPerSecond: windowCount / this.rateWindow,
      bookMessages: this.bookMessages,
      tradeMessages: this.tradeMessages,
      tickerMessages: this.tickerMessages,
      liquidationMessages: this.liquidationMessages,
      malformed: this.malformed,
      gaps: this.gaps,
      duplicates: this.duplicates,
      restarts: this.restarts,
      crossed: this.crossed,
      droppedWhileResyncing: this.droppedWhileResyncing,
      resyncs: this.resyncs,
      resyncsByReason: { ...this.resyncsByReason },
      resyncAttempts: this.resyncAttempts,
      reconnects: this.reconnects,
      maxStalenessMs: this.maxStalenessMs,
      currentStalenessMs,
      divergenceChecks: this.divergenceChecks,
      divergentChecks: this.divergentChecks,
      lastDivergence: this.lastDivergence,
      maxDivergence: this.maxDivergence,
      publishes: this.publishes,
      publishLatencyLastMs: this.publishLatencyLastMs,
      publishLatencyMaxMs: this.publishLatencyMaxMs,
      publishLatencyP50Ms: pct(0.5),
      publishLatencyP99Ms: pct(0.99),
    };
  }
}
