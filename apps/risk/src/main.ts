import { startTelemetry } from '@tranche/telemetry';
import {
  decimalString,
  loadConfigOrExit,
  natsUrl,
  port,
  positiveMs,
  redisUrl,
  z,
  startOrExit,
} from '@tranche/config';

// Telemetry first: the SDK must be in place before Nest and the NATS client load.
const telemetry = startTelemetry('tranche-risk');
const config = loadConfigOrExit('risk', {
  NATS_URL: natsUrl(),
  REDIS_URL: redisUrl(),
  HEALTH_PORT: port(8083),
  RISK_MAX_ORDER_NOTIONAL: decimalString('250000'),
  RISK_MAX_ORDERS_PER_MINUTE: z.coerce.number().int().positive('must be > 0').default(120),
  RISK_MAX_PARTICIPATION: z.coerce
    .number()
    .positive()
    .max(1, 'is a fraction of volume, at most 1')
    .default(0.1),
  RISK_MIN_INTERVAL_MS: z.coerce.number().int().min(0).default(0),
  RISK_MAX_SPREAD_BPS_AGGRESSIVE: z.coerce.number().positive().default(25),
  RISK_MAX_PRICE_DEVIATION_BPS: z.coerce.number().positive().default(300),
  RISK_REDIS_TIMEOUT_MS: positiveMs(200),
});
const { start } = await import('./service.js');
await startOrExit('risk', () => start(config, telemetry));
