import { runCli } from '../../apps/cli/test/cli-process.js';

/** Each command and subcommand, and the flags (with defaults, where they have one) its help must list. */
const COMMANDS: Array<{ args: string[]; flags: string[]; defaults: string[] }> = [
  {
    args: ['demo'],
    flags: ['symbol', 'side', 'qty', 'horizon', 'slices', 'seed', 'venue', 'json', 'verbose'],
    defaults: ['BTCUSDT', 'buy', '25', '2h', '24', '42', 'sim'],
  },
  {
    args: ['backtest'],
    flags: [
      'orders',
      'policies',
      'seed',
      'size-adv',
      'horizon',
      'symbol',
      'replay',
      'adv',
      'warm-up',
      'json',
      'out',
    ],
    defaults: [
      '20',
      'twap,vwap,is,pov,adaptive,heuristic',
      '42',
      '0.002%..0.02%',
      '5m..30m',
      'BTCUSDT',
      '30m',
    ],
  },
  {
    args: ['submit'],
    flags: [
      'symbol',
      'side',
      'qty',
      'horizon',
      'slices',
      'jitter',
      'timing-jitter',
      'size-jitter',
      'client-id',
      'nats',
      'timeout',
      'follow',
      'queue',
    ],
    defaults: ['BTCUSDT', 'buy', '10m', '10', '5s', '0.3', '0.2'],
  },
  {
    args: ['amend'],
    flags: [
      'deadline-in',
      'deadline',
      'urgency',
      'limit-price',
      'no-limit-price',
      'reason',
      'nats',
      'timeout',
    ],
    defaults: ['amended by its owner', '10s'],
  },
  { args: ['get'], flags: ['json', 'nats', 'timeout'], defaults: ['5s'] },
  { args: ['schedule'], flags: [], defaults: [] },
  {
    args: ['schedule', 'is'],
    flags: [
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
    defaults: ['0'],
  },
  {
    args: ['schedule', 'twap'],
    flags: [
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
    ],
    defaults: ['now', '0.001', '0.3', '0.2'],
  },
  {
    args: ['schedule', 'vwap'],
    flags: ['qty', 'slices', 'horizon', 'klines', 'klines-day', 'smooth', 'json'],
    defaults: ['now', '0.001'],
  },
  {
    args: ['schedule', 'pov'],
    flags: ['qty', 'rate', 'volume-per-minute', 'max-horizon', 'start', 'qty-step', 'min-qty', 'json'],
    defaults: ['24h', 'now', '0.001'],
  },
];

describe('every tranche command answers --help and -h', () => {
  it.each(COMMANDS.flatMap((c) => ['--help', '-h'].map((h) => [[...c.args, h].join(' '), c, h] as const)))(
    'tranche %s prints its flags with their defaults and exits 0',
    async (_name, c, h) => {
      const r = await runCli([...c.args, h], { timeoutMs: 20_000 });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: tranche ${c.args.join(' ')} `));
      for (const f of [...c.flags, 'help']) expect(r.stdout).toMatch(new RegExp(`^  --${f}\\b`, 'm'));
      for (const d of c.defaults) expect(r.stdout).toContain(`(default: ${d})`);
    },
    30_000,
  );

  it('help after other flags still wins, so a half-typed command can ask for help', async () => {
    const r = await runCli(['schedule', 'twap', '--qty', '1', '--help'], { timeoutMs: 20_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: tranche schedule twap/);
  }, 30_000);

  it.each([['--help'], ['-h'], ['help'], ['help', 'demo']].map((args) => [args.join(' '), args] as const))(
    'tranche %s exits 0',
    async (_name, args) => {
      const r = await runCli(args, { timeoutMs: 20_000 });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^usage: tranche /);
    },
    30_000,
  );
});
