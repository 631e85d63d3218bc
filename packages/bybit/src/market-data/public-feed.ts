import { RestClientV5, WebsocketClient } from 'bybit-api';
import type { Clock, Timer, TimerHandle } from '../common/clock.js';
import { systemClock, systemTimer } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import { silentLogger, toSdkLogger } from '../common/logger.js';
import { parseKlines, parseRestOrderbook } from '../common/parse.js';
import { describeError } from '../common/safe-error.js';
import type { BybitCategory } from '../common/venue-types.js';
import type { BookDivergence } from './book-divergence.js';
import { compareBook } from './book-divergence.js';
import type { FeatureEngineOptions, MarketFeatures } from './features.js';
import type { ResyncReason } from './ingest-metrics.js';
import { IngestMetrics } from './ingest-metrics.js';
import type { SymbolMarketState } from './ingest-pipeline.js';
import { IngestPipeline } from './ingest-pipeline.js';
import type { ApplyOutcome, BookState, L2Book } from './l2-book.js';
import type { ResyncBackoffOptions } from './resync-backoff.js';
import { ResyncBackoff } from './resync-backoff.js';
import type { SignificanceOptions, SnapshotSink } from './snapshot-publisher.js';
import { SnapshotPublisher } from './snapshot-publisher.js';
import type { Liquidation, TickerUpdate, Trade } from './types.js';

type FeedListeners = {
  update: (msg: unknown) => void;
  open: () => void;
  reconnect: () => void;
  reconnected: () => void;
  close: () => void;
  exception: (e: unknown) => void;
};

/** Everything the feed reports, as one discriminated union for a single injected sink. */
export type FeedEvent =
  | { type: 'book'; symbol: string; outcome: ApplyOutcome; book: L2Book }
  | { type: 'trades'; symbol: string; trades: readonly Trade[] }
  | { type: 'ticker'; symbol: string; update: TickerUpdate }
  | { type: 'liquidations'; symbol: string; liquidations: readonly Liquidation[] }
  | { type: 'resync'; symbol: string; reason: ResyncReason }
  | { type: 'connection'; state: 'open' | 'reconnecting' | 'reconnected' | 'closed' }
  | { type: 'backfill'; symbol: string; klines: number };

/** One book's fitness for trading, as `/readyz` and operators need it. */
export interface BookHealth {
  symbol: string;
  /** Live, two-sided and not crossed. */
  usable: boolean;
  state: BookState;
  /** Local ms of the last applied update (see `L2Book.updatedAt`); null before the first. */
  updatedAt: number | null;
  /** ms since the last applied update (since `start()` before the first); null before `start()`. */
  ageMs: number | null;
  /** ageMs is over the limit `health()` was asked with. */
  stale: boolean;
  /** A resync is waiting for a usable snapshot. */
  resyncing: boolean;
  /** Resync attempts since the book last moved forward. */
  resyncAttempts: number;
}

export interface FeedHealth {
  /** Every book usable and none stale: the feed's data can be traded on. */
  ready: boolean;
  books: BookHealth[];
}

export interface CrossCheckResult extends BookDivergence {
  symbol: string;
  /** False when the local book was resyncing or empty; the divergence is then not recorded in metrics. */
  bookUsable: boolean;
  localUpdateId: number;
  localTsEvent: number;
  restUpdateId: number;
  restTsEvent: number;
}

export interface BybitPublicFeedOptions {
  symbols: readonly string[];
  /** Default `linear`. `allLiquidation` is only subscribed for linear and inverse. */
  category?: BybitCategory;
  /** Orderbook depth topic: 50 (20 ms pushes) or 200 (100 ms). Default 50. */
  depth?: 50 | 200;
  /** `u` continuity rule (default `strict`: any skipped `u` is a gap); see `L2BookOptions.sequenceCheck`. */
  sequenceCheck?: 'strict' | 'monotonic';
  /** WebSocket URL override for every connection (e.g. a local server). Ignored when `wsClient` is given. */
  wsUrl?: string;
  /** REST base URL override, used verbatim. Ignored when `restClient` is given. */
  restBaseUrl?: string;
  testnet?: boolean;
  /** A pre-built client, e.g. a subclass overriding `getWsUrl`. */
  wsClient?: WebsocketClient;
  restClient?: RestClientV5;
  /** SDK heartbeat and reconnect settings (SDK defaults: 10000 / 1000 / 500 ms). */
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  reconnectTimeoutMs?: number;
  clock?: Clock;
  timer?: Timer;
  /**
   * A book without an applied update for this long is stale: the watchdog resyncs it and `health()`
   * reports it not ready (default 10 s). Messages dropped or rejected do not count as updates.
   */
  staleAfterMs?: number;
  /** How often the staleness watchdog looks (default staleAfterMs / 4). */
  watchdogIntervalMs?: number;
  /** Wait between the attempts of one resync (default 250 ms doubling up to 5 s). */
  resyncBackoff?: ResyncBackoffOptions;
  /** Minutes of 1-minute klines fetched over REST at start (default 1440; 0 disables). */
  klineBackfillMinutes?: number;
  features?: FeatureEngineOptions;
  /** Cross-checks diverging more than this count as divergent in metrics (default 0). */
  divergenceThreshold?: number;
  /** When given, features are published through a SnapshotPublisher to this sink. */
  snapshots?: {
    sink: SnapshotSink<MarketFeatures>;
    cadenceMs?: number;
    idleRepublishMs?: number;
    significance?: SignificanceOptions;
  };
  /** Called synchronously for every feed event; keep it cheap. */
  onEvent?: (event: FeedEvent) => void;
  logger?: Logger;
}

