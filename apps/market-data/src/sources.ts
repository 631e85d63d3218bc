import type { NatsConnection } from '@nats-io/transport-node';
import { BybitPublicFeed, type MarketFeatures } from '@tranche/bybit';
import { eventTypes, snapshotSubject, tradeSubject, type marketdata } from '@tranche/contracts';
import { DEFAULT_INSTRUMENTS, JsonLogger, SYNTHETIC_START_PRICES, SyntheticMarket } from '@tranche/engine';
import type { RedisSnapshotCache } from '@tranche/infra';
import { encodeMessage } from '@tranche/transport';
import { featuresToSnapshot, tradeToWire } from './features-to-snapshot.js';

/** Latest snapshot per symbol: requests are answered from here, and nothing ever queues behind it. */
export class LatestSnapshots {
  readonly bySymbol = new Map<string, marketdata.MarketSnapshot>();
}

export interface MarketSource {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Ingest health for /readyz. */
  status(): Record<string, unknown>;
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

  constructor(
    private readonly outlet: SnapshotOutlet,
    symbols: readonly string[],
    seed: number,
    private readonly intervalMs: number,
  ) {
    const now = Date.now();
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
    for (const m of this.markets) await this.outlet.snapshot(m.snapshotAt(Date.now()));
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

  status(): Record<string, unknown> {
    return { source: 'synthetic', symbols: this.markets.map((m) => m.symbol) };
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

  status(): Record<string, unknown> {
    return { source: 'bybit', metrics: this.feed.metrics.snapshot() };
  }
}
