import { writeFileSync } from 'node:fs';
import { DEFAULT_SYNTHETIC } from '@tranche/bybit-sim';
import { DEFAULT_INSTRUMENTS } from '@tranche/engine';
import {
  type CommandSpec,
  flagValue,
  formatDuration,
  helpText,
  parseArgs,
  parseDuration,
  parsePositiveInt,
  parseSymbol,
  rejectPositional,
  UsageError,
} from '../args.js';
import { DEMO_SYMBOLS, modelSetup, type ModelSetup } from '../demo.js';
import { generateOrders, type BacktestOrder } from './orders.js';
import { htmlReport, textReport } from './report.js';
import { BACKTEST_POLICIES, runOne, type BacktestPolicy, type BacktestRun } from './run.js';
import { summarise } from './summary.js';

/** A parent larger than this share of its horizon's expected volume is cut to it (10% limit, some margin). */
const MAX_PARTICIPATION = 0.08;
/** On a replay, where in the data an order starts: a little data first so the book and trades exist. */
const REPLAY_WARM_UP_MS: [number, number] = [10_000, 30_000];
/** Base units a day on the synthetic market: its mean volume per second over a day. */
const SYNTHETIC_ADV = DEFAULT_SYNTHETIC.tradesPerSecond * DEFAULT_SYNTHETIC.meanTradeSize * 86_400;

export const BACKTEST_SPEC: CommandSpec = {
  name: 'backtest',
  summary:
    'Run many generated parent orders in this process, each under every policy on the same market ' +
    'from the same start (paired, a fresh simulator per run), and report IS per policy with the ' +
    'paired difference against TWAP and its bootstrap 95% CI.',
  flags: [
    { name: 'orders', value: 'N', default: '20', help: 'parent orders to generate' },
    {
      name: 'policies',
      value: 'LIST',
      default: 'twap,vwap,is,pov,adaptive,heuristic',
      help: `comma-separated, from ${BACKTEST_POLICIES.join(', ')}; twap is always run as the baseline`,
    },
    { name: 'seed', value: 'N', default: '42', help: 'seed of the orders, the markets and the bootstrap' },
    {
      name: 'size-adv',
      value: 'LO..HI',
      default: '0.002%..0.02%',
      help: 'parent size as a share of average daily volume (log-uniform), cut to what can finish at the participation limit',
    },
    { name: 'horizon', value: 'LO..HI', default: '5m..30m', help: 'horizons (log-uniform), e.g. 5m..30m' },
    { name: 'symbol', value: 'SYMBOL', default: 'BTCUSDT', help: `one of ${DEMO_SYMBOLS.join(', ')}` },
    {
      name: 'replay',
      value: 'FILE[,FILE]',
      help: "replay recorded data in one of the simulator's replay formats instead of the synthetic market",
    },
    {
      name: 'adv',
      value: 'QTY',
      help: `average daily volume in base units (default: the synthetic market's, ${Math.round(SYNTHETIC_ADV)})`,
    },
    {
      name: 'warm-up',
      value: 'DURATION',
      default: '30m',
      help:
        "synthetic market time before each order, so the router's daily volume and volatility are a " +
        "day's (shorter runs faster but the router then sizes daily volume from less); a replay starts 10-30 s in",
    },
    { name: 'json', help: 'print one JSON object (config, summary, runs) instead of text' },
    { name: 'out', value: 'FILE', help: 'also write a self-contained HTML report (no network needed)' },
  ],
  notes: [
    'IS is implementation shortfall in bps against the arrival price (positive = cost). vs TWAP is',
    "TWAP's IS minus the policy's on the same order: positive means the policy was cheaper.",
    'Unfilled parents and runs that failed are counted (filled, failed), never dropped.',
    'On a replay each order starts 10-30 s into the data: keep horizons within the data span.',
    'Exit status: 0 every run ran and the venue recorded no duplicate or over-fill; 1 otherwise;',
    '2 bad input (the message names the flag).',
  ],
};

/** "0.05%..0.5%", "0.001..0.002" or one value; percentages are divided by 100. */
export function parseShareRange(flag: string, value: string): [number, number] {
  const one = (v: string) => {
    const m = /^(\d*\.?\d+)(%?)$/.exec(v.trim());
    const n = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
    if (!(n > 0 && n < 1))
      throw new UsageError(`--${flag} must be shares such as 0.05%..0.5%, got ${JSON.stringify(value)}`);
    return n;
  };
  return orderedRange(flag, value.split('..').map(one), value);
}

export function parseDurationRange(flag: string, value: string): [number, number] {
  return orderedRange(
    flag,
    value.split('..').map((v) => parseDuration(flag, v)),
    value,
  );
}