/** Progress of one book's resync. */
interface ResyncState {
  /** Waiting for a usable snapshot; further faults meanwhile join this resync. */
  pending: boolean;
  reason: ResyncReason;
  /** Attempts since the book last moved forward: a confirmed-but-frozen book keeps backing off. */
  attempts: number;
  lastAttemptAt: number;
  retry: TimerHandle | undefined;
  /** `L2Book.updatedAt` last seen, to notice the book moving forward. */
  seenUpdatedAt: number;
}

/**
 * Bybit public market data for a set of symbols: orderbook, trades, tickers and liquidations over
 * the bybit-api WebsocketClient, 1-minute kline backfill and book cross-checks over RestClientV5.
 *
 * Recovery: a gap in `u`, a crossed book, an unreadable message or a stale book (watchdog) all
 * lead to a resync, which for Bybit means unsubscribing and resubscribing the orderbook topic so the
 * venue sends a fresh snapshot. A resync lasts until a usable snapshot arrives: a snapshot that is
 * itself crossed, or none at all, is asked for again with back-off. After a reconnect the SDK
 * resubscribes every topic itself, which also brings snapshots; books are invalidated meanwhile so
 * no delta lands on a stale book. Staleness runs from the last applied update only, so a topic
 * whose messages are all being dropped is as stale as a silent one.
 */
export class BybitPublicFeed {
  readonly metrics: IngestMetrics;
  readonly pipeline: IngestPipeline;
  readonly ws: WebsocketClient;
  readonly rest: RestClientV5;
  private readonly category: BybitCategory;
  private readonly clock: Clock;
  private readonly timer: Timer;
  private readonly logger: Logger;
  private readonly staleAfterMs: number;
  private readonly watchdogIntervalMs: number;
  private readonly klineBackfillMinutes: number;
  private readonly onEvent: ((event: FeedEvent) => void) | undefined;
  private readonly publisher: SnapshotPublisher<MarketFeatures> | undefined;
  private readonly backoff: ResyncBackoff;
  private readonly resyncs = new Map<string, ResyncState>();
  private watchdogHandle: TimerHandle | undefined;
  private running = false;
  /** Our SDK listeners, removed on stop without touching listeners others attached to an injected client. */
  private readonly listeners: [string, (...args: unknown[]) => void][] = [];

