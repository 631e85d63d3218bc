import { startTelemetry } from '@tranche/telemetry';
import { loadConfigOrExit, natsUrl, port, positiveMs, redisUrl, z } from '@tranche/config';

// Telemetry first: the SDK must be in place before Nest and the NATS client load.
const telemetry = startTelemetry('tranche-router');
const config = loadConfigOrExit('router', {
  NATS_URL: natsUrl(),
  REDIS_URL: redisUrl(),
  HEALTH_PORT: port(8085),
  ROUTER_MARKET_DATA_DEADLINE_MS: positiveMs(250),
  ROUTER_IMPACT_DEADLINE_MS: positiveMs(50),
  ROUTER_DECISION_DEADLINE_MS: positiveMs(250),
  ROUTER_RISK_DEADLINE_MS: positiveMs(50),
  ROUTER_MAX_SLIPPAGE_BPS: z.coerce.number().positive().max(500, 'must be at most 500 bps').default(30),
});
const { start } = await import('./service.js');
await start(config, telemetry);
