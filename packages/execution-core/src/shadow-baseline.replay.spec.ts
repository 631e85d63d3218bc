import { shadowBaseline, valueAddBps } from './shadow-baseline.js';

const tape = [
  { tsMs: 0, price: 100, volume: 100 },
  { tsMs: 60_000, price: 101, volume: 100 },
  { tsMs: 120_000, price: 102, volume: 100 },
  { tsMs: 180_000, price: 103, volume: 100 },
];

describe('shadowBaseline', () => {
  it('replays a TWAP on the same tape: each slice at its bar, capped by participation, spilling forward', () => {
    const r = shadowBaseline({
      side: 'BUY',
      arrivalPrice: 100,
      plan: [
        { dueMs: 0, quantity: 15 },
        { dueMs: 120_000, quantity: 5 },
      ],
      tape,
    });
    // 10 at 100 (cap 10% of 100), 5 spills to 101, then 5 at 102.
    expect(r.fills.map((x) => [x.price, x.quantity])).toEqual([
      [100, 10],
      [101, 5],
      [102, 5],
    ]);
    expect(r.avgPrice).toBeCloseTo((1000 + 505 + 510) / 20, 12);
    expect(r.isBps).toBeCloseTo(((100.75 - 100) / 100) * 1e4, 10);
    expect(r.unfilledQty).toBe(0);
  });

  it('charges modelled impact and fees, and reports what the tape could not absorb', () => {
    const r = shadowBaseline({
      side: 'SELL',
      arrivalPrice: 103,
      plan: [{ dueMs: 180_000, quantity: 30 }],
      tape,
      impactBps: () => 10,
      feeBps: 5.5,
    });
    expect(r.filledQty).toBe(10);
    expect(r.unfilledQty).toBe(20);
    expect(r.fills[0]!.price).toBeCloseTo(103 * (1 - 0.001), 12);
    // Fees are charged on the impacted notional, so 5.5 bps of 103·0.999 per unit of arrival notional.
    expect(r.isBps).toBeCloseTo(10 + 5.5 * 0.999, 8);
  });

  it('value added is baseline minus live cost; nothing filled gives null', () => {
    const base = shadowBaseline({ side: 'BUY', arrivalPrice: 100, plan: [{ dueMs: 0, quantity: 10 }], tape });
    expect(valueAddBps(-5, base)).toBeCloseTo(5, 12);
    expect(
      valueAddBps(
        0,
        shadowBaseline({ side: 'BUY', arrivalPrice: 100, plan: [{ dueMs: 999_999, quantity: 1 }], tape }),
      ),
    ).toBeNull();
  });
});