  constructor(options: BybitPublicFeedOptions) {
    this.category = options.category ?? 'linear';
    this.clock = options.clock ?? systemClock;
    this.timer = options.timer ?? systemTimer;
    this.logger = options.logger ?? silentLogger;
    this.staleAfterMs = options.staleAfterMs ?? 10_000;
    this.watchdogIntervalMs = options.watchdogIntervalMs ?? Math.max(10, Math.floor(this.staleAfterMs / 4));
    this.klineBackfillMinutes = options.klineBackfillMinutes ?? 1440;
    this.backoff = new ResyncBackoff(options.resyncBackoff);
    this.onEvent = options.onEvent;
    this.metrics = new IngestMetrics({ clock: this.clock, divergenceThreshold: options.divergenceThreshold });

    const snapshots = options.snapshots;
    if (snapshots !== undefined) {
      this.publisher = new SnapshotPublisher<MarketFeatures>({
        source: (symbol) => this.pipeline.state(symbol)?.features.compute(this.clock.now()),
        sink: snapshots.sink,
        clock: this.clock,
        timer: this.timer,
        cadenceMs: snapshots.cadenceMs,
        idleRepublishMs: snapshots.idleRepublishMs,
        significance: snapshots.significance,
        onPublished: (_symbol, latencyMs) => this.metrics.recordPublish(latencyMs),
        logger: this.logger,
      });
    }

    this.pipeline = new IngestPipeline({
      symbols: options.symbols,
      depth: options.depth ?? 50,
      sequenceCheck: options.sequenceCheck,
      clock: this.clock,
      metrics: this.metrics,
      features: options.features,
      hooks: {
        onResyncNeeded: (symbol, reason) => this.resync(symbol, reason),
        onBookApplied: (state, outcome) => this.onBookApplied(state, outcome),
        onTrades: (symbol, trades) => this.onEvent?.({ type: 'trades', symbol, trades }),
        onTicker: (symbol, update) => this.onEvent?.({ type: 'ticker', symbol, update }),
        onLiquidations: (symbol, liquidations) =>
          this.onEvent?.({ type: 'liquidations', symbol, liquidations }),
      },
    });

    const sdkLogger = toSdkLogger(this.logger);
    this.ws =
      options.wsClient ??
      new WebsocketClient(
        {
          market: 'v5',
          testnet: options.testnet,
          ...(options.wsUrl !== undefined ? { wsUrl: options.wsUrl } : {}),
          ...(options.pingIntervalMs !== undefined ? { pingInterval: options.pingIntervalMs } : {}),
          ...(options.pongTimeoutMs !== undefined ? { pongTimeout: options.pongTimeoutMs } : {}),
          ...(options.reconnectTimeoutMs !== undefined
            ? { reconnectTimeout: options.reconnectTimeoutMs }
            : {}),
        },
        sdkLogger,
      );
    this.rest =
      options.restClient ??
      new RestClientV5({
        testnet: options.testnet,
        ...(options.restBaseUrl !== undefined ? { baseUrl: options.restBaseUrl } : {}),
      });
    for (const symbol of this.pipeline.symbols()) {
      this.resyncs.set(symbol, {
        pending: false,
        reason: 'manual',
        attempts: 0,
        lastAttemptAt: 0,
        retry: undefined,
        seenUpdatedAt: 0,
      });
    }
    this.attachWsListeners();
  }

  /** Topics subscribed for the configured symbols. */
  topics(): string[] {
    const out: string[] = [];
    for (const symbol of this.pipeline.symbols()) {
      out.push(this.pipeline.bookTopic(symbol), `publicTrade.${symbol}`, `tickers.${symbol}`);
      if (this.category !== 'spot') out.push(`allLiquidation.${symbol}`);
    }
    return out;
  }

  book(symbol: string): L2Book | undefined {
    return this.pipeline.state(symbol)?.book;
  }

  /** Current features of `symbol`; undefined while its book is not usable. */
  features(symbol: string): MarketFeatures | undefined {
    return this.pipeline.state(symbol)?.features.compute(this.clock.now());
  }

  /**
   * Subscribes, starts the watchdog and the publisher, then backfills klines. Resolves when the
   * backfill is done; a backfill failure is logged, not thrown, since live data still flows.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const now = this.clock.now();
    for (const symbol of this.pipeline.symbols()) this.metrics.trackBook(symbol, now);
    await this.subscribe(this.topics());
    this.scheduleWatchdog();
    this.publisher?.start();
    if (this.klineBackfillMinutes > 0) {
      await Promise.all(this.pipeline.symbols().map((symbol) => this.backfillKlines(symbol)));
    }
  }

  /** Stops publishing and watching, detaches from the SDK and closes its connections. Final. */
  stop(): void {
    this.running = false;
    if (this.watchdogHandle !== undefined) this.timer.clearTimeout(this.watchdogHandle);
    this.watchdogHandle = undefined;
    for (const r of this.resyncs.values()) this.clearRetry(r);
    this.publisher?.stop();
    for (const [event, listener] of this.listeners.splice(0)) this.ws.off(event, listener);
    this.ws.closeAll(true);
  }

