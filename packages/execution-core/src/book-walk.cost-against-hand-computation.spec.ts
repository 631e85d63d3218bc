import { bookWalkCost, oppositeLevelsBestFirst } from './book-walk.js';
import type { InstrumentRules } from './instrument-rules.js';
import { defaultRiskLimits } from './risk-limits.js';
import { evaluateRisk } from './risk-verdict.js';

const asks = [
  { price: '100.0', size: '1' },
  { price: '100.5', size: '0.25' },
  { price: '101.0', size: '2' },
];

describe('book-walk cost', () => {
  it('buying 1.5 through three ask levels costs 25 bps over the touch', () => {
    // 1 @ 100 + 0.25 @ 100.5 + 0.25 @ 101 = 150.375 for 1.5: average 100.25, 0.25 over 100 = 25 bps.
    const w = bookWalkCost('BUY', asks, '1.5');
    expect(w.averagePrice).toBe('100.25');
    expect(w.filledQuantity).toBe('1.5');
    expect(w.complete).toBe(true);
    expect(w.costBps).toBeCloseTo(25, 10);
  });

  it('selling 1.5 into two bid levels costs 16.67 bps under the touch', () => {
    // 1 @ 100 + 0.5 @ 99.5 = 149.75 for 1.5: average 99.8333…, 0.1666… under 100 = 16.666… bps.
    const w = bookWalkCost(
      'SELL',
      [
        { price: '100', size: '1' },
        { price: '99.5', size: '2' },
      ],
      '1.5',
    );
    expect(w.averagePrice).toBe('99.833333333333');
    expect(w.costBps).toBeCloseTo(50 / 3, 10);
  });

  it('costs nothing inside the first level', () => {
    expect(bookWalkCost('BUY', asks, '0.4').costBps).toBe(0);
  });

  it('covers only what the levels hold when the quantity is larger, and says so', () => {
    // 3.25 available: 100 + 25.125 + 202 = 327.125, average 100.6538…, 65.38 bps.
    const w = bookWalkCost('BUY', asks, '5');
    expect(w).toMatchObject({ filledQuantity: '3.25', complete: false });
    expect(w.costBps).toBeCloseTo((327.125 / 3.25 / 100 - 1) * 10_000, 9);
  });

  it('sorts levels best first before walking them', () => {
    const sorted = oppositeLevelsBestFirst('BUY', [...asks].reverse());
    expect(sorted.ok && sorted.levels.map((l) => l.price)).toEqual(['100.0', '100.5', '101.0']);
  });

  it('comes back on the risk verdict for the requested quantity, even when it is clamped', () => {
    const rules: InstrumentRules = {
      symbol: 'XUSDT',
      tickSize: '0.1',
      qtyStep: '0.001',
      minOrderQty: '0.001',
      maxOrderQty: '1000',
      minNotional: '5',
    };
    const r = evaluateRisk(
      {
        parentId: 'p',
        symbol: 'XUSDT',
        side: 'BUY',
        quantity: '1.500',
        referencePrice: '100',
        arrivalPrice: '100',
        remainingQty: '10',
        aggressive: true,
      },
      defaultRiskLimits(),
      {
        nowMs: 0,
        ordersInLastMinute: 0,
        lastOrderAtMs: null,
        spreadBps: 1,
        recentVolume: 1000,
        volatilityBps: 100,
        tradingState: 'ACTIVE',
        oppositeLevels: asks,
      },
      rules,
    );
    // The depth cap clamps to a tenth of 3.25; the walk is still priced for the 1.5 asked.
    expect(r).toMatchObject({ decision: 'CLAMP', quantity: '0.325' });
    expect(r.bookWalk?.filledQuantity).toBe('1.5');
    expect(r.bookWalk?.costBps).toBeCloseTo(25, 10);
  });
});
