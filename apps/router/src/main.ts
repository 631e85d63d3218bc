import { hostname } from 'node:os';
import { startTelemetry } from '@tranche/telemetry';
import {
  ConfigError,
  loadConfigOrExit,
  natsUrl,
  port,
  positiveMs,
  readSecret,
  redisUrl,
  startOrExit,
  z,
} from '@tranche/config';

// Telemetry first: the SDK must be in place before Nest and the NATS client load.
const telemetry = startTelemetry('tranche-router');
const config = loadConfigOrExit('router', {
  NATS_URL: natsUrl(),
  REDIS_URL: redisUrl(),
  HEALTH_PORT: port(8085),
  ROUTER_MARKET_DATA_DEADLINE_MS: positiveMs(250),
  ROUTER_IMPACT_DEADLINE_MS: positiveMs(250),
  ROUTER_DECISION_DEADLINE_MS: positiveMs(250),
  ROUTER_RISK_DEADLINE_MS: positiveMs(250),
  ROUTER_MAX_SLIPPAGE_BPS: z.coerce.number().positive().max(500, 'must be at most 500 bps').default(30),
  ROUTER_VENUE: z.enum(['paper', 'bybit'], { message: 'must be "paper" or "bybit"' }).default('paper'),
  BYBIT_REST_URL: z
    .string()
    .regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL')
    .optional(),
  BYBIT_WS_URL: z
    .string()
    .regex(/^wss?:\/\/\S+$/, 'must be a ws:// or wss:// URL')
    .optional(),
  BYBIT_TESTNET: z.enum(['true', 'false']).default('false'),
  BYBIT_API_KEY: z.string().min(1).optional(),
  BYBIT_REQUEST_TIMEOUT_MS: positiveMs(5000),
  // Bybit's disconnect cancel-all, for accounts Bybit has enabled it on: 0 leaves it off; Bybit
  // accepts windows of 3 to 300 s.
  BYBIT_DCP_WINDOW_S: z
    .string()
    .regex(/^\d+$/, 'must be 0 (off) or a whole number of seconds from 3 to 300')
    .transform(Number)
    .refine(
      (w) => w === 0 || (w >= 3 && w <= 300),
      'must be 0 (off) or a whole number of seconds from 3 to 300',
    )
    .default(0),
  ROUTER_MAX_SNAPSHOT_AGE_MS: positiveMs(2000),
  ROUTER_MAX_PARENT_NOTIONAL: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a positive decimal number of quote currency, e.g. 10000000')
    .default('10000000'),
  ROUTER_MAX_PARENT_QTY: z
    .string()
    .regex(
      /^([A-Z0-9]{2,30}=\d+(\.\d+)?)(,[A-Z0-9]{2,30}=\d+(\.\d+)?)*$/,
      'must be SYMBOL=quantity pairs separated by commas, e.g. BTCUSDT=500,ETHUSDT=10000',
    )
    .optional(),
  ROUTER_REPLICA_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores')
    .default(`${hostname()}-${process.pid}`),
  ROUTER_LEASE_TTL_MS: positiveMs(3000),
  ROUTER_MAX_PARENT_ADV_SHARE: z.coerce
    .number()
    .positive('must be > 0')
    .max(1, 'must be a share of daily volume in (0, 1], e.g. 0.05')
    .default(0.05),
});
let bybitSecret: string | undefined;
try {
  bybitSecret = readSecret('router', 'BYBIT_API_SECRET');
  if (config.ROUTER_VENUE === 'bybit' && (!config.BYBIT_API_KEY || !bybitSecret)) {
    throw new ConfigError('router', [
      {
        variable: config.BYBIT_API_KEY ? 'BYBIT_API_SECRET' : 'BYBIT_API_KEY',
        problem: 'is required when ROUTER_VENUE=bybit (the secret may come from BYBIT_API_SECRET_FILE)',
      },
    ]);
  }
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(78);
}
const { start } = await import('./service.js');
await startOrExit('router', () => start({ ...config, bybitSecret }, telemetry));
