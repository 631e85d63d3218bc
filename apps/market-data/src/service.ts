import 'reflect-metadata';
import { Controller, Inject } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { eventTypes, marketdata, QueueGroups, snapshotSubject, Subjects } from '@tranche/contracts';
import { DEFAULT_INSTRUMENTS, SYNTHETIC_START_PRICES, SyntheticMarket } from '@tranche/engine';
import { RedisSnapshotCache } from '@tranche/infra';
import type { TelemetryHandle } from '@tranche/telemetry';
import { BadRequestError, encodeMessage, RpcHandler, runNatsService } from '@tranche/transport';

/** Latest snapshot per symbol: publishing reads from here, so a slow consumer never queues anything. */
class LatestSnapshots {
  readonly bySymbol = new Map<string, marketdata.MarketSnapshot>();
}

@Controller()
class MarketDataController {
  constructor(
    @Inject(LatestSnapshots) private readonly latest: LatestSnapshots,
    @Inject(RedisSnapshotCache) private readonly cache: RedisSnapshotCache,
  ) {}

  @RpcHandler(Subjects.getSnapshot)
  async getSnapshot(request: marketdata.GetSnapshotRequest): Promise<marketdata.GetSnapshotResponse> {
    if (!request.symbol) throw new BadRequestError('symbol is required, e.g. BTCUSDT');
    const snapshot = this.latest.bySymbol.get(request.symbol) ?? (await this.cache.get(request.symbol));
    return marketdata.GetSnapshotResponse.create({ snapshot, found: snapshot !== undefined });
  }
}

export interface MarketDataConfig {
  NATS_URL: string;
  REDIS_URL: string;
  HEALTH_PORT: number;
  MD_SOURCE: 'synthetic';
  MD_SYMBOLS: string;
  MD_PUBLISH_INTERVAL_MS: number;
  MD_SNAPSHOT_TTL_MS: number;
  MD_SEED: number;
}

export async function start(config: MarketDataConfig, telemetry: TelemetryHandle) {
  const symbols = config.MD_SYMBOLS.split(',');
  for (const s of symbols) {
    if (!DEFAULT_INSTRUMENTS.has(s)) {
      process.stderr.write(`market-data: MD_SYMBOLS: ${s} is not a known instrument (known: ${[...DEFAULT_INSTRUMENTS.keys()].join(', ')})\n`);
      process.exit(78);
    }
  }
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  const cache = new RedisSnapshotCache(redis, config.MD_SNAPSHOT_TTL_MS);
  const nc: NatsConnection = await connect({ servers: config.NATS_URL, name: 'market-data-publisher' });
  const latest = new LatestSnapshots();
  const now = Date.now();
  const markets = symbols.map(
    (symbol, i) =>
      new SyntheticMarket({ symbol, seed: config.MD_SEED + i, startPrice: SYNTHETIC_START_PRICES[symbol] ?? 100, startMs: now, rules: DEFAULT_INSTRUMENTS.get(symbol)! }),
  );
  const publishAll = async () => {
    for (const m of markets) {
      const snap = m.snapshotAt(Date.now());
      latest.bySymbol.set(m.symbol, snap);
      const { data, headers } = encodeMessage(eventTypes.snapshot, snap);
      nc.publish(snapshotSubject(m.symbol), data, { headers });
      await cache.put(snap).catch(() => undefined); // the cache is a convenience; publishing goes on without it
    }
  };
  await publishAll();
  let publishing = false;
  const timer = setInterval(() => {
    // Skip a tick rather than overlap: the latest value wins, nothing queues up.
    if (publishing) return;
    publishing = true;
    publishAll().finally(() => (publishing = false));
  }, config.MD_PUBLISH_INTERVAL_MS);
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
    readiness: async () => ({ ok: !nc.isClosed(), detail: { redis: redis.status, symbols } }),
    onShutdown: async () => {
      clearInterval(timer);
      await nc.drain().catch(() => undefined);
      await redis.quit().catch(() => undefined);
      await telemetry.shutdown();
    },
  });
}
