import { startTelemetry } from '@tranche/telemetry';
import { loadConfigOrExit, natsUrl, port, z, startOrExit } from '@tranche/config';

// Telemetry first: the SDK must be in place before Nest and the NATS client load.
const telemetry = startTelemetry('tranche-impact');
const config = loadConfigOrExit('impact', {
  NATS_URL: natsUrl(),
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
});
const { start } = await import('./service.js');
await startOrExit('impact', () => start(config, telemetry));
