import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { shadowBaseline } from './shadow-baseline.js';
import { squareRootImpact } from './square-root-impact.js';
import { intervalVwap, type TapePoint } from './tca.js';
import { twapSchedule } from './twap.js';

/** A file under the shared data folder that sits beside the repository (../shared/data). */
function sharedData(relative: string): string {
  // This spec is three folders below the repository root.
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data', relative);
}

/**
 * Real tape: 2 hours of Binance USD-M BTCUSDT trades on 2020-02-22 (Tardis format, see the shared data
 * PROVENANCE.md). A TWAP baseline replayed on it must trade near the market VWAP of its window, and
 * replaying it twice must give the same cost.
 */
const CSV = sharedData('binance/tardis_binance-futures_trades_BTCUSDT_2020-02-22.csv');
const present = existsSync(CSV);
if (!present) console.warn(`skipping real-tape shadow baseline tests: ${CSV} is absent`);

function loadTape(): TapePoint[] {
  const lines = readFileSync(CSV, 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const c = l.split(',');
    return { tsMs: Math.floor(Number(c[2]) / 1000), price: Number(c[6]), volume: Number(c[7]) };
  });
}

(present ? describe : describe.skip)('shadow TWAP baseline on a real BTCUSDT tape', () => {
  const tape = present ? loadTape() : [];
  const start = tape[0]?.tsMs ?? 0;
  const horizonMs = 60 * 60_000;
  const rules = {
    symbol: 'BTCUSDT',
    tickSize: '0.01',
    qtyStep: '0.001',
    minOrderQty: '0.001',
    maxOrderQty: '1000',
    minNotional: '5',
  };
  const plan = present
    ? twapSchedule({ quantity: '20.000', startMs: start, horizonMs, slices: 30, rules }).map((s) => ({
        dueMs: s.dueMs,
        quantity: Number(s.quantity),
      }))
    : [];

  it('fills the whole TWAP within the hour at 10% participation, close to the interval VWAP', () => {
    const r = shadowBaseline({
      side: 'BUY',
      arrivalPrice: tape[0]!.price,
      plan,
      tape,
      maxParticipation: 0.1,
    });
    expect(r.unfilledQty).toBeCloseTo(0, 9);
    expect(r.filledQty).toBeCloseTo(20, 9);
    const vwap = intervalVwap(tape, start, start + horizonMs + 10 * 60_000)!;
    // Spread evenly over the hour, a TWAP without impact lands within 10 bps of the market VWAP.
    expect(Math.abs((r.avgPrice! - vwap) / vwap) * 1e4).toBeLessThan(10);
    for (const f of r.fills) expect(f.tsMs).toBeGreaterThanOrEqual(start);
  });

  it('is deterministic and charges more with a square-root impact model than without', () => {
    const impactBps = (q: number): number =>
      squareRootImpact({ quantity: q, dailyVolume: 200_000, dailyVolatility: 0.03 }).bps;
    const a = shadowBaseline({ side: 'BUY', arrivalPrice: tape[0]!.price, plan, tape, impactBps });
    const b = shadowBaseline({ side: 'BUY', arrivalPrice: tape[0]!.price, plan, tape, impactBps });
    const free = shadowBaseline({ side: 'BUY', arrivalPrice: tape[0]!.price, plan, tape });
    expect(a).toEqual(b);
    expect(a.isBps!).toBeGreaterThan(free.isBps!);
  });
});
