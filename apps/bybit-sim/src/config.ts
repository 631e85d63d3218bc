import { DEFAULT_CREDENTIALS } from './core/auth.js';
import { SimConfigError } from './core/errors.js';
import type { FaultConfig } from './core/faults.js';
import type { PermanentImpactConfig } from './core/impact.js';
import { DEFAULT_IMPACT } from './core/venue.js';
import type { SimulatorOptions } from './simulator.js';

export const USAGE = `bybit-sim: a Bybit v5-compatible venue simulator

  node apps/bybit-sim/dist/main.js [flags]

flags (environment variable in brackets):
  --port N              listen port, 0 = a free one (SIM_PORT, default 0)
  --host H              listen address (SIM_HOST, default 127.0.0.1)
  --market M            synthetic | replay (SIM_MARKET, default synthetic)
  --replay F[,F...]     replay files; format detected (SIM_REPLAY); implies --market replay
  --replay-symbol S     simulator symbol for the replayed data (SIM_REPLAY_SYMBOL)
  --symbols A,B         synthetic symbols (SIM_SYMBOLS, default BTCUSDT)
  --seed N              synthetic seed (SIM_SEED, default 42)
  --speed X             1 = real time, 10, max, manual (SIM_SPEED, default 1)
  --impact M            sqrt | kyle | none (SIM_IMPACT, default sqrt)
  --impact-y Y          square-root prefactor (SIM_IMPACT_Y, default 0.7)
  --kyle-lambda L       USDT per base unit for --impact kyle (SIM_KYLE_LAMBDA)
  --half-life MS        resilience half-life of consumed liquidity (SIM_HALF_LIFE_MS, default 5000)
  --fees M,T            maker,taker fee rates (SIM_FEES, default 0.0002,0.00055)
  --faults JSON         fault config, e.g. '{"latencyMs":50,"http5xx":{"rate":0.01}}' (SIM_FAULTS)
  --dcp-refused K       refuse disconnect cancel-all: all, or keys K1,K2 (SIM_DCP_REFUSED)
credentials: SIM_API_KEY / SIM_API_SECRET (defaults ${DEFAULT_CREDENTIALS.apiKey} / ${DEFAULT_CREDENTIALS.apiSecret})
`;

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new SimConfigError(`${name} must be a number, got "${v}"`);
  return n;
}

/** Parse flags and environment once into SimulatorOptions; nothing else reads process.env. */
export function loadConfig(
  argv: string[],
  env: Record<string, string | undefined>,
): SimulatorOptions & { help?: boolean } {
  const flags = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      help = true;
      continue;
    }
    if (!a.startsWith('--')) throw new SimConfigError(`unexpected argument "${a}"; see --help`);
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--'))
        throw new SimConfigError(`flag ${a} needs a value; see --help`);
      flags.set(a.slice(2), v);
      i++;
    }
  }
  const known = [
    'port',
    'host',
    'market',
    'replay',
    'replay-symbol',
    'symbols',
    'seed',
    'speed',
    'impact',
    'impact-y',
    'kyle-lambda',
    'half-life',
    'fees',
    'faults',
    'dcp-refused',
  ];
  for (const k of flags.keys())
    if (!known.includes(k)) throw new SimConfigError(`unknown flag --${k}; see --help`);
  const get = (flag: string, envName: string): string | undefined => flags.get(flag) ?? env[envName];

  const replay = get('replay', 'SIM_REPLAY');
  const marketKind = get('market', 'SIM_MARKET') ?? (replay ? 'replay' : 'synthetic');
  const symbols = get('symbols', 'SIM_SYMBOLS')?.split(',').filter(Boolean);
  let market: SimulatorOptions['market'];
  if (marketKind === 'replay') {
    if (!replay) throw new SimConfigError('--market replay needs --replay <file>[,<file>]');
    const symbol = get('replay-symbol', 'SIM_REPLAY_SYMBOL');
    market = { type: 'replay', files: replay.split(',').map((path) => ({ path, symbol })) };
  } else if (marketKind === 'synthetic') {
    market = {
      type: 'synthetic',
      symbols: symbols ?? ['BTCUSDT'],
      seed: num('--seed', get('seed', 'SIM_SEED')) ?? 42,
    };
  } else {
    throw new SimConfigError(`--market must be synthetic or replay, got "${marketKind}"`);
  }

  const speedRaw = get('speed', 'SIM_SPEED') ?? '1';
  const speed = speedRaw === 'max' || speedRaw === 'manual' ? speedRaw : num('--speed', speedRaw);

  const impactKind = get('impact', 'SIM_IMPACT') ?? 'sqrt';
  let impact: PermanentImpactConfig;
  if (impactKind === 'sqrt')
    impact = {
      ...DEFAULT_IMPACT,
      y: num('--impact-y', get('impact-y', 'SIM_IMPACT_Y')) ?? 0.7,
    } as PermanentImpactConfig;
  else if (impactKind === 'kyle') {
    const lambda = num('--kyle-lambda', get('kyle-lambda', 'SIM_KYLE_LAMBDA'));
    if (lambda === undefined)
      throw new SimConfigError('--impact kyle needs --kyle-lambda (USDT per base unit)');
    impact = { model: 'kyle', lambda };
  } else if (impactKind === 'none') impact = { model: 'none' };
  else throw new SimConfigError(`--impact must be sqrt, kyle or none, got "${impactKind}"`);

  let fees: SimulatorOptions['fees'];
  const feesRaw = get('fees', 'SIM_FEES');
  if (feesRaw) {
    const [m, t] = feesRaw.split(',');
    fees = { maker: num('--fees maker', m) ?? 0, taker: num('--fees taker', t) ?? 0 };
  }

  let faults: FaultConfig | undefined;
  const faultsRaw = get('faults', 'SIM_FAULTS');
  if (faultsRaw) {
    try {
      faults = JSON.parse(faultsRaw) as FaultConfig;
    } catch {
      throw new SimConfigError(`--faults must be JSON, e.g. '{"latencyMs":50}'`);
    }
  }

  const dcpRaw = get('dcp-refused', 'SIM_DCP_REFUSED') || undefined;
  const dcpKeys = dcpRaw?.split(',').filter(Boolean);
  if (dcpRaw !== undefined && (dcpKeys === undefined || dcpKeys.length === 0))
    throw new SimConfigError('--dcp-refused needs "all" or a comma-separated list of API keys');
  const dcpRefused = dcpKeys === undefined ? undefined : dcpRaw === 'all' ? true : dcpKeys;

  return {
    help,
    port: num('--port', get('port', 'SIM_PORT')) ?? 0,
    host: get('host', 'SIM_HOST') ?? '127.0.0.1',
    market,
    speed,
    symbols: marketKind === 'synthetic' ? symbols : undefined,
    impact,
    resilienceHalfLifeMs: num('--half-life', get('half-life', 'SIM_HALF_LIFE_MS')),
    fees,
    faults,
    dcpRefused,
    credentials: {
      apiKey: env.SIM_API_KEY ?? DEFAULT_CREDENTIALS.apiKey,
      apiSecret: env.SIM_API_SECRET ?? DEFAULT_CREDENTIALS.apiSecret,
    },
  };
}
