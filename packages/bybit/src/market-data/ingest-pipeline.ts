import type { Clock } from '../common/clock.js';
import { systemClock } from '../common/clock.js';
import { parseLiquidations, parseOrderbook, parseTicker, parseTrades } from '../common/parse.js';
import type { FeatureEngineOptions } from './features.js';
import { FeatureEngine } from './features.js';
import type { ResyncReason } from './ingest-metrics.js';
import { IngestMetrics } from './ingest-metrics.js';
import type { ApplyOutcome } from './l2-book.js';
import { L2Book } from './l2-book.js';
import type { Liquidation, TickerUpdate, Trade } from './types.js';

export type BookDepth = 1 | 50 | 200 | 500 | 1000;

/** Per-symbol state owned by the pipeline. */
export interface SymbolMarketState {
  readonly symbol: string;
  readonly book: L2Book;
  readonly features: FeatureEngine;
}

/** Callbacks out of the ingest path. They run synchronously inside message handling: keep them cheap. */
export interface IngestHooks {
  /** The book cannot be trusted until a fresh snapshot arrives: resubscribe. */
  onResyncNeeded?(symbol: string, reason: ResyncReason): void;
  /** A book message was applied (snapshot, restart or delta). */
  onBookApplied?(state: SymbolMarketState, outcome: ApplyOutcome): void;
  onTrades?(symbol: string, trades: readonly Trade[]): void;
  onTicker?(symbol: string, update: TickerUpdate): void;
  onLiquidations?(symbol: string, liquidations: readonly Liquidation[]): void;
}

export interface IngestPipelineOptions {
  symbols: readonly string[];
  /** Orderbook depth subscribed (default 50). */
  depth?: BookDepth;
  /** `u` continuity rule for books (default `strict`); see `L2BookOptions.sequenceCheck`. */
  sequenceCheck?: 'strict' | 'monotonic';
  clock?: Clock;
  metrics?: IngestMetrics;
  features?: FeatureEngineOptions;
  hooks?: IngestHooks;
}

type RouteKind = 'book' | 'trade' | 'ticker' | 'liquidation';

interface Route {
  kind: RouteKind;
  state: SymbolMarketState;
}

export function orderbookTopic(depth: BookDepth, symbol: string): string {
  return `orderbook.${depth}.${symbol}`;
}

/**
 * The in-process ingest path: an already-decoded Bybit public message in, book, features and
 * metrics updated. Transport-free, so the live feed, replays and the benchmark run the same code.
 */
export class IngestPipeline {
  readonly metrics: IngestMetrics;
  readonly depth: BookDepth;
  private readonly clock: Clock;
  private readonly hooks: IngestHooks;
  private readonly states = new Map<string, SymbolMarketState>();
  // Routing by the exact topic string: one map lookup per message, no string splitting.
  private readonly routes = new Map<string, Route>();

  constructor(options: IngestPipelineOptions) {
    this.depth = options.depth ?? 50;
    this.clock = options.clock ?? systemClock;
    this.metrics = options.metrics ?? new IngestMetrics({ clock: this.clock });
    this.hooks = options.hooks ?? {};
    for (const symbol of options.symbols) {
      // Capacity for the whole subscribed depth plus levels in flight, so the hot path never grows arrays.
      const book = new L2Book(symbol, {
        initialCapacity: Math.max(64, this.depth * 2),
        sequenceCheck: options.sequenceCheck,
      });
      const state: SymbolMarketState = { symbol, book, features: new FeatureEngine(book, options.features) };
      this.states.set(symbol, state);
      this.routes.set(orderbookTopic(this.depth, symbol), { kind: 'book', state });
      this.routes.set(`publicTrade.${symbol}`, { kind: 'trade', state });
      this.routes.set(`tickers.${symbol}`, { kind: 'ticker', state });
      this.routes.set(`allLiquidation.${symbol}`, { kind: 'liquidation', state });
    }
  }

  /** Every topic this pipeline understands, for subscribing. */
  topics(): string[] {
    return [...this.routes.keys()];
  }

  bookTopic(symbol: string): string {
    return orderbookTopic(this.depth, symbol);
  }

  symbols(): string[] {
    return [...this.states.keys()];
  }

  state(symbol: string): SymbolMarketState | undefined {
    return this.states.get(symbol);
  }

  /** Handles one decoded message. Returns false when the message was not for a known topic. */
  handle(msg: unknown): boolean {
    const topic = (msg as { topic?: unknown } | null)?.topic;
    if (typeof topic !== 'string') return false;
    const route = this.routes.get(topic);
    if (route === undefined) return false;
    const now = this.clock.now();
    this.metrics.recordMessage(now);
    switch (route.kind) {
      case 'book':
        this.onBook(route.state, msg, now);
        break;
      case 'trade':
        this.onTrade(route.state, msg);
        break;
      case 'ticker':
        this.onTicker(route.state, msg);
        break;
      case 'liquidation':
        this.onLiquidation(route.state, msg);
        break;
    }
    return true;
  }

  private onBook(state: SymbolMarketState, msg: unknown, now: number): void {
    const metrics = this.metrics;
    metrics.recordBookMessage();
    const update = parseOrderbook(msg);
    if (update === undefined) {
      metrics.malformed++;
      state.book.invalidate();
      this.hooks.onResyncNeeded?.(state.symbol, 'malformed');
      return;
    }
    const outcome = state.book.apply(update, now);
    switch (outcome) {
      case 'applied':
      case 'snapshot':
        break;
      case 'restart':
        metrics.restarts++;
        break;
      case 'duplicate':
        metrics.duplicates++;
        return;
      case 'awaiting-snapshot':
        metrics.droppedWhileResyncing++;
        return;
      case 'gap':
        metrics.gaps++;
        this.hooks.onResyncNeeded?.(state.symbol, 'gap');
        return;
      case 'crossed':
        metrics.crossed++;
        this.hooks.onResyncNeeded?.(state.symbol, 'crossed');
        return;
      case 'malformed':
        metrics.malformed++;
        this.hooks.onResyncNeeded?.(state.symbol, 'malformed');
        return;
    }
    // A snapshot that only repeats the book's `u` leaves updatedAt where it was (see L2Book.updatedAt).
    if (state.book.updatedAt === now) metrics.recordBookApplied(state.symbol, now);
    state.features.onBook();
    this.hooks.onBookApplied?.(state, outcome);
  }

  private onTrade(state: SymbolMarketState, msg: unknown): void {
    this.metrics.tradeMessages++;
    const trades = parseTrades(msg);
    if (trades === undefined) {
      this.metrics.malformed++;
      return;
    }
    state.features.onTrades(trades);
    this.hooks.onTrades?.(state.symbol, trades);
  }

  private onTicker(state: SymbolMarketState, msg: unknown): void {
    this.metrics.tickerMessages++;
    const update = parseTicker(msg);
    if (update === undefined) {
      this.metrics.malformed++;
      return;
    }
    state.features.onTicker(update);
    this.hooks.onTicker?.(state.symbol, update);
  }

  private onLiquidation(state: SymbolMarketState, msg: unknown): void {
    this.metrics.liquidationMessages++;
    const liquidations = parseLiquidations(msg);
    if (liquidations === undefined) {
      this.metrics.malformed++;
      return;
    }
    state.features.onLiquidations(liquidations);
    this.hooks.onLiquidations?.(state.symbol, liquidations);
  }
}
