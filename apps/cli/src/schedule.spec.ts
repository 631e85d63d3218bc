import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { almgrenChriss } from '@tranche/execution-core';
import { scheduleCommand } from './schedule.js';

/** A file under the shared data folder that sits beside the repository (../shared/data). */
function sharedData(relative: string): string {
  // This spec is three folders below the repository root.
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data', relative);
}

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

const PAPER = [
  '--qty',
  '1000000',
  '--price',
  '50',
  '--sigma',
  '0.95',
  '--eta',
  '2.5e-6',
  '--gamma',
  '2.5e-7',
  '--epsilon',
  '0.0625',
  '--risk-aversion',
  '1e-6',
  '--horizon',
  '5',
  '--slices',
  '5',
];

describe('tranche schedule', () => {
  it('is --json prints kappa, E, V, trades and holdings at full float64 precision', async () => {
    const { code, lines } = await run('is', ...PAPER, '--json');
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['kappa', 'expectedCost', 'variance', 'trades', 'holdings']);
    const r = almgrenChriss({
      quantity: 1e6,
      sigma: 0.95,
      eta: 2.5e-6,
      gamma: 2.5e-7,
      epsilon: 0.0625,
      riskAversion: 1e-6,
      horizon: 5,
      slices: 5,
    });
    // Exact equality: the printed numbers round-trip to the same doubles.
    expect(parsed).toEqual({
      kappa: r.kappa,
      expectedCost: r.expectedCost,
      variance: r.variance,
      trades: r.trades,
      holdings: r.holdings,
    });
  });

  it('is without --json prints a readable table with cost in bps', async () => {
    const { code, lines } = await run('is', ...PAPER);
    expect(code).toBe(0);
    expect(lines.join('\n')).toMatch(/expected cost\s+\d+\.\d{2} \(\d+\.\d{2} bps of notional\)/);
    expect(lines.filter((l) => /^\s+[1-5]\s/.test(l))).toHaveLength(5);
  });

  it('twap --json: exact decimal slices on the step grid', async () => {
    const { code, lines } = await run(
      'twap',
      '--qty',
      '1.005',
      '--slices',
      '5',
      '--horizon',
      '10m',
      '--start',
      '2025-01-01T00:00:00Z',
      '--json',
    );
    expect(code).toBe(0);
    const r = JSON.parse(lines[0]!) as { slices: { quantity: string; dueMs: number }[] };
    expect(r.slices.map((s) => s.quantity)).toEqual(['0.201', '0.201', '0.201', '0.201', '0.201']);
    expect(r.slices[1]!.dueMs).toBe(Date.parse('2025-01-01T00:02:00Z'));
  });

  it('twap with a seed is reproducible', async () => {
    const a = await run(
      'twap',
      '--qty',
      '3',
      '--slices',
      '7',
      '--horizon',
      '60m',
      '--start',
      '0',
      '--seed',
      '11',
      '--json',
    );
    const b = await run(
      'twap',
      '--qty',
      '3',
      '--slices',
      '7',
      '--horizon',
      '60m',
      '--start',
      '0',
      '--seed',
      '11',
      '--json',
    );
    expect(a.lines).toEqual(b.lines);
  });

  it('vwap without bars falls back to TWAP and says so', async () => {
    const { code, errors } = await run(
      'vwap',
      '--qty',
      '1',
      '--slices',
      '4',
      '--horizon',
      '60m',
      '--start',
      '0',
    );
    expect(code).toBe(0);
    expect(errors[0]).toMatch(/^warning: EMPTY_PROFILE/);
  });

  const KLINES = sharedData('klines/lean_bybit-spot_btcusdt_1m_20221213_trade.zip');
  (existsSync(KLINES) ? it : it.skip)(
    'vwap reads real Bybit 1-minute bars from a zip and weights the CPI minute most',
    async () => {
      const { code, lines } = await run(
        'vwap',
        '--qty',
        '5',
        '--slices',
        '60',
        '--horizon',
        '60m',
        '--start',
        '2022-12-13T13:00:00Z',
        '--qty-step',
        '0.000001',
        '--klines',
        KLINES,
        '--json',
      );
      expect(code).toBe(0);
      const r = JSON.parse(lines[0]!) as {
        slices: { quantity: string; dueMs: number }[];
        warnings: unknown[];
      };
      expect(r.warnings).toEqual([]);
      const top = r.slices.reduce((a, b) => (Number(b.quantity) > Number(a.quantity) ? b : a));
      expect(new Date(top.dueMs).toISOString()).toBe('2022-12-13T13:30:00.000Z');
    },
  );

  it('pov prints slices and the expected end', async () => {
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
      '--json',
    );
    expect(code).toBe(0);
    const r = JSON.parse(lines[0]!) as { slices: unknown[]; endMs: number; unscheduledQty: string };
    expect(r.slices).toHaveLength(4);
    expect(r.endMs).toBe(240_000);
    expect(r.unscheduledQty).toBe('0');
  });

  it.each([
    [['is', ...PAPER.filter((_, i) => i !== 4 && i !== 5)], /missing --sigma/],
    [['is', ...PAPER.map((a) => (a === '0.95' ? 'abc' : a))], /--sigma must be a finite number/],
    [['is', ...PAPER, '--bogus', '1'], /unknown flag --bogus/],
    [['is', ...PAPER.map((a) => (a === '1e-6' ? '-1' : a))], /--risk-aversion/],
    [['twap', '--qty', '0', '--slices', '5', '--horizon', '10m'], /--qty/],
    [['twap', '--qty', '-1', '--slices', '5', '--horizon', '10m'], /--qty/],
    [['twap', '--qty', '1', '--slices', '0', '--horizon', '10m'], /--slices/],
    [['twap', '--qty', '1', '--slices', '5', '--horizon', 'NaN'], /--horizon/],
    [['twap', '--qty', '1', '--slices', '5', '--horizon', '10m', '--start', 'yesterday'], /--start/],
    [['twap', '--qty', '1.0005', '--slices', '5', '--horizon', '10m'], /--qty/],
    [['pov', '--qty', '1', '--rate', '2', '--volume-per-minute', '5'], /--rate/],
    [['vwap', '--qty', '1', '--slices', '5', '--horizon', '10m', '--klines', '/nonexistent.csv'], /--klines/],
    [['nonsense'], /unknown algorithm/],
    [[], /missing algorithm/],
    [['twap', '--qty', '1', '--slices', '5', '--horizon', '10'], /--horizon 10 has no unit: use 10m/],
  ])('%p → exit 2 naming the problem', async (args, message) => {
    const { code, lines, errors } = await run(...(args as string[]));
    expect(code).toBe(2);
    expect(lines).toEqual([]);
    expect(errors[0]).toMatch(/^error: /);
    expect(errors[0]).toMatch(message);
  });

  it('--help exits 0', async () => {
    const { code, lines } = await run('--help');
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/usage: tranche schedule/);
  });
});
