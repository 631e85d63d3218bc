/** A flag parser small enough to read: --name value, --flag, positional words. Unknown flags are errors. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(
  argv: string[],
  known: ReadonlySet<string>,
  booleans: ReadonlySet<string> = new Set(),
): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (!known.has(name))
      throw new UsageError(
        `unknown flag --${name}; known flags: ${[...known].map((k) => `--${k}`).join(', ')}`,
      );
    if (booleans.has(name)) {
      flags.set(name, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return { positional, flags };
}

/** "90s", "15m", "2h", "500ms" or plain milliseconds. */
export function parseDuration(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!m)
    throw new UsageError(`--${flag} must be a duration such as 90s, 15m or 2h, got ${JSON.stringify(value)}`);
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  const ms = n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit]!;
  if (!(ms > 0)) throw new UsageError(`--${flag} must be positive`);
  return Math.round(ms);
}

export function parseSide(value: string): 'BUY' | 'SELL' {
  const v = value.toUpperCase();
  if (v !== 'BUY' && v !== 'SELL')
    throw new UsageError(`--side must be buy or sell, got ${JSON.stringify(value)}`);
  return v;
}

export function parsePositiveInt(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0)
    throw new UsageError(`--${flag} must be a positive whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}