  /**
   * Resynchronises one book: marks it unusable and resubscribes its orderbook topic to get a fresh
   * snapshot, then again with back-off until a usable snapshot arrives. A fault while a resync is
   * under way joins it (one fault, one resync); its retries are what recover from a venue that
   * keeps sending unusable snapshots.
   */
  resync(symbol: string, reason: ResyncReason): void {
    const state = this.pipeline.state(symbol);
    const r = this.resyncs.get(symbol);
    if (state === undefined || r === undefined) return;
    state.book.invalidate();
    if (r.pending) return;
    r.pending = true;
    r.reason = reason;
    this.metrics.recordResync(reason);
    this.onEvent?.({ type: 'resync', symbol, reason });
    this.logger.warn('orderbook resync', { symbol, reason });
    // After a reconnect the SDK resubscribes by itself; resubscribing here too would double the
    // snapshots. Its snapshot still counts as the first attempt, and the retries are ours.
    this.attempt(symbol, r, reason !== 'reconnect');
  }

  /** One resync attempt: resubscribe (unless the SDK does), then look again after the back-off. */
  private attempt(symbol: string, r: ResyncState, resubscribe: boolean): void {
    r.attempts++;
    r.lastAttemptAt = this.clock.now();
    this.metrics.recordResyncAttempt();
    if (resubscribe) {
      void this.resubscribe(this.pipeline.bookTopic(symbol)).catch((e: unknown) =>
        this.logger.error('orderbook resubscribe failed', { symbol, error: describeError(e) }),
      );
    }
    this.clearRetry(r);
    if (!this.running) return;
    r.retry = this.timer.setTimeout(() => {
      r.retry = undefined;
      if (!r.pending || !this.running) return;
      this.logger.warn('orderbook resync retry', { symbol, reason: r.reason, attempt: r.attempts + 1 });
      this.attempt(symbol, r, true);
    }, this.backoff.delayAfter(r.attempts));
  }

  private clearRetry(r: ResyncState): void {
    if (r.retry !== undefined) this.timer.clearTimeout(r.retry);
    r.retry = undefined;
  }

  /**
   * Whether each book can be traded on: usable, and its last applied update no older than `maxAgeMs`
   * (default `staleAfterMs`). A book that is resyncing, crossed, one-sided or frozen is not ready.
   */
  health(maxAgeMs: number = this.staleAfterMs): FeedHealth {
    const now = this.clock.now();
    const books: BookHealth[] = [];
    for (const symbol of this.pipeline.symbols()) {
      const book = this.pipeline.state(symbol)!.book;
      const r = this.resyncs.get(symbol)!;
      const ageMs = this.metrics.stalenessMs(symbol, now) ?? null;
      books.push({
        symbol,
        usable: book.isUsable(),
        state: book.state,
        updatedAt: book.updatedAt > 0 ? book.updatedAt : null,
        ageMs,
        stale: ageMs === null || ageMs > maxAgeMs,
        resyncing: r.pending,
        resyncAttempts: r.attempts,
      });
    }
    return { ready: this.running && books.every((b) => b.usable && !b.stale), books };
  }

  private async resubscribe(topic: string): Promise<void> {
    // Unsubscribe first and wait for it to be sent: the SDK skips a subscribe for a topic it still holds.
    await Promise.all(this.ws.unsubscribeV5(topic, this.category));
    await Promise.all(this.ws.subscribeV5(topic, this.category));
  }

  private async subscribe(topics: string[]): Promise<void> {
    try {
      await Promise.all(this.ws.subscribeV5(topics, this.category));
    } catch (e) {
      // Subscriptions are stored by the SDK and retried on (re)connect; a failed send is not fatal.
      this.logger.error('subscribe failed', { error: describeError(e) });
    }
  }

  private attachWsListeners(): void {
    const on = <E extends keyof FeedListeners>(event: E, listener: FeedListeners[E]): void => {
      this.ws.on(event as 'update', listener as (msg: unknown) => void);
      this.listeners.push([event, listener as (...args: unknown[]) => void]);
    };
    on('update', (msg: unknown) => {
      try {
        this.pipeline.handle(msg);
      } catch (e) {
        // A throw here would surface as an SDK "exception" carrying the raw message; contain it.
        this.logger.error('ingest failed', { error: describeError(e) });
      }
    });
    on('open', () => this.onEvent?.({ type: 'connection', state: 'open' }));
    on('reconnect', () => {
      this.metrics.reconnects++;
      this.onEvent?.({ type: 'connection', state: 'reconnecting' });
      for (const symbol of this.pipeline.symbols()) this.resync(symbol, 'reconnect');
    });
    on('reconnected', () => this.onEvent?.({ type: 'connection', state: 'reconnected' }));
    on('close', () => this.onEvent?.({ type: 'connection', state: 'closed' }));
    on('exception', (e: unknown) => this.logger.error('websocket exception', { error: describeError(e) }));
  }

