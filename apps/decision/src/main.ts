import { startTelemetry } from '@tranche/telemetry';
import {
  ConfigError,
  loadConfigOrExit,
  natsUrl,
  port,
  positiveMs,
  redisUrl,
  startOrExit,
  z,
} from '@tranche/config';
import { loadLlmSettings } from '@tranche/llm';

// Telemetry first: the SDK must be in place before Nest and the NATS client load.
const telemetry = startTelemetry('tranche-decision');
const config = loadConfigOrExit('decision', {
  NATS_URL: natsUrl(),
  REDIS_URL: redisUrl(),
  HEALTH_PORT: port(8082),
  METRICS_PORT: z.coerce
    .number()
    .int('must be a whole number')
    .min(0)
    .max(65535, 'must be a port number (0-65535)')
    .optional(),
  DECISION_PARENT_DEADLINE_MS: positiveMs(500),
});
let llm;
try {
  llm = loadLlmSettings('decision');
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(78);
}
const { start } = await import('./service.js');
await startOrExit('decision', () => start(config, llm, telemetry));
