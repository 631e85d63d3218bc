/**
 * A flag parser small enough to read: --name value, --name=value, --flag, positional words. Each
 * command describes its flags once (FlagSpec) and both the parser and --help read that description,
 * so the help can never list a flag the parser refuses or a default it does not apply.
 */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

/** Exit code for bad input, as for most Unix tools' usage errors. */
export const EXIT_USAGE = 2;

export interface FlagSpec {
  name: string;
  /** What the value looks like in the help (e.g. "DURATION"); absent for an on/off flag. */
  value?: string;
  /** The value used when the flag is not given, as the user would type it. */
  default?: string;
  /** Set when the flag has no default and must be given. */
  required?: boolean;
  help: string;
}

export interface CommandSpec {
  /** As typed after `tranche`, e.g. "schedule twap". */
  name: string;
  summary: string;
  /** Usage line after the command name, e.g. "[flags] [--json]"; defaults to "[flags]". */
  usage?: string;
  flags: readonly FlagSpec[];
  /** Paragraphs printed after the flags: exit codes, units, examples. */
  notes?: readonly string[];
}

export interface ParsedArgs {
  /** True when --help or -h was given: print the help and do nothing else. */
  help: boolean;
  positional: string[];
  /** The flags as given, without defaults. */
  flags: Map<string, string | true>;
}

export const HELP_FLAG: FlagSpec = { name: 'help', help: 'print this help and exit (also -h)' };

export function parseArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const known = new Map(spec.flags.map((f) => [f.name, f]));
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') {
      help = true;
      continue;
    }
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    const flag = known.get(name);
    if (!flag)
      throw new UsageError(
        `unknown flag --${name} for 'tranche ${spec.name}'; known flags: ${spec.flags.map((k) => `--${k.name}`).join(', ')} (see tranche ${spec.name} --help)`,
      );
    if (flags.has(name)) throw new UsageError(`--${name} is given twice`);
    if (flag.value === undefined) {
      if (eq > 0) throw new UsageError(`--${name} takes no value, got ${JSON.stringify(a.slice(eq + 1))}`);
      flags.set(name, true);
      continue;
    }
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--')))
      throw new UsageError(`--${name} needs a value (${flag.value})`);
    flags.set(name, value);
  }
  return { help, positional, flags };
}

/** The flag's value as given, else its default; undefined when neither exists. */
export function flagValue(parsed: ParsedArgs, spec: CommandSpec, name: string): string | undefined {
  const given = parsed.flags.get(name);
  if (typeof given === 'string') return given;
  return spec.flags.find((f) => f.name === name)?.default;
}

/** Like flagValue, for a flag the command cannot do without. */
export function requiredFlag(parsed: ParsedArgs, spec: CommandSpec, name: string, example: string): string {
  const v = flagValue(parsed, spec, name);
  if (v === undefined) throw new UsageError(`--${name} is required, e.g. --${name} ${example}`);
  return v;
}

export function rejectPositional(parsed: ParsedArgs, spec: CommandSpec): void {
  const [first] = parsed.positional;
  if (first !== undefined)
    throw new UsageError(
      `unexpected argument ${JSON.stringify(first)} for 'tranche ${spec.name}'; flags look like --qty 10`,
    );
}