  private onBookApplied(state: SymbolMarketState, outcome: ApplyOutcome): void {
    const book = state.book;
    const r = this.resyncs.get(state.symbol)!;
    // A snapshot (or restart) that applied cleanly ends the resync; a crossed one never gets here.
    if (outcome !== 'applied' && r.pending) {
      r.pending = false;
      this.clearRetry(r);
    }
    if (book.updatedAt !== r.seenUpdatedAt) {
      r.seenUpdatedAt = book.updatedAt;
      r.attempts = 0;
    }
    this.publisher?.notify(state.symbol, { mid: book.midPrice(), spreadBps: book.spreadBps() });
    this.onEvent?.({ type: 'book', symbol: state.symbol, outcome, book });
  }

  private scheduleWatchdog(): void {
    if (!this.running) return;
    this.watchdogHandle = this.timer.setTimeout(() => {
      this.watchdogHandle = undefined;
      this.checkStaleness();
      this.scheduleWatchdog();
    }, this.watchdogIntervalMs);
  }

  /**
   * Resyncs every book without an applied update for longer than `staleAfterMs`. A book a resync
   * already confirmed unchanged (the venue's book is not moving) is asked again only after the
   * back-off; a resync under way has its own retries.
   */
  checkStaleness(): void {
    const now = this.clock.now();
    for (const symbol of this.pipeline.symbols()) {
      const r = this.resyncs.get(symbol)!;
      if (r.pending) continue;
      const age = this.metrics.stalenessMs(symbol, now);
      if (age === undefined || age <= this.staleAfterMs) continue;
      if (r.attempts > 0 && now - r.lastAttemptAt < this.backoff.delayAfter(r.attempts)) continue;
      this.resync(symbol, 'stale');
    }
  }

  /** Fetches `klineBackfillMinutes` of 1-minute klines (newest pages first) into the feature engine. */
  async backfillKlines(symbol: string): Promise<number> {
    const state = this.pipeline.state(symbol);
    if (state === undefined || this.klineBackfillMinutes <= 0) return 0;
    const now = this.clock.now();
    const start = now - this.klineBackfillMinutes * 60_000;
    let end = now;
    let fetched = 0;
    try {
      while (end > start && fetched < this.klineBackfillMinutes) {
        const res = await this.rest.getKline({
          category: this.category,
          symbol,
          interval: '1',
          start,
          end,
          limit: Math.min(1000, this.klineBackfillMinutes - fetched),
        });
        if (res.retCode !== 0) {
          this.logger.error('kline backfill rejected', { symbol, retCode: res.retCode, retMsg: res.retMsg });
          break;
        }
        const klines = parseKlines(res.result.list as unknown as string[][]);
        if (klines.length === 0) break;
        state.features.onKlines(klines, now);
        fetched += klines.length;
        end = klines[0]!.startMs - 1;
      }
    } catch (e) {
      this.logger.error('kline backfill failed', { symbol, error: describeError(e) });
    }
    this.onEvent?.({ type: 'backfill', symbol, klines: fetched });
    return fetched;
  }

  /**
   * Compares the local book with REST `/v5/market/orderbook` over `levels` per side (default: the
   * subscribed depth) and records the divergence. Both are snapshots of a moving book taken at
   * slightly different instants, so a small non-zero value on a busy book is expected.
   */
  async crossCheck(symbol: string, levels?: number): Promise<CrossCheckResult> {
    const state = this.pipeline.state(symbol);
    if (state === undefined) throw new Error(`unknown symbol ${symbol}`);
    const limit = levels ?? this.pipeline.depth;
    let response: Awaited<ReturnType<RestClientV5['getOrderbook']>>;
    try {
      response = await this.rest.getOrderbook({ category: this.category, symbol, limit });
    } catch (e) {
      throw new Error(`orderbook cross-check request failed: ${describeError(e)}`);
    }
    if (response.retCode !== 0) {
      throw new Error(`orderbook cross-check rejected: retCode=${response.retCode} ${response.retMsg}`);
    }
    const rest = parseRestOrderbook(response.result);
    if (rest === undefined) throw new Error('orderbook cross-check: unreadable response');
    const book = state.book;
    const bookUsable = book.isUsable();
    const divergence = compareBook(book.bids, book.asks, rest.bids, rest.asks, limit);
    if (bookUsable) this.metrics.recordDivergence(divergence.divergence);
    return {
      symbol,
      bookUsable,
      localUpdateId: book.updateId,
      localTsEvent: book.tsEvent,
      restUpdateId: rest.updateId,
      restTsEvent: rest.tsEvent,
      ...divergence,
    };
  }
}
