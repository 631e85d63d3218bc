import { startTelemetry } from '@tranche/telemetry';
import { loadConfigOrExit, natsUrl, port, startOrExit } from '@tranche/config';

// Telemetry first: the SDK must be in place before Nest and the NATS client load.
const telemetry = startTelemetry('tranche-decision');
const config = loadConfigOrExit('decision', { NATS_URL: natsUrl(), HEALTH_PORT: port(8082) });
const { start } = await import('./service.js');
await startOrExit('decision', () => start(config, telemetry));
