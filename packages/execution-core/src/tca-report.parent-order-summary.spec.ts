import { shadowBaseline } from './shadow-baseline.js';
import type { TcaFill } from './tca.js';
import { tcaReport } from './tca-report.js';

const tape = [
  { tsMs: 0, price: 100, volume: 50 },
  { tsMs: 60_000, price: 101, volume: 50 },
  { tsMs: 120_000, price: 102, volume: 100 },
];
const fills: TcaFill[] = [
  { price: 99.99, quantity: 5, fee: -0.01, tsMs: 10_000, isMaker: true, midAtFill: 100, spreadBpsAtFill: 2 },
  { price: 101.2, quantity: 5, fee: 0.3, tsMs: 70_000, isMaker: false, midAtFill: 101 },
];

describe('tcaReport', () => {
  it('summarises a two-fill buy against its tape and a TWAP baseline', () => {
    const baseline = shadowBaseline({
      side: 'BUY',
      arrivalPrice: 100,
      plan: [
        { dueMs: 0, quantity: 5 },
        { dueMs: 120_000, quantity: 5 },
      ],
      tape,
    });
    const r = tcaReport({
      side: 'BUY',
      targetQty: 10,
      decisionPrice: 100,
      arrivalPrice: 100,
      finalPrice: 102,
      startMs: 0,
      endMs: 180_000,
      fills,
      tape,
      targetParticipation: 0.05,
      baseline,
    });
    expect(r.filledQty).toBe(10);
    expect(r.fillRate).toBe(1);
    expect(r.completionTimeMs).toBe(70_000);
    expect(r.arrivalSlippageBps).toBeCloseTo(((100.595 - 100) / 100) * 1e4, 9);
    expect(r.participation).toEqual({ realised: 0.05, target: 0.05, ratio: 1 });
    expect(r.spreadCapture).toBeCloseTo(1, 9);
    expect(r.decomposition.opportunity).toBe(0);
    // Baseline: 5 at 100 and 5 at 102 = 101 average, 100 bps; ours 59.5 bps + 2.9 bps fees.
    expect(r.valueAddBps).toBeCloseTo(100 - (59.5 + (0.29 / 1000) * 1e4), 9);
  });

  it('an unfilled order has no completion time, no value-add and full opportunity cost', () => {
    const r = tcaReport({
      side: 'SELL',
      targetQty: 4,
      decisionPrice: 100,
      arrivalPrice: 100,
      finalPrice: 98,
      startMs: 0,
      endMs: 180_000,
      fills: [],
      tape,
    });
    expect(r).toMatchObject({
      filledQty: 0,
      fillRate: 0,
      completionTimeMs: null,
      intervalVwapSlippageBps: null,
      valueAddBps: null,
      participation: null,
    });
    expect(r.decomposition.opportunity).toBeCloseTo(8, 12);
  });
});
