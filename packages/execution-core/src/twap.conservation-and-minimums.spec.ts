import { Dec } from './decimal.js';
import type { InstrumentRules } from './instrument-rules.js';
import { sumSlices } from './schedule.js';
import { twapSchedule } from './twap.js';

const BTC: InstrumentRules = {
  symbol: 'BTCUSDT',
  tickSize: '0.1',
  qtyStep: '0.001',
  minOrderQty: '0.001',
  maxOrderQty: '1190',
  minNotional: '5',
};

describe('twapSchedule', () => {
  it('splits 1.005 BTC over 5 slices: exact total, equal slices, remainder at the front, evenly spaced', () => {
    const s = twapSchedule({ quantity: '1.005', startMs: 1_000, horizonMs: 50_000, slices: 5, rules: BTC });
    expect(s.map((x) => x.quantity)).toEqual(['0.201', '0.201', '0.201', '0.201', '0.201']);
    expect(s.map((x) => x.dueMs)).toEqual([1_000, 11_000, 21_000, 31_000, 41_000]);
    const t = twapSchedule({ quantity: '1.007', startMs: 0, horizonMs: 60_000, slices: 5, rules: BTC });
    expect(t.map((x) => x.quantity)).toEqual(['0.202', '0.202', '0.201', '0.201', '0.201']);
    expect(sumSlices(t)).toBe('1.007');
  });

  it('uses fewer, larger slices instead of ones below the venue minimum', () => {
    const rules = { ...BTC, minOrderQty: '0.010' };
    const s = twapSchedule({ quantity: '0.025', startMs: 0, horizonMs: 10_000, slices: 10, rules });
    expect(s).toHaveLength(2);
    for (const x of s) expect(new Dec(x.quantity).gte('0.010')).toBe(true);
    expect(sumSlices(s)).toBe('0.025');
  });

  it('honours min notional when a reference price is given', () => {
    // 5 USDT at 65000 is 0.0000769 BTC → at least 0.001 BTC anyway; at 2000 USDT it is 0.0025 → 3 steps.
    const s = twapSchedule({
      quantity: '0.010',
      startMs: 0,
      horizonMs: 10_000,
      slices: 10,
      rules: BTC,
      referencePrice: 2000,
    });
    for (const x of s) expect(new Dec(x.quantity).mul(2000).gte(5)).toBe(true);
    expect(sumSlices(s)).toBe('0.01');
  });

  it.each([
    ['quantity', { quantity: '0' }],
    ['quantity', { quantity: '-1' }],
    ['quantity', { quantity: '1.0005' }],
    ['quantity', { quantity: 'NaN' }],
    ['horizonMs', { horizonMs: 0 }],
    ['horizonMs', { horizonMs: NaN }],
    ['startMs', { startMs: Infinity }],
    ['slices', { slices: 0 }],
    ['slices', { slices: 1.5 }],
    ['jitter.seed', { jitter: { seed: NaN } }],
    ['jitter.sizeFraction', { jitter: { seed: 1, sizeFraction: 0.9 } }],
  ])('rejects a bad %s with a named error', (field, patch) => {
    expect(() =>
      twapSchedule({ quantity: '1', startMs: 0, horizonMs: 60_000, slices: 4, rules: BTC, ...patch }),
    ).toThrow(expect.objectContaining({ field }));
  });

  it('a quantity below the venue minimum is refused with the minimum in the message', () => {
    expect(() =>
      twapSchedule({
        quantity: '0.005',
        startMs: 0,
        horizonMs: 1,
        slices: 1,
        rules: { ...BTC, minOrderQty: '0.01' },
      }),
    ).toThrow(/below the smallest order the venue accepts \(0.010\)/);
  });
});
