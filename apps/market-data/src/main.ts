import { startTelemetry } from '@tranche/telemetry';
import { loadConfigOrExit, natsUrl, port, positiveMs, redisUrl, z } from '@tranche/config';

// Telemetry first: the SDK must be in place before Nest and the NATS client load.
const telemetry = startTelemetry('tranche-market-data');
const config = loadConfigOrExit('market-data', {
  NATS_URL: natsUrl(),
  REDIS_URL: redisUrl(),
  HEALTH_PORT: port(8084),
  MD_SOURCE: z.enum(['synthetic'], { message: 'must be "synthetic" (the Bybit feed is configured separately)' }).default('synthetic'),
  MD_SYMBOLS: z
    .string()
    .regex(/^[A-Z0-9]+(,[A-Z0-9]+)*$/, 'must be a comma-separated list such as BTCUSDT,ETHUSDT')
    .default('BTCUSDT,ETHUSDT'),
  MD_PUBLISH_INTERVAL_MS: positiveMs(100),
  MD_SNAPSHOT_TTL_MS: positiveMs(5000),
  MD_SEED: z.coerce.number().int().default(42),
});
const { start } = await import('./service.js');
await start(config, telemetry);
