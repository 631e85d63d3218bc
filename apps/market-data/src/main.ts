import { startTelemetry } from '@tranche/telemetry';
import { loadConfigOrExit, natsUrl, port, positiveMs, redisUrl, z, startOrExit } from '@tranche/config';

// Telemetry first: the SDK must be in place before Nest and the NATS client load.
const telemetry = startTelemetry('tranche-market-data');
const config = loadConfigOrExit('market-data', {
  NATS_URL: natsUrl(),
  REDIS_URL: redisUrl(),
  HEALTH_PORT: port(8084),
  MD_SOURCE: z
    .enum(['synthetic', 'bybit'], { message: 'must be "synthetic" or "bybit"' })
    .default('synthetic'),
  MD_SYMBOLS: z
    .string()
    .regex(/^[A-Z0-9]+(,[A-Z0-9]+)*$/, 'must be a comma-separated list such as BTCUSDT,ETHUSDT')
    .default('BTCUSDT,ETHUSDT'),
  MD_PUBLISH_INTERVAL_MS: positiveMs(100),
  MD_SNAPSHOT_TTL_MS: positiveMs(5000),
  MD_SEED: z.coerce.number().int().default(42),
  MD_BOOK_DEPTH: z.enum(['50', '200'], { message: 'must be 50 or 200' }).default('50'),
  MD_STALE_AFTER_MS: positiveMs(5_000),
  MD_KLINE_BACKFILL_MINUTES: z.coerce.number().int().min(0).max(10_000).default(1440),
  BYBIT_WS_PUBLIC_URL: z
    .string()
    .regex(/^wss?:\/\/\S+$/, 'must be a ws:// or wss:// URL')
    .optional(),
  BYBIT_REST_URL: z
    .string()
    .regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL')
    .optional(),
  BYBIT_TESTNET: z.enum(['true', 'false']).default('false'),
});
const { start } = await import('./service.js');
await startOrExit('market-data', () => start(config, telemetry));
