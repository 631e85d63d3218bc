import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import {
  almgrenChriss,
  buildVolumeProfile,
  ExecutionCoreError,
  type InstrumentRules,
  InvalidInputError,
  type JitterOptions,
  type MinuteBar,
  povSchedule,
  type ScheduledSlice,
  type ScheduleWarning,
  twapSchedule,
  urgencyToRiskAversion,
  vwapSchedule,
} from '@tranche/execution-core';

/** Exit code for bad input, as for most Unix tools' usage errors. */
const USAGE = 2;

const COMMON_VENUE_FLAGS = [
  'qty',
  'slices',
  'horizon',
  'start',
  'qty-step',
  'min-qty',
  'seed',
  'timing-jitter',
  'size-jitter',
  'json',
];
const FLAGS: Record<string, readonly string[]> = {
  is: [
    'qty',
    'price',
    'sigma',
    'eta',
    'gamma',
    'epsilon',
    'risk-aversion',
    'urgency',
    'horizon',
    'slices',
    'json',
  ],
  twap: COMMON_VENUE_FLAGS,
  vwap: [...COMMON_VENUE_FLAGS, 'klines', 'klines-day', 'smooth'],
  pov: ['qty', 'rate', 'volume-per-minute', 'max-horizon', 'start', 'qty-step', 'min-qty', 'json'],
};

const HELP = [
  'usage: tranche schedule <is|twap|vwap|pov> [flags] [--json]',
  '',
  '  is    Almgren-Chriss optimal trajectory (units are yours: horizon and sigma in the same time unit)',
  '        --qty X --sigma S --eta E --gamma G --epsilon EPS (--risk-aversion L | --urgency U) --horizon T --slices N [--price P]',
  '  twap  --qty Q --slices N --horizon MINUTES [--start ISO|ms] [--qty-step 0.001] [--min-qty Q] [--seed N]',
  '  vwap  as twap, plus --klines FILE (1-minute bars, .csv or .zip) [--klines-day YYYY-MM-DD] [--smooth MINUTES]',
  '  pov   --qty Q --rate 0.1 --volume-per-minute V [--max-horizon MINUTES] [--start ISO|ms] [--qty-step 0.001]',
  '',
  'Venue quantities are decimal strings on the --qty-step grid; --json prints one JSON object.',
];

/** A usage error: names the flag and says what is wrong. */
class UsageError extends Error {}

type Flags = Map<string, string | true>;

function parseFlags(args: readonly string[], allowed: readonly string[], algo: string): Flags {
  const flags: Flags = new Map();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--'))
      throw new UsageError(`unexpected argument ${JSON.stringify(a)}; flags look like --qty 10`);
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!allowed.includes(name))
      throw new UsageError(
        `unknown flag --${name} for 'schedule ${algo}'; allowed: ${allowed.map((f) => `--${f}`).join(' ')}`,
      );
    if (flags.has(name)) throw new UsageError(`--${name} given twice`);
    if (name === 'json') {
      flags.set(name, true);
      continue;
    }
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--')))
      throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
}

function str(flags: Flags, name: string): string | undefined {
  const v = flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

function num(flags: Flags, name: string, dflt?: number): number {
  const raw = str(flags, name);
  if (raw === undefined) {
    if (dflt === undefined) throw new UsageError(`missing --${name}`);
    return dflt;
  }
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${name} must be a finite number, got ${JSON.stringify(raw)}`);
  return n;
}

function decimalFlag(flags: Flags, name: string, dflt?: string): string {
  const raw = str(flags, name) ?? dflt;
  if (raw === undefined) throw new UsageError(`missing --${name}`);
  if (!/^\d+(\.\d+)?$/.test(raw))
    throw new UsageError(
      `--${name} must be a plain positive decimal such as 1.25, got ${JSON.stringify(raw)}`,
    );
  return raw;
}

function startMs(flags: Flags): number {
  const raw = str(flags, 'start');
  if (raw === undefined) return Date.now();
  const t = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(t))
    throw new UsageError(`--start must be an ISO time or epoch ms, got ${JSON.stringify(raw)}`);
  return t;
}

function rulesFrom(flags: Flags): InstrumentRules {
  const step = decimalFlag(flags, 'qty-step', '0.001');
  return {
    symbol: 'CLI',
    tickSize: '0.01',
    qtyStep: step,
    minOrderQty: decimalFlag(flags, 'min-qty', step),
    maxOrderQty: '1000000000000',
    minNotional: '0',
  };
}

function jitterFrom(flags: Flags): JitterOptions | undefined {
  if (!flags.has('seed')) {
    if (flags.has('timing-jitter') || flags.has('size-jitter'))
      throw new UsageError('--timing-jitter and --size-jitter need --seed');
    return undefined;
  }
  const seed = num(flags, 'seed');
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${seed}`);
  const j: JitterOptions = { seed };
  if (flags.has('timing-jitter')) j.timingFraction = num(flags, 'timing-jitter');
  if (flags.has('size-jitter')) j.sizeFraction = num(flags, 'size-jitter');
  return j;
}

