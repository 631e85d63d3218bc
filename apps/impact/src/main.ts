import { startTelemetry } from '@tranche/telemetry';
import { loadConfigOrExit, natsUrl, port, positiveMs, redisUrl, z, startOrExit } from '@tranche/config';

// Telemetry first: the SDK must be in place before Nest and the NATS client load.
const telemetry = startTelemetry('tranche-impact');
const config = loadConfigOrExit('impact', {
  NATS_URL: natsUrl(),
  REDIS_URL: redisUrl(),
  HEALTH_PORT: port(8081),
  IMPACT_SQRT_Y: z.coerce
    .number()
    .positive()
    .max(5, 'must be at most 5 (the literature puts Y between 0.5 and 1)')
    .default(0.7),
  IMPACT_FALLBACK_DAILY_VOL: z.coerce
    .number()
    .positive()
    .max(1, 'is a daily fraction, e.g. 0.03')
    .default(0.03),
  IMPACT_CALIBRATION_WINDOW: z.coerce
    .number()
    .int('must be a whole number of observations')
    .min(2, 'must be at least 2')
    .max(100_000, 'must be at most 100000')
    .default(200),
  IMPACT_PRIOR_STRENGTH: z.coerce.number().min(0, 'must be >= 0').max(10_000).default(5),
  IMPACT_CALIBRATION_REFRESH_MS: positiveMs(1000),
  IMPACT_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a JetStream consumer name (letters, digits, - and _)')
    .default('impact-calibration'),
  IMPACT_REDIS_TIMEOUT_MS: positiveMs(500),
});
const { start } = await import('./service.js');
await startOrExit('impact', () => start(config, telemetry));
