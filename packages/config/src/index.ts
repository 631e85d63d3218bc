import { readFileSync } from 'node:fs';
import { z } from 'zod';

export { z };

/** A configuration value failed validation; the message names every offending variable. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly service: string,
    readonly problems: ReadonlyArray<{ variable: string; problem: string }>,
  ) {
    super(
      `${service}: invalid configuration:\n` +
        problems.map((p) => `  ${p.variable}: ${p.problem}`).join('\n') +
        '\nFix the variables above (see .env.example and the configuration table in README.md).',
    );
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Validate the environment once, at start, into a typed object; nothing else
 * reads process.env. The schema's keys are the variable names, so an error can
 * name the variable a person has to fix.
 */
export function loadConfig<S extends z.ZodRawShape>(
  service: string,
  shape: S,
  env: Env = process.env,
): z.infer<z.ZodObject<S>> {
  const schema = z.object(shape);
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) {
    const value = env[key];
    // An empty variable means "not set": `FOO= node main.js` should get the default, not fail.
    input[key] = value === '' ? undefined : value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      service,
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(unknown)'),
        problem: `${issue.message} (got ${JSON.stringify(input[String(issue.path[0])] ?? null)})`,
      })),
    );
  }
  return parsed.data as z.infer<z.ZodObject<S>>;
}

/**
 * Load config or exit with a readable message: the usual first step of a main.
 * Exit code 78 is EX_CONFIG from sysexits.h, so supervisors can tell a bad
 * deployment from a crash.
 */
export function loadConfigOrExit<S extends z.ZodRawShape>(
  service: string,
  shape: S,
  env: Env = process.env,
): z.infer<z.ZodObject<S>> {
  try {
    return loadConfig(service, shape, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}

// Reusable field schemas.
export const natsUrl = () =>
  z
    .string()
    .regex(/^(nats|tls|ws|wss):\/\/[^\s]+$/, 'must be a NATS URL such as nats://127.0.0.1:4222')
    .default('nats://127.0.0.1:4222');
export const redisUrl = () =>
  z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/, 'must be a Redis URL such as redis://127.0.0.1:6379')
    .default('redis://127.0.0.1:6379');
export const port = (defaultPort: number) =>
  z.coerce
    .number()
    .int('must be a whole number')
    .min(0)
    .max(65535, 'must be a port number (0-65535)')
    .default(defaultPort);
export const positiveMs = (defaultMs: number) =>
  z.coerce.number().int('must be a whole number of milliseconds').positive('must be > 0').default(defaultMs);
export const decimalString = (defaultValue: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a positive decimal number such as 50000 or 0.001')
    .default(defaultValue);
export const symbolName = (defaultValue: string) =>
  z
    .string()
    .regex(/^[A-Z0-9]{2,30}$/, 'must be an upper-case symbol such as BTCUSDT')
    .default(defaultValue);
export const logLevel = () => z.enum(['error', 'warn', 'info', 'debug']).default('info');

/**
 * Read a secret from `NAME` or from the file named by `NAME_FILE` (a mounted Kubernetes or
 * docker secret). The value is never echoed in an error: only the variable names are.
 */
export function readSecret(
  service: string,
  name: string,
  env: Env = process.env,
  readFile: (path: string) => string = defaultReadFile,
): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct && file)
    throw new ConfigError(service, [
      { variable: name, problem: `set either ${name} or ${name}_FILE, not both` },
    ]);
  if (direct) return direct;
  if (!file) return undefined;
  let value: string;
  try {
    value = readFile(file);
  } catch (err) {
    throw new ConfigError(service, [
      {
        variable: `${name}_FILE`,
        problem: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      },
    ]);
  }
  // Secret files usually end with a newline that is not part of the secret.
  const trimmed = value.replace(/\r?\n$/, '');
  if (!trimmed) throw new ConfigError(service, [{ variable: `${name}_FILE`, problem: `${file} is empty` }]);
  return trimmed;
}

function defaultReadFile(path: string): string {
  return readFileSync(path, 'utf8');
}

/**
 * Run a service's start-up and turn any failure into one line on stderr and a non-zero exit,
 * instead of an unhandled rejection with a stack trace. Failures that a person fixes in the
 * configuration (code CONFIG_INVALID, or a venue refusing the credentials) exit 78 like bad
 * configuration; anything else (NATS or Redis unreachable) exits 1, which supervisors restart.
 */
export async function startOrExit<T>(service: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    const code = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message.split('\n')[0] : String(err);
    process.stderr.write(`${service}: cannot start: ${message}\n`);
    process.exit(code === 'CONFIG_INVALID' || code === 'VENUE_CREDENTIALS' ? 78 : 1);
  }
}
