import 'reflect-metadata';
import { Controller, Inject } from '@nestjs/common';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { marketdata, QueueGroups, Subjects } from '@tranche/contracts';
import { DEFAULT_INSTRUMENTS } from '@tranche/engine';
import { RedisSnapshotCache } from '@tranche/infra';
import type { TelemetryHandle } from '@tranche/telemetry';
import { BadRequestError, RpcHandler, runNatsService } from '@tranche/transport';
import { marketDataReadiness } from './readiness.js';
import {
  BybitSource,
  LatestSnapshots,
  SnapshotOutlet,
  SyntheticSource,
  type MarketSource,
} from './sources.js';

@Controller()
class MarketDataController {
  constructor(
    @Inject(LatestSnapshots) private readonly latest: LatestSnapshots,
    @Inject(RedisSnapshotCache) private readonly cache: RedisSnapshotCache,
  ) {}

  @RpcHandler(Subjects.getSnapshot)
  async getSnapshot(request: marketdata.GetSnapshotRequest): Promise<marketdata.GetSnapshotResponse> {
    if (!request.symbol) throw new BadRequestError('symbol is required, e.g. BTCUSDT');
    // Another replica may have the fresher value: the Redis cache is shared, the memory one is not.
    const snapshot = this.latest.bySymbol.get(request.symbol) ?? (await this.cache.get(request.symbol));
    return marketdata.GetSnapshotResponse.create({ snapshot, found: snapshot !== undefined });
  }
}

export interface MarketDataConfig {
  NATS_URL: string;
  REDIS_URL: string;
  HEALTH_PORT: number;
  MD_SOURCE: 'synthetic' | 'bybit';
  MD_SYMBOLS: string;
  MD_PUBLISH_INTERVAL_MS: number;
  MD_SNAPSHOT_TTL_MS: number;
  MD_SEED: number;
  MD_BOOK_DEPTH: '50' | '200';
  MD_STALE_AFTER_MS: number;
  MD_KLINE_BACKFILL_MINUTES: number;
  BYBIT_WS_PUBLIC_URL?: string | undefined;
  BYBIT_REST_URL?: string | undefined;
  BYBIT_TESTNET: 'true' | 'false';
}

export async function start(config: MarketDataConfig, telemetry: TelemetryHandle) {
  const symbols = config.MD_SYMBOLS.split(',');
  if (config.MD_SOURCE === 'synthetic') {
    for (const s of symbols) {
      if (!DEFAULT_INSTRUMENTS.has(s)) {
        process.stderr.write(
          `market-data: MD_SYMBOLS: ${s} has no synthetic market (known: ${[...DEFAULT_INSTRUMENTS.keys()].join(', ')})\n`,
        );
        process.exit(78);
      }
    }
  }
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  const cache = new RedisSnapshotCache(redis, config.MD_SNAPSHOT_TTL_MS);
  const nc = await connect({ servers: config.NATS_URL, name: 'market-data-publisher' });
  const latest = new LatestSnapshots();
  const outlet = new SnapshotOutlet(nc, cache, latest);
  const source: MarketSource =
    config.MD_SOURCE === 'bybit'
      ? new BybitSource(outlet, {
          symbols,
          wsUrl: config.BYBIT_WS_PUBLIC_URL,
          restUrl: config.BYBIT_REST_URL,
          testnet: config.BYBIT_TESTNET === 'true',
          depth: config.MD_BOOK_DEPTH === '200' ? 200 : 50,
          cadenceMs: config.MD_PUBLISH_INTERVAL_MS,
          staleAfterMs: config.MD_STALE_AFTER_MS,
          klineBackfillMinutes: config.MD_KLINE_BACKFILL_MINUTES,
        })
      : new SyntheticSource(outlet, symbols, config.MD_SEED, config.MD_PUBLISH_INTERVAL_MS);
  await source.start();
  return runNatsService({
    name: 'market-data',
    natsUrl: config.NATS_URL,
    queue: QueueGroups.marketData,
    healthPort: config.HEALTH_PORT,
    controllers: [MarketDataController],
    providers: [
      { provide: LatestSnapshots, useValue: latest },
      { provide: RedisSnapshotCache, useValue: cache },
    ],
    readiness: async () => {
      const r = marketDataReadiness({
        now: Date.now(),
        staleAfterMs: config.MD_STALE_AFTER_MS,
        symbols,
        latest: latest.bySymbol,
        natsConnected: !nc.isClosed(),
        source: source.health(config.MD_STALE_AFTER_MS),
      });
      return { ok: r.ok, detail: { redis: redis.status, ...r.detail } };
    },
    onShutdown: async () => {
      await source.stop();
      await nc.drain().catch(() => undefined);
      await redis.quit().catch(() => undefined);
      await telemetry.shutdown();
    },
  });
}
