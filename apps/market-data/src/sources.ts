import type { NatsConnection } from '@nats-io/transport-node';
import { BybitPublicFeed, type MarketFeatures } from '@tranche/bybit';
import { eventTypes, snapshotSubject, tradeSubject, type marketdata } from '@tranche/contracts';
import { DEFAULT_INSTRUMENTS, JsonLogger, SYNTHETIC_START_PRICES, SyntheticMarket } from '@tranche/engine';
import type { RedisSnapshotCache } from '@tranche/infra';
import { encodeMessage } from '@tranche/transport';
import { featuresToSnapshot, tradeToWire } from './features-to-snapshot.js';
import type { SourceHealth } from './readiness.js';

/** Latest snapshot per symbol: requests are answered from here, and nothing ever queues behind it. */
export class LatestSnapshots {
  readonly bySymbol = new Map<string, marketdata.MarketSnapshot>();
}

export interface MarketSource {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Whether the source's books can be traded on now (usable, and moved within staleAfterMs), for /readyz. */
  health(staleAfterMs: number): SourceHealth;
}

/** Publishing shared by every source: NATS event, in-memory latest, Redis cache with TTL. */
export class SnapshotOutlet {
  constructor(
    private readonly nc: NatsConnection,
    private readonly cache: RedisSnapshotCache,
    readonly latest: LatestSnapshots,
  ) {}

  async snapshot(s: marketdata.MarketSnapshot): Promise<void> {
    this.latest.bySymbol.set(s.symbol, s);
    const { data, headers } = encodeMessage(eventTypes.snapshot, s);
    this.nc.publish(snapshotSubject(s.symbol), data, { headers });
    await this.cache.put(s).catch(() => undefined); // the cache is a convenience; publishing goes on without it
  }

  trade(t: marketdata.Trade): void {
    const { data, headers } = encodeMessage(eventTypes.trade, t);
    this.nc.publish(tradeSubject(t.symbol), data, { headers });
  }
}

export class SyntheticSource implements MarketSource {
  private timer: NodeJS.Timeout | undefined;
  private readonly markets: SyntheticMarket[];
  /** Per symbol: when its market last moved, i.e. its last snapshot was built. */
  private readonly movedAt = new Map<string, number>();

  constructor(
    private readonly outlet: SnapshotOutlet,
    symbols: readonly string[],
    seed: number,
    private readonly intervalMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    const now = this.clock();
    this.markets = symbols.map(
      (symbol, i) =>
        new SyntheticMarket({
          symbol,
          seed: seed + i,
          startPrice: SYNTHETIC_START_PRICES[symbol] ?? 100,
          startMs: now,
          rules: DEFAULT_INSTRUMENTS.get(symbol)!,
        }),
    );
  }

  private async publishAll(): Promise<void> {
    for (const m of this.markets) {
      const s = m.snapshotAt(this.clock());
      // The model is evaluated at the snapshot time: its market is as fresh as the snapshot.
      s.bookUpdatedAt = s.tsInit;
      s.ageMs = 0;
      this.movedAt.set(m.symbol, Number(s.tsInit));
      await this.outlet.snapshot(s);
    }
  }

  async start(): Promise<void> {
    await this.publishAll();
    let publishing = false;
    this.timer = setInterval(() => {
      // Skip a tick rather than overlap: the latest value wins, nothing queues up.
      if (publishing) return;
      publishing = true;
      void this.publishAll().finally(() => (publishing = false));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
  }

  health(staleAfterMs: number): SourceHealth {
    const now = this.clock();
    const problems: string[] = [];
    for (const m of this.markets) {
      const at = this.movedAt.get(m.symbol);
      // A publish loop stuck behind a slow sink stops moving the market: that is stale too.
      if (at === undefined) problems.push(`${m.symbol}: synthetic market not started`);
      else if (now - at > staleAfterMs)
        problems.push(`${m.symbol}: synthetic market last moved ${now - at} ms ago`);
    }
    return {
      ready: problems.length === 0,
      problems,
      detail: { source: 'synthetic', symbols: this.markets.map((m) => m.symbol) },
    };
  }
}

export interface BybitSourceOptions {
  symbols: readonly string[];
  wsUrl?: string;
  restUrl?: string;
  testnet: boolean;
  depth: 50 | 200;
  cadenceMs: number;
  staleAfterMs: number;
  klineBackfillMinutes: number;
}

/** Bybit's public streams through the local book and feature engine of @tranche/bybit. */
export class BybitSource implements MarketSource {
  private readonly feed: BybitPublicFeed;
  private sequence = 0;

  constructor(
    private readonly outlet: SnapshotOutlet,
    options: BybitSourceOptions,
  ) {
    const logger = new JsonLogger('market-data');
    this.feed = new BybitPublicFeed({
      symbols: options.symbols,
      depth: options.depth,
      wsUrl: options.wsUrl,
      restBaseUrl: options.restUrl,
      testnet: options.testnet,
      staleAfterMs: options.staleAfterMs,
      klineBackfillMinutes: options.klineBackfillMinutes,
      snapshots: {
        cadenceMs: options.cadenceMs,
        sink: (_symbol: string, f: MarketFeatures) =>
          this.outlet.snapshot(featuresToSnapshot(f, ++this.sequence)),
      },
      onEvent: (e) => {
        if (e.type === 'trades') for (const t of e.trades) this.outlet.trade(tradeToWire(t));
        if (e.type === 'resync') logger.warn('order book resync', { symbol: e.symbol, reason: e.reason });
      },
      logger,
    });
  }

  start(): Promise<void> {
    return this.feed.start();
  }

  async stop(): Promise<void> {
    this.feed.stop();
  }

  health(staleAfterMs: number): SourceHealth {
    const h = this.feed.health(staleAfterMs);
    const problems: string[] = [];
    for (const b of h.books) {
      if (!b.usable) {
        problems.push(
          `${b.symbol}: order book not usable (${b.state}${b.resyncing ? `, resyncing, ${b.resyncAttempts} attempts` : ''})`,
        );
      }
      if (b.stale) {
        problems.push(
          b.ageMs === null
            ? `${b.symbol}: feed not started`
            : `${b.symbol}: last order book update ${b.ageMs} ms ago (MD_STALE_AFTER_MS=${staleAfterMs})`,
        );
      }
    }
    return {
      ready: h.ready,
      problems,
      detail: { source: 'bybit', books: h.books, metrics: this.feed.metrics.snapshot() },
    };
  }
}
