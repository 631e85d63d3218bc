import { parseDuration } from './args.js';
import { scheduleCommand } from './schedule.js';

async function run(...args: string[]): Promise<{ code: number; lines: string[]; errors: string[] }> {
  const lines: string[] = [];
  const errors: string[] = [];
  const code = await scheduleCommand(
    args,
    (l) => lines.push(l),
    (l) => errors.push(l),
  );
  return { code, lines, errors };
}

const START = ['--start', '2025-01-01T00:00:00Z'];

describe('durations are written one way in every command', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration('horizon', text)).toBe(ms);
  });

  it('a bare number is refused with the units to choose from, not read as minutes or milliseconds', () => {
    expect(() => parseDuration('horizon', '5')).toThrow('--horizon 5 has no unit: use 5m, 5h, 5s or 5ms');
  });

  it('schedule twap --horizon 2h spreads the slices over two hours', async () => {
    const { code, lines } = await run(
      'twap',
      '--qty',
      '4',
      '--slices',
      '4',
      '--horizon',
      '2h',
      ...START,
      '--json',
    );
    expect(code).toBe(0);
    const r = JSON.parse(lines[0]!) as { slices: { dueMs: number }[] };
    expect(r.slices.map((s) => s.dueMs - Date.parse('2025-01-01T00:00:00Z'))).toEqual([
      0, 1_800_000, 3_600_000, 5_400_000,
    ]);
  });

  it.each([
    [['twap', '--qty', '1', '--slices', '2', '--horizon', '30'], '--horizon 30 has no unit'],
    [['vwap', '--qty', '1', '--slices', '2', '--horizon', '30'], '--horizon 30 has no unit'],
    [
      ['vwap', '--qty', '1', '--slices', '2', '--horizon', '30m', '--smooth', '15'],
      '--smooth 15 has no unit',
    ],
    [
      ['vwap', '--qty', '1', '--slices', '2', '--horizon', '30m', '--smooth', '90s'],
      '--smooth must be whole minutes',
    ],
    [
      ['pov', '--qty', '1', '--rate', '0.1', '--volume-per-minute', '5', '--max-horizon', '600'],
      '--max-horizon 600 has no unit',
    ],
  ])('schedule %p is refused with exit 2: %s', async (args, message) => {
    const { code, errors } = await run(...args);
    expect(code).toBe(2);
    expect(errors[0]).toContain(message);
  });

  it('schedule pov --max-horizon takes a duration and caps the schedule there', async () => {
    const { code, lines } = await run(
      'pov',
      '--qty',
      '20',
      '--rate',
      '0.1',
      '--volume-per-minute',
      '50',
      '--start',
      '0',
      '--qty-step',
      '0.01',
      '--max-horizon',
      '2m',
      '--json',
    );
    expect(code).toBe(0);
    const r = JSON.parse(lines[0]!) as { endMs: number; unscheduledQty: string };
    expect(r.endMs).toBe(120_000);
    expect(Number(r.unscheduledQty)).toBe(10);
  });

  describe('schedule is keeps a plain-number horizon: its time unit is the one --sigma and --eta use', () => {
    const PAPER = ['--qty', '1000000', '--sigma', '0.95', '--eta', '2.5e-6', '--gamma', '2.5e-7'];
    const REST = ['--epsilon', '0.0625', '--risk-aversion', '1e-6', '--slices', '5', '--json'];

    it('--horizon 5 (five days with a daily sigma) works as documented', async () => {
      const { code, lines } = await run('is', ...PAPER, '--horizon', '5', ...REST);
      expect(code).toBe(0);
      expect((JSON.parse(lines[0]!) as { trades: number[] }).trades).toHaveLength(5);
    });

    it('--horizon with a unit is refused with the reason, since no unit can be converted to it', async () => {
      const { code, errors } = await run('is', ...PAPER, '--horizon', '2h', ...REST);
      expect(code).toBe(2);
      expect(errors[0]).toMatch(
        /--horizon for 'schedule is' counts the time unit --sigma and --eta are quoted in/,
      );
    });
  });
});
