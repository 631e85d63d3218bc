import { runCli } from '../../apps/cli/test/cli-process.js';

/** Bad input, as the process reports it: exit code 2 and a message on stderr that names the flag. */
const CASES: Array<[string[], RegExp]> = [
  [['demo', '--symbol', 'FOOUSDT'], /--symbol FOOUSDT .*known symbols: BTCUSDT, ETHUSDT, SOLUSDT/],
  [['demo', '--symbol', 'btc-usdt'], /--symbol must be letters and digits/],
  [['demo', '--qty', 'lots'], /--qty must be a positive decimal/],
  [['demo', '--qty', '0'], /--qty must be a positive decimal/],
  [['demo', '--venue', 'paper', '--qty', '0.0001'], /--qty: quantity 0.0001 is not a multiple/],
  [['demo', '--horizon', '5'], /--horizon 5 has no unit: use 5m/],
  [['demo', '--horizon', 'soon'], /--horizon must be a duration/],
  [['demo', '--side', 'long'], /--side must be buy or sell/],
  [['demo', '--slices', '2.5'], /--slices must be a positive whole number/],
  [['demo', '--seed', '-1'], /--seed must be a positive whole number/],
  [['demo', '--venue', 'nyse'], /--venue must be paper or sim/],
  [['demo', '--bogus'], /unknown flag --bogus/],
  [['demo', 'now'], /unexpected argument "now"/],
  [['submit'], /--qty is required/],
  [['submit', '--qty', '1', '--horizon', '10'], /--horizon 10 has no unit/],
  [['submit', '--qty', '1', '--timeout', '5'], /--timeout 5 has no unit/],
  [['schedule', 'twap', '--qty', '1', '--slices', '5', '--horizon', '60'], /--horizon 60 has no unit/],
  [
    ['schedule', 'vwap', '--qty', '1', '--slices', '5', '--horizon', '1h', '--smooth', '15'],
    /--smooth 15 has no unit/,
  ],
  [
    ['schedule', 'pov', '--qty', '1', '--rate', '0.1', '--volume-per-minute', '5', '--max-horizon', '60'],
    /--max-horizon 60 has no unit/,
  ],
  [['schedule', 'nonsense'], /unknown algorithm/],
  [['bogus'], /unknown command "bogus"/],
];

describe('bad input exits 2 with a message naming the flag', () => {
  it.each(CASES)(
    'tranche %p',
    async (args, message) => {
      const r = await runCli(args, { timeoutMs: 20_000 });
      expect(r.timedOut).toBe(false);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    },
    30_000,
  );

  it('a lower-case symbol is read as the upper-case one, not refused', async () => {
    const r = await runCli(
      [
        'demo',
        '--symbol',
        'ethusdt',
        '--venue',
        'paper',
        '--qty',
        '1',
        '--horizon',
        '10m',
        '--slices',
        '2',
        '--json',
      ],
      {
        timeoutMs: 30_000,
      },
    );
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { parent: { symbol: string } }).parent.symbol).toBe('ETHUSDT');
  }, 30_000);
});