function orderedRange(flag: string, xs: number[], raw: string): [number, number] {
  if (xs.length === 1) return [xs[0]!, xs[0]!];
  if (xs.length !== 2 || xs[0]! > xs[1]!)
    throw new UsageError(`--${flag} must be LO..HI with LO <= HI, got ${JSON.stringify(raw)}`);
  return [xs[0]!, xs[1]!];
}

export function parsePolicies(value: string): BacktestPolicy[] {
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const n of names)
    if (!(BACKTEST_POLICIES as readonly string[]).includes(n))
      throw new UsageError(
        `--policies: unknown policy ${JSON.stringify(n)}; known: ${BACKTEST_POLICIES.join(', ')}`,
      );
  // TWAP first: every other policy is measured against it on the same orders.
  return ['twap', ...new Set(names.filter((n) => n !== 'twap'))] as BacktestPolicy[];
}

type Out = (line: string) => void;

export async function backtestCommand(
  argv: string[],
  out: Out,
  env: NodeJS.ProcessEnv = process.env,
  progress?: Out,
): Promise<number> {
  const parsed = parseArgs(argv, BACKTEST_SPEC);
  if (parsed.help) {
    helpText(BACKTEST_SPEC).forEach((l) => out(l));
    return 0;
  }
  rejectPositional(parsed, BACKTEST_SPEC);
  const get = (name: string) => flagValue(parsed, BACKTEST_SPEC, name);
  const symbol = parseSymbol(get('symbol')!);
  const rules = DEFAULT_INSTRUMENTS.get(symbol);
  if (!rules)
    throw new UsageError(
      `--symbol ${symbol} is not one the backtest can trade; known: ${DEMO_SYMBOLS.join(', ')}`,
    );
  const replayArg = get('replay');
  const replay = replayArg?.split(',').map((path) => ({ path: path.trim(), symbol }));
  const advArg = get('adv');
  const adv = advArg === undefined ? SYNTHETIC_ADV : Number(advArg);
  if (!(adv > 0)) throw new UsageError(`--adv must be a positive number, got ${JSON.stringify(advArg)}`);
  const warmUp = parseDuration('warm-up', get('warm-up')!);
  const config = {
    orders: parsePositiveInt('orders', get('orders')!),
    policies: parsePolicies(get('policies')!),
    seed: parsePositiveInt('seed', get('seed')!),
    sizeAdv: parseShareRange('size-adv', get('size-adv')!),
    horizonMs: parseDurationRange('horizon', get('horizon')!),
    symbol,
    market: replay ? { type: 'replay', files: replay.map((f) => f.path) } : { type: 'synthetic' },
    adv,
    maxParticipation: MAX_PARTICIPATION,
    warmUpMs: (replay ? REPLAY_WARM_UP_MS : [warmUp, warmUp]) as [number, number],
  };
  const json = parsed.flags.get('json') === true;
  const outFile = get('out');

  const orders = generateOrders({
    count: config.orders,
    seed: config.seed,
    sizeAdv: config.sizeAdv,
    horizonMs: config.horizonMs,
    adv,
    qtyStep: rules.qtyStep,
    minQty: rules.minOrderQty,
    maxParticipation: MAX_PARTICIPATION,
    warmUpMs: config.warmUpMs,
  });

  const model: ModelSetup | undefined = config.policies.includes('llm')
    ? await modelSetup(env, 'tranche backtest')
    : undefined;
  const runs: BacktestRun[] = [];
  const started = Date.now();
  try {
    for (const order of orders) {
      for (const policy of config.policies)
        runs.push(
          await runOne(order, policy, {
            symbol,
            ...(replay ? { replay } : {}),
            ...(model ? { llm: model.settings } : {}),
          }),
        );
      progress?.(`order ${order.index + 1}/${orders.length} done (${describe(order)})`);
    }
  } finally {
    await model?.close();
  }
  const elapsedS = (Date.now() - started) / 1000;
  const summary = summarise(runs, config.policies, config.seed);
  const report = { config, summary, runs };
  if (json) out(JSON.stringify(report));
  else {
    textReport(report).forEach((l) => out(l));
    out(
      `${runs.length} parent runs in ${elapsedS.toFixed(1)} s (${(runs.length / Math.max(elapsedS, 1e-9)).toFixed(2)} parent runs/s)${model ? `; llm: ${model.where}` : ''}`,
    );
  }
  if (outFile) writeFileSync(outFile, htmlReport(report));
  const ok = runs.every((r) => r.isBps !== null && r.venueViolations === 0);
  return ok ? 0 : 1;
}

const describe = (o: BacktestOrder) =>
  `${o.side.toLowerCase()} ${o.quantity} over ${formatDuration(o.horizonMs)}${o.capped ? ', size cut to the participation limit' : ''}`;
