import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import {
  almgrenChriss,
  buildVolumeProfile,
  DEFAULT_SIZE_JITTER,
  DEFAULT_TIMING_JITTER,
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
import {
  type CommandSpec,
  EXIT_USAGE,
  type FlagSpec,
  helpText,
  parseArgs,
  parseDuration,
  rejectPositional,
  UsageError,
} from './args.js';

const COMMON_VENUE_FLAGS: readonly FlagSpec[] = [
  { name: 'qty', value: 'Q', required: true, help: 'quantity to trade, a decimal on the --qty-step grid' },
  { name: 'slices', value: 'N', required: true, help: 'number of slices (buckets of the window)' },
  { name: 'horizon', value: 'DURATION', required: true, help: 'length of the window: 90s, 15m, 2h' },
  { name: 'start', value: 'ISO|ms', default: 'now', help: 'start of the window, ISO time or epoch ms' },
  { name: 'qty-step', value: 'STEP', default: '0.001', help: 'venue quantity step' },
  { name: 'min-qty', value: 'Q', default: 'the --qty-step', help: 'venue minimum order quantity' },
  { name: 'seed', value: 'N', help: 'randomise timing and sizes from this seed (default: no jitter)' },
  {
    name: 'timing-jitter',
    value: 'F',
    default: String(DEFAULT_TIMING_JITTER),
    help: 'timing jitter, fraction of a slice interval in [0, 0.5]; needs --seed',
  },
  {
    name: 'size-jitter',
    value: 'F',
    default: String(DEFAULT_SIZE_JITTER),
    help: 'size jitter, fraction of a slice in [0, 0.5]; needs --seed',
  },
];
const JSON_FLAG: FlagSpec = { name: 'json', help: 'print one JSON object' };
const DECIMALS_NOTE = 'Venue quantities are decimal strings on the --qty-step grid.';

const SPECS: Record<'is' | 'twap' | 'vwap' | 'pov', CommandSpec> = {
  is: {
    name: 'schedule is',
    summary:
      'Almgren-Chriss optimal trajectory (discrete closed forms): trades n_k and holdings x_k per period.',
    flags: [
      { name: 'qty', value: 'X', required: true, help: 'quantity to trade' },
      { name: 'price', value: 'P', help: 'price, to show costs in bps of notional (default: not shown)' },
      { name: 'sigma', value: 'S', required: true, help: 'volatility, price units per sqrt(time unit)' },
      {
        name: 'eta',
        value: 'E',
        required: true,
        help: 'temporary impact, price per (quantity per time unit)',
      },
      { name: 'gamma', value: 'G', default: '0', help: 'permanent impact, price per quantity' },
      {
        name: 'epsilon',
        value: 'EPS',
        default: '0',
        help: 'fixed cost per unit traded (half spread plus fees)',
      },
      { name: 'risk-aversion', value: 'L', help: 'risk aversion lambda; give this or --urgency' },
      {
        name: 'urgency',
        value: 'U',
        help: 'urgency in [0, 1], mapped to a risk aversion; give this or --risk-aversion',
      },
      {
        name: 'horizon',
        value: 'T',
        required: true,
        help: 'horizon as a count of the time unit --sigma and --eta are quoted in (a plain number)',
      },
      { name: 'slices', value: 'N', required: true, help: 'number of trading periods' },
      JSON_FLAG,
    ],
    notes: [
      'The closed forms do not depend on the time unit, so the unit is yours: with a daily --sigma and',
      '--eta, --horizon 5 is five days. It is the one --horizon that takes a plain number.',
      'Example (the Almgren-Chriss paper): --qty 1000000 --price 50 --sigma 0.95 --eta 2.5e-6',
      '  --gamma 2.5e-7 --epsilon 0.0625 --risk-aversion 1e-6 --horizon 5 --slices 5',
    ],
  },
  twap: {
    name: 'schedule twap',
    summary: 'Equal slices at equal intervals over the window.',
    flags: [...COMMON_VENUE_FLAGS, JSON_FLAG],
    notes: [DECIMALS_NOTE],
  },
  vwap: {
    name: 'schedule vwap',
    summary:
      'Slices in proportion to the volume expected in each bucket, from a profile of 1-minute bars ' +
      '(minute of the UTC day). Buckets the bars do not cover get no quantity: a warning says which.',
    flags: [
      ...COMMON_VENUE_FLAGS,
      {
        name: 'klines',
        value: 'FILE',
        help: '1-minute bars "time,open,high,low,close,volume", .csv or .zip (default: none, falls back to TWAP)',
      },
      {
        name: 'klines-day',
        value: 'YYYY-MM-DD',
        default: 'a YYYYMMDD in the file name',
        help: 'day of bars whose time is ms since midnight (LEAN files)',
      },
      {
        name: 'smooth',
        value: 'DURATION',
        default: '1m (none)',
        help: 'smooth the profile over this window, whole minutes',
      },
      JSON_FLAG,
    ],
    notes: [DECIMALS_NOTE, 'Warnings go to stderr, and into "warnings" with --json.'],
  },
  pov: {
    name: 'schedule pov',
    summary: 'Percentage of volume: slices that keep to a share of the forecast market volume.',
    flags: [
      { name: 'qty', value: 'Q', required: true, help: 'quantity to trade' },
      { name: 'rate', value: 'R', required: true, help: 'participation rate in (0, 1], e.g. 0.1' },
      { name: 'volume-per-minute', value: 'V', required: true, help: 'forecast market volume per minute' },
      { name: 'max-horizon', value: 'DURATION', default: '24h', help: 'never schedule past this' },
      { name: 'start', value: 'ISO|ms', default: 'now', help: 'start, ISO time or epoch ms' },
      { name: 'qty-step', value: 'STEP', default: '0.001', help: 'venue quantity step' },
      { name: 'min-qty', value: 'Q', default: 'the --qty-step', help: 'venue minimum order quantity' },
      JSON_FLAG,
    ],
    notes: [DECIMALS_NOTE],
  },
};

export const SCHEDULE_SPEC: CommandSpec = {
  name: 'schedule',
  summary: 'Pre-trade schedules. Each algorithm has its own flags: tranche schedule <algorithm> --help.',
  usage: '<is|twap|vwap|pov> [flags] [--json]',
  flags: [],
  notes: [
    'algorithms:',
    '  is    Almgren-Chriss optimal trajectory',
    '  twap  equal slices over --horizon',
    '  vwap  slices weighted by a 1-minute volume profile (--klines)',
    '  pov   slices at a share of forecast volume',
    '',
    'Bad input exits with code 2 and a message naming the flag.',
  ],
};

type Flags = Map<string, string | true>;
type Out = (line: string) => void;

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

/** A schedule warning from the core, or one the CLI adds about its own inputs. */
interface CliWarning {
  code: ScheduleWarning['code'] | 'PROFILE_GAP';
  message: string;
}

function sliceTable(slices: readonly ScheduledSlice[], out: Out): void {
  out(`${'#'.padStart(4)}  ${'due (UTC)'.padEnd(24)}  quantity`);
  for (const s of slices)
    out(
      `${String(s.index + 1).padStart(4)}  ${new Date(s.dueMs).toISOString().padEnd(24)}  ${s.quantity.padStart(14)}`,
    );
}

function sliceJson(
  algorithm: string,
  slices: readonly ScheduledSlice[],
  warnings: readonly CliWarning[],
  extra: object = {},
): string {
  return JSON.stringify({ algorithm, ...extra, slices, warnings });
}

/** Plain numbers only: the unit is whatever --sigma and --eta are quoted in. */
function modelHorizon(flags: Flags): number {
  const raw = str(flags, 'horizon');
  if (raw !== undefined && /^\d+(\.\d+)?(ms|s|m|h|d)$/.test(raw.trim()))
    throw new UsageError(
      `--horizon for 'schedule is' counts the time unit --sigma and --eta are quoted in, so it takes a plain number ` +
        `(e.g. 5 for five days with a daily --sigma), got ${JSON.stringify(raw)}`,
    );
  return num(flags, 'horizon');
}

function runIs(flags: Flags, out: Out): void {
  const quantity = num(flags, 'qty');
  const horizon = modelHorizon(flags);
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

function durationFlag(flags: Flags, name: string, dflt?: string): number {
  const raw = str(flags, name) ?? dflt;
  if (raw === undefined) throw new UsageError(`missing --${name}, e.g. --${name} 1h`);
  return parseDuration(name, raw);
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;
const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);

/**
 * The profile only knows the minutes of the UTC day the bars cover; a bucket outside them has a
 * zero share and gets no quantity, so its slice disappears and the rest of the order is squeezed
 * into the covered part of the window. Say which part of the window that was, and what it cost.
 */
export function profileGapWarning(
  bars: readonly MinuteBar[],
  startMs: number,
  horizonMs: number,
  slices: number,
): CliWarning | undefined {
  const covered = new Set<number>();
  for (const b of bars)
    covered.add(((Math.floor(b.tsMs / MINUTE_MS) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES);
  if (covered.size === 0 || covered.size === DAY_MINUTES) return undefined;
  const isCovered = (t: number) =>
    covered.has(((Math.floor(t / MINUTE_MS) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES);
  const endMs = startMs + horizonMs;
  // Uncovered stretches of the window, at minute resolution; a window longer than a day repeats
  // the same minutes, so one day of it tells the whole story.
  const gaps: Array<[number, number]> = [];
  const scanEnd = Math.min(endMs, startMs + DAY_MINUTES * MINUTE_MS);
  for (let t = startMs; t < scanEnd;) {
    const next = Math.min(scanEnd, (Math.floor(t / MINUTE_MS) + 1) * MINUTE_MS);
    if (!isCovered(t)) {
      const last = gaps[gaps.length - 1];
      if (last && last[1] === t) last[1] = next;
      else gaps.push([t, next]);
    }
    t = next;
  }
  if (gaps.length === 0) return undefined;
  // Same bucket edges as the VWAP schedule itself.
  const interval = horizonMs / slices;
  let lost = 0;
  for (let i = 0; i < slices; i++) {
    const from = startMs + Math.floor(i * interval);
    const to = i === slices - 1 ? endMs : startMs + Math.floor((i + 1) * interval);
    let anyCovered = false;
    for (let t = Math.floor(from / MINUTE_MS) * MINUTE_MS; t < to && !anyCovered; t += MINUTE_MS)
      anyCovered = isCovered(Math.max(t, from));
    if (!anyCovered) lost++;
  }
  const shown = gaps.slice(0, 3).map(([a, b]) => `${hhmm(a)}-${hhmm(b)}`);
  const more = gaps.length > 3 ? ` and ${gaps.length - 3} more` : '';
  return {
    code: 'PROFILE_GAP',
    message:
      `the --klines bars have no data for ${shown.join(', ')}${more} UTC of the window (they cover ` +
      `${covered.size} of the ${DAY_MINUTES} minutes of the UTC day): ${lost} of ${slices} slices fall ` +
      `wholly outside the bars and get no quantity, the rest of the order goes to the covered minutes. Give bars that cover ` +
      `the whole window, or use schedule twap.`,
  };
}

function runTwapOrVwap(algo: 'twap' | 'vwap', flags: Flags, out: Out, err: Out): void {
  const quantity = decimalFlag(flags, 'qty');
  const slices = num(flags, 'slices');
  const horizonMs = durationFlag(flags, 'horizon');
  const input = {
    quantity,
    startMs: startMs(flags),
    horizonMs,
    slices,
    rules: rulesFrom(flags),
    jitter: jitterFrom(flags),
  };
  let result: { slices: ScheduledSlice[]; warnings: CliWarning[] };
  if (algo === 'twap') result = { slices: twapSchedule(input), warnings: [] };
  else {
    const path = str(flags, 'klines');
    const smoothMs = flags.has('smooth') ? durationFlag(flags, 'smooth') : undefined;
    if (smoothMs !== undefined && smoothMs % MINUTE_MS !== 0)
      throw new UsageError(
        `--smooth must be whole minutes such as 15m, got ${JSON.stringify(str(flags, 'smooth'))}`,
      );
    const bars = path === undefined ? undefined : loadBars(path, str(flags, 'klines-day'));
    const profile =
      bars === undefined
        ? null
        : buildVolumeProfile(bars, smoothMs ? { smoothMinutes: smoothMs / MINUTE_MS } : {});
    const r = vwapSchedule({ ...input, profile });
    result = { slices: r.slices, warnings: [...r.warnings] };
    // A profile with no volume at all already fell back to TWAP and says so.
    const gap =
      bars && !r.warnings.some((w) => w.code === 'EMPTY_PROFILE')
        ? profileGapWarning(bars, input.startMs, horizonMs, slices)
        : undefined;
    if (gap) result.warnings.push(gap);
  }
  for (const w of result.warnings) err(`warning: ${w.code}: ${w.message}`);
  if (flags.has('json')) out(sliceJson(algo.toUpperCase(), result.slices, result.warnings));
  else sliceTable(result.slices, out);
}

function runPov(flags: Flags, out: Out, err: Out): void {
  const r = povSchedule({
    quantity: decimalFlag(flags, 'qty'),
    startMs: startMs(flags),
    rules: rulesFrom(flags),
    participationRate: num(flags, 'rate'),
    volumePerMinute: num(flags, 'volume-per-minute'),
    maxHorizonMs: durationFlag(flags, 'max-horizon', '24h'),
  });
  for (const w of r.warnings) err(`warning: ${w.code}: ${w.message}`);
  if (flags.has('json'))
    out(sliceJson('POV', r.slices, r.warnings, { endMs: r.endMs, unscheduledQty: r.unscheduledQty }));
  else {
    sliceTable(r.slices, out);
    out(`expected end ${new Date(r.endMs).toISOString()}, unscheduled ${r.unscheduledQty}`);
  }
}

const writeStderr: Out = (line) => process.stderr.write(line + '\n');

/**
 * `tranche schedule is|twap|vwap|pov ...`: pre-trade schedules for users and scripts. Results go to
 * `out`; errors and warnings to `err`, so `--json` output stays parseable. Returns the exit code.
 */
export async function scheduleCommand(args: string[], out: Out, err: Out = writeStderr): Promise<number> {
  const [algo, ...rest] = args;
  if (algo === '--help' || algo === '-h' || algo === 'help') {
    helpText(SCHEDULE_SPEC).forEach((l) => out(l));
    return 0;
  }
  if (algo === undefined || !(algo in SPECS)) {
    err(
      `error: ${algo === undefined ? 'missing algorithm' : `unknown algorithm ${JSON.stringify(algo)}`}; expected is, twap, vwap or pov`,
    );
    helpText(SCHEDULE_SPEC).forEach((l) => err(l));
    return EXIT_USAGE;
  }
  const spec = SPECS[algo as keyof typeof SPECS];
  try {
    const parsed = parseArgs(rest, spec);
    if (parsed.help) {
      helpText(spec).forEach((l) => out(l));
      return 0;
    }
    rejectPositional(parsed, spec);
    const flags = parsed.flags;
    if (algo === 'is') runIs(flags, out);
    else if (algo === 'twap' || algo === 'vwap') runTwapOrVwap(algo, flags, out, err);
    else runPov(flags, out, err);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`error: ${e.message}`);
      return EXIT_USAGE;
    }
    if (e instanceof InvalidInputError) {
      const flag = FIELD_TO_FLAG[e.field] ?? e.field;
      err(`error: ${flag}: ${e.message.slice(e.field.length + 2)}`);
      return EXIT_USAGE;
    }
    if (e instanceof ExecutionCoreError) {
      err(`error: ${e.message}`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