/** Core field names → the CLI flag the user typed, so core validation errors name the right flag. */
const FIELD_TO_FLAG: Record<string, string> = {
  quantity: '--qty',
  horizonMs: '--horizon',
  horizon: '--horizon',
  slices: '--slices',
  startMs: '--start',
  riskAversion: '--risk-aversion',
  urgency: '--urgency',
  sigma: '--sigma',
  eta: '--eta',
  gamma: '--gamma',
  epsilon: '--epsilon',
  qtyStep: '--qty-step',
  minOrderQty: '--min-qty',
  participationRate: '--rate',
  volumePerMinute: '--volume-per-minute',
  maxHorizonMs: '--max-horizon',
  'jitter.seed': '--seed',
  'jitter.timingFraction': '--timing-jitter',
  'jitter.sizeFraction': '--size-jitter',
};

/**
 * Reads the first file of a zip archive through the central directory (sizes in the local header may be
 * zero when the archive was streamed), inflating it with node's zlib.
 */
export function readFirstZipEntry(buf: Buffer): Buffer {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new UsageError('--klines: not a zip file (no end of central directory)');
  const cd = buf.readUInt32LE(eocd + 16);
  if (buf.readUInt32LE(cd) !== 0x02014b50) throw new UsageError('--klines: corrupt zip central directory');
  const method = buf.readUInt16LE(cd + 10);
  const compressed = buf.readUInt32LE(cd + 20);
  const local = buf.readUInt32LE(cd + 42);
  const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
  const data = buf.subarray(start, start + compressed);
  if (method === 0) return data;
  if (method === 8) return inflateRawSync(data);
  throw new UsageError(`--klines: unsupported zip compression method ${method}`);
}

/**
 * Loads 1-minute bars: "time,open,high,low,close,volume" lines, where time is either epoch ms or, in
 * LEAN files, ms since midnight of a day taken from --klines-day or a YYYYMMDD in the file name.
 */
function loadBars(path: string, dayFlag: string | undefined): MinuteBar[] {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new UsageError(`--klines: cannot read ${path}: ${(e as Error).message}`);
  }
  const text = (path.endsWith('.zip') ? readFirstZipEntry(buf) : buf).toString('utf8');
  let dayStart = 0;
  const m = /(\d{4})(\d{2})(\d{2})/.exec(path.split('/').pop() ?? '');
  if (dayFlag !== undefined) {
    dayStart = Date.parse(`${dayFlag}T00:00:00Z`);
    if (!Number.isFinite(dayStart))
      throw new UsageError(`--klines-day must be YYYY-MM-DD, got ${JSON.stringify(dayFlag)}`);
  } else if (m) dayStart = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const bars: MinuteBar[] = [];
  for (const line of text.split(/\r?\n/)) {
    const cols = line.split(',');
    if (line.trim() === '' || cols.length < 6 || !/^\d+$/.test(cols[0] ?? '')) continue; // header or blank
    const t = Number(cols[0]);
    const volume = Number(cols[5]);
    if (!Number.isFinite(volume))
      throw new UsageError(`--klines: bad volume in line ${JSON.stringify(line.slice(0, 60))}`);
    bars.push({ tsMs: t < 86_400_000 ? dayStart + t : t, volume });
  }
  return bars;
}

function sliceTable(
  slices: readonly ScheduledSlice[],
  warnings: readonly ScheduleWarning[],
  out: (l: string) => void,
): void {
  for (const w of warnings) out(`warning: ${w.code}: ${w.message}`);
  out(`${'#'.padStart(4)}  ${'due (UTC)'.padEnd(24)}  quantity`);
  for (const s of slices)
    out(
      `${String(s.index + 1).padStart(4)}  ${new Date(s.dueMs).toISOString().padEnd(24)}  ${s.quantity.padStart(14)}`,
    );
}

function sliceJson(
  algorithm: string,
  slices: readonly ScheduledSlice[],
  warnings: readonly ScheduleWarning[],
  extra: object = {},
): string {
  return JSON.stringify({ algorithm, ...extra, slices, warnings });
}

