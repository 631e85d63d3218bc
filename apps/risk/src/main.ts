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
import { defaultRiskLimits } from '@tranche/execution-core';

// Telemetry first: the SDK must be in place before Nest and the NATS client load.
const telemetry = startTelemetry('tranche-risk');
// One source for the defaults: what the service runs with unconfigured is what execution-core says.
const d = defaultRiskLimits();
const fraction = (fallback: number) =>
  z.coerce.number().positive('must be > 0').max(1, 'is a fraction, at most 1').default(fallback);
const positiveBps = (fallback: number) => z.coerce.number().positive('must be > 0 bps').default(fallback);
const perMinute = (fallback: number) =>
  z.coerce.number().int('must be a whole number').positive('must be > 0').default(fallback);
const config = loadConfigOrExit('risk', {
  NATS_URL: natsUrl(),
  REDIS_URL: redisUrl(),
  HEALTH_PORT: port(8083),
  RISK_MAX_ORDER_NOTIONAL: decimalString(d.maxOrderNotional),
  RISK_MAX_ORDERS_PER_MINUTE: perMinute(d.maxOrdersPerMinute),
  RISK_MAX_PARENT_ORDERS_PER_MINUTE: perMinute(d.maxOrdersPerMinutePerParent),
  RISK_MAX_PARTICIPATION: fraction(d.maxParticipation),
  RISK_MIN_INTERVAL_MS: z.coerce
    .number()
    .int('must be a whole number of milliseconds')
    .min(0)
    .default(d.minIntervalMs),
  RISK_MAX_SPREAD_BPS_AGGRESSIVE: positiveBps(d.maxSpreadBpsAggressive),
  RISK_MAX_PRICE_DEVIATION_BPS: positiveBps(d.maxPriceDeviationBps),
  RISK_IS_ALERT_BPS: positiveBps(d.isAlertBps),
  RISK_VOLATILITY_HALT_BPS: positiveBps(d.volatilityHaltBps),
  RISK_DECISION_TIMEOUT_MS: positiveMs(d.decisionTimeoutMs),
  RISK_MAX_DEPTH_SHARE: fraction(d.maxDepthShare),
  RISK_DEPTH_LEVELS: z.coerce
    .number()
    .int('must be a whole number')
    .positive('must be > 0')
    .max(200, 'is a count of book levels, at most 200')
    .default(d.depthLevels),
  RISK_REDIS_TIMEOUT_MS: positiveMs(200),
});
const { start } = await import('./service.js');
await startOrExit('risk', () => start(config, telemetry));
