import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { backtestCommand } from '../src/backtest/command.js';
import type { BacktestReport } from '../src/backtest/report.js';
import { REPO_ROOT } from './cli-process.js';

/** Binance USD-M BTCUSDT depth, trades and book ticker, about six minutes (see PROVENANCE.md there). */
const CAPTURE = join(
  REPO_ROOT,
  '..',
  'shared',
  'data',
  'binance',
  'hftbacktest_binance-usdm_btcusdt_20240808.gz',
);
const present = existsSync(CAPTURE);

if (!present && process.env.CI === 'true')
  throw new Error(`${CAPTURE} is missing: CI must run the backtest on the shared market data`);
if (!present) console.warn(`skipping the backtest on recorded data: ${CAPTURE} is not here`);

(present ? describe : describe.skip)('tranche backtest replaying a recorded Binance capture', () => {
  it('runs each order under each policy on the same recorded tape, and repeats to the byte', async () => {
    const args = [
      '--replay',
      CAPTURE,
      '--orders',
      '2',
      '--policies',
      'twap,heuristic',
      '--horizon',
      '1m..2m',
      '--size-adv',
      '0.0001%..0.0005%',
      '--adv',
      '200000',
      '--seed',
      '3',
      '--json',
    ];
    const once = async () => {
      const lines: string[] = [];
      const code = await backtestCommand(args, (l) => lines.push(l), {});
      return { code, line: lines[0]! };
    };
    const a = await once();
    expect(a.code).toBe(0);
    const report = JSON.parse(a.line) as BacktestReport;
    expect(report.config).toMatchObject({ market: { type: 'replay', files: [CAPTURE] } });
    expect(report.runs).toHaveLength(4);
    for (const r of report.runs) {
      expect(r.venueViolations).toBe(0);
      expect(Number(r.filledQuantity)).toBeGreaterThan(0);
      // Prices of August 2024: an IS of hundreds of bps would mean the run never saw the replay.
      expect(Math.abs(r.isBps!)).toBeLessThan(100);
    }
    expect(report.summary.map((s) => s.policy)).toEqual(['twap', 'heuristic']);
    expect((await once()).line).toBe(a.line);
  }, 180_000);
});