function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export function helpText(spec: CommandSpec): string[] {
  const flags = [...spec.flags.filter((f) => f.name !== HELP_FLAG.name), HELP_FLAG];
  const left = flags.map((f) => `--${f.name}${f.value ? ` ${f.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  const lines = [`usage: tranche ${spec.name} ${spec.usage ?? '[flags]'}`, '', ...wrap(spec.summary), ''];
  if (flags.length > 0) lines.push('flags:');
  flags.forEach((f, i) => {
    const dflt = f.default !== undefined ? ` (default: ${f.default})` : f.required ? ' (required)' : '';
    lines.push(`  ${left[i]!.padEnd(width)}${f.help}${dflt}`);
  });
  if (spec.notes?.length) lines.push('', ...spec.notes);
  return lines;
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * "90s", "15m", "2h", "500ms", "1.5h". A bare number is refused rather than guessed: minutes and
 * milliseconds are both plausible readings, and a wrong guess is off by a factor of 60,000.
 */
export function parseDuration(flag: string, value: string): number {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v))
    throw new UsageError(`--${flag} ${v} has no unit: use ${v}m, ${v}h, ${v}s or ${v}ms`);
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(v);
  if (!m)
    throw new UsageError(
      `--${flag} must be a duration such as 90s, 15m, 2h or 500ms, got ${JSON.stringify(value)}`,
    );
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (!(ms >= 1)) throw new UsageError(`--${flag} must be at least 1ms, got ${JSON.stringify(value)}`);
  return Math.round(ms);
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

export function parseSide(value: string): 'BUY' | 'SELL' {
  const v = value.toUpperCase();
  if (v !== 'BUY' && v !== 'SELL')
    throw new UsageError(`--side must be buy or sell, got ${JSON.stringify(value)}`);
  return v;
}

export function parsePositiveInt(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`--${flag} must be a positive whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** A positive decimal string as venues take quantities: digits, one optional point, no exponent. */
export function parsePositiveDecimal(flag: string, value: string): string {
  const v = value.trim();
  if (!/^\d+(\.\d+)?$/.test(v) || !(Number(v) > 0))
    throw new UsageError(`--${flag} must be a positive decimal such as 0.5, got ${JSON.stringify(value)}`);
  return v;
}

/** Venue symbols are upper case; "ethusdt" is taken to mean ETHUSDT rather than refused. */
export function parseSymbol(value: string): string {
  const v = value.trim().toUpperCase();
  if (!/^[A-Z0-9]{2,30}$/.test(v))
    throw new UsageError(`--symbol must be letters and digits such as BTCUSDT, got ${JSON.stringify(value)}`);
  return v;
}

/**
 * Errors the router raises for a request that makes no sense name the request field ("quantity ...",
 * "horizon_ms ..."); the person typed a flag, so name that instead.
 */
export function usageFromRequestError(message: string): UsageError {
  const flag = [
    [/^(quantity|parent refused)/, '--qty'],
    [/^horizon/, '--horizon'],
    [/^slices/, '--slices'],
    [/^symbol/, '--symbol'],
    [/^side/, '--side'],
  ].find(([re]) => (re as RegExp).test(message))?.[1] as string | undefined;
  return new UsageError(flag ? `${flag}: ${message}` : message);
}

export const ALGORITHMS = ['twap', 'vwap', 'is', 'pov', 'adaptive'] as const;
export type AlgorithmFlag = (typeof ALGORITHMS)[number];

export function parseAlgorithm(value: string): AlgorithmFlag {
  const v = value.toLowerCase();
  if (!(ALGORITHMS as readonly string[]).includes(v))
    throw new UsageError(`--algorithm must be one of ${ALGORITHMS.join(', ')}, got ${JSON.stringify(value)}`);
  return v as AlgorithmFlag;
}

/** Named urgencies: how much cost a desk accepts to finish sooner (0 patient, 1 as fast as limits allow). */
export const URGENCIES = { low: 0.2, medium: 0.5, high: 0.9 } as const;

export function parseUrgency(value: string): number {
  const named = URGENCIES[value.toLowerCase() as keyof typeof URGENCIES];
  if (named !== undefined) return named;
  const n = Number(value);
  if (/^\d*\.?\d+$/.test(value) && n >= 0 && n <= 1) return n;
  throw new UsageError(
    `--urgency must be low, medium, high or a number in [0, 1], got ${JSON.stringify(value)}`,
  );
}

/** The demo's decision policy: a model (llm), the deterministic rules (heuristic), or the bare baseline (none). */
export const POLICIES = ['llm', 'heuristic', 'none'] as const;
export type PolicyFlag = (typeof POLICIES)[number];

export function parsePolicy(value: string): PolicyFlag {
  const v = value.toLowerCase();
  if (!(POLICIES as readonly string[]).includes(v))
    throw new UsageError(`--policy must be one of ${POLICIES.join(', ')}, got ${JSON.stringify(value)}`);
  return v as PolicyFlag;
}