function runIs(flags: Flags, out: (l: string) => void): void {
  const quantity = num(flags, 'qty');
  const horizon = num(flags, 'horizon');
  const slices = num(flags, 'slices');
  const sigma = num(flags, 'sigma');
  const eta = num(flags, 'eta');
  const gamma = num(flags, 'gamma', 0);
  const epsilon = num(flags, 'epsilon', 0);
  if (flags.has('risk-aversion') && flags.has('urgency'))
    throw new UsageError('give --risk-aversion or --urgency, not both');
  const riskAversion = flags.has('urgency')
    ? urgencyToRiskAversion(num(flags, 'urgency'), { sigma, eta, gamma, horizon, slices })
    : num(flags, 'risk-aversion');
  const r = almgrenChriss({ quantity, sigma, eta, gamma, epsilon, riskAversion, horizon, slices });
  if (flags.has('json')) {
    out(
      JSON.stringify({
        kappa: r.kappa,
        expectedCost: r.expectedCost,
        variance: r.variance,
        trades: r.trades,
        holdings: r.holdings,
      }),
    );
    return;
  }
  const price = flags.has('price') ? num(flags, 'price') : undefined;
  const bps = (x: number): string =>
    price ? ` (${((x / (quantity * price)) * 1e4).toFixed(2)} bps of notional)` : '';
  out('Almgren-Chriss optimal execution');
  out(`kappa          ${r.kappa}`);
  out(`risk aversion  ${riskAversion}`);
  out(`expected cost  ${r.expectedCost.toFixed(2)}${bps(r.expectedCost)}`);
  out(`std deviation  ${Math.sqrt(r.variance).toFixed(2)}${bps(Math.sqrt(r.variance))}`);
  out(`${'k'.padStart(4)}  ${'trade n_k'.padStart(20)}  ${'holding x_k'.padStart(20)}`);
  out(`${'0'.padStart(4)}  ${''.padStart(20)}  ${r.holdings[0]!.toFixed(2).padStart(20)}`);
  r.trades.forEach((n, i) =>
    out(
      `${String(i + 1).padStart(4)}  ${n.toFixed(2).padStart(20)}  ${r.holdings[i + 1]!.toFixed(2).padStart(20)}`,
    ),
  );
}

function runTwapOrVwap(algo: 'twap' | 'vwap', flags: Flags, out: (l: string) => void): void {
  const quantity = decimalFlag(flags, 'qty');
  const slices = num(flags, 'slices');
  const horizonMs = num(flags, 'horizon') * 60_000;
  const input = {
    quantity,
    startMs: startMs(flags),
    horizonMs,
    slices,
    rules: rulesFrom(flags),
    jitter: jitterFrom(flags),
  };
  let result: { slices: ScheduledSlice[]; warnings: ScheduleWarning[] };
  if (algo === 'twap') result = { slices: twapSchedule(input), warnings: [] };
  else {
    const path = str(flags, 'klines');
    const smooth = flags.has('smooth') ? num(flags, 'smooth') : undefined;
    const profile =
      path === undefined
        ? null
        : buildVolumeProfile(
            loadBars(path, str(flags, 'klines-day')),
            smooth ? { smoothMinutes: smooth } : {},
          );
    result = vwapSchedule({ ...input, profile });
  }
  if (flags.has('json')) out(sliceJson(algo.toUpperCase(), result.slices, result.warnings));
  else sliceTable(result.slices, result.warnings, out);
}

function runPov(flags: Flags, out: (l: string) => void): void {
  const r = povSchedule({
    quantity: decimalFlag(flags, 'qty'),
    startMs: startMs(flags),
    rules: rulesFrom(flags),
    participationRate: num(flags, 'rate'),
    volumePerMinute: num(flags, 'volume-per-minute'),
    maxHorizonMs: num(flags, 'max-horizon', 1440) * 60_000,
  });
  if (flags.has('json'))
    out(sliceJson('POV', r.slices, r.warnings, { endMs: r.endMs, unscheduledQty: r.unscheduledQty }));
  else {
    sliceTable(r.slices, r.warnings, out);
    out(`expected end ${new Date(r.endMs).toISOString()}, unscheduled ${r.unscheduledQty}`);
  }
}

/** `tranche schedule is|twap|vwap|pov ...`: pre-trade schedules for users and scripts. Returns the exit code. */
export async function scheduleCommand(args: string[], out: (line: string) => void): Promise<number> {
  const [algo, ...rest] = args;
  if (algo === '--help' || algo === '-h' || algo === 'help') {
    HELP.forEach((l) => out(l));
    return 0;
  }
  if (algo === undefined || !(algo in FLAGS)) {
    out(
      `error: ${algo === undefined ? 'missing algorithm' : `unknown algorithm ${JSON.stringify(algo)}`}; expected is, twap, vwap or pov`,
    );
    HELP.forEach((l) => out(l));
    return USAGE;
  }
  try {
    const flags = parseFlags(rest, FLAGS[algo] ?? [], algo);
    if (algo === 'is') runIs(flags, out);
    else if (algo === 'twap' || algo === 'vwap') runTwapOrVwap(algo, flags, out);
    else runPov(flags, out);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      out(`error: ${e.message}`);
      return USAGE;
    }
    if (e instanceof InvalidInputError) {
      const flag = FIELD_TO_FLAG[e.field] ?? e.field;
      out(`error: ${flag}: ${e.message.slice(e.field.length + 2)}`);
      return USAGE;
    }
    if (e instanceof ExecutionCoreError) {
      out(`error: ${e.message}`);
      return USAGE;
    }
    throw e;
  }
}
