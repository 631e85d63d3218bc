import fc from 'fast-check';
import { implementationShortfallBps } from './implementation-shortfall.js';
import {
  arrivalSlippageBps,
  completionTimeMs,
  decomposeShortfall,
  fillRate,
  intervalVwap,
  intervalVwapSlippageBps,
  participation,
  spreadCapture,
  type TcaFill,
} from './tca.js';

const f = (price: number, quantity: number, over: Partial<TcaFill> = {}): TcaFill => ({
  price,
  quantity,
  fee: 0,
  tsMs: 0,
  isMaker: false,
  ...over,
});

describe('implementationShortfallBps', () => {
  it('is signed by side: paying up is a cost for a buyer, selling low is a cost for a seller', () => {
    expect(implementationShortfallBps('BUY', 100, [{ price: 101, quantity: 1 }])).toBeCloseTo(100, 10);
    expect(implementationShortfallBps('SELL', 100, [{ price: 101, quantity: 1 }])).toBeCloseTo(-100, 10);
    expect(
      implementationShortfallBps('SELL', 100, [
        { price: 99, quantity: 3 },
        { price: 100, quantity: 1 },
      ]),
    ).toBeCloseTo(75, 10);
  });
  it('no fills is no cost; bad input throws', () => {
    expect(implementationShortfallBps('BUY', 100, [])).toBe(0);
    expect(() => implementationShortfallBps('BUY', NaN, [])).toThrow(/arrivalPrice/);
    expect(() => implementationShortfallBps('BUY', 100, [{ price: NaN, quantity: 1 }])).toThrow(/fills/);
  });
});

describe('TCA metrics', () => {
  const tape = [
    { tsMs: 0, price: 100, volume: 10 },
    { tsMs: 60_000, price: 102, volume: 30 },
    { tsMs: 120_000, price: 104, volume: 10 },
  ];
  it('interval VWAP and slippage against it', () => {
    expect(intervalVwap(tape, 0, 120_000)).toBeCloseTo((100 * 10 + 102 * 30) / 40, 12);
    expect(intervalVwap(tape, 200_000, 300_000)).toBeNull();
    const s = intervalVwapSlippageBps('BUY', [f(101, 1)], tape, 0, 180_000);
    expect(s).toBeCloseTo(((101 - 102) / 102) * 1e4, 10);
  });
  it('arrival slippage equals IS on the executed part', () => {
    expect(arrivalSlippageBps('BUY', 100, [f(100.5, 2)])).toBeCloseTo(50, 10);
  });
  it('participation, fill rate and completion time', () => {
    expect(participation(5, 50, 0.1)).toEqual({ realised: 0.1, target: 0.1, ratio: 1 });
    expect(fillRate(7.5, 10)).toBe(0.75);
    const fills = [f(1, 0.3, { tsMs: 5_000 }), f(1, 0.7, { tsMs: 9_000 }), f(1, 0.1, { tsMs: 4_000 })];
    expect(completionTimeMs(1_000, fills, 1.1)).toBe(8_000);
    expect(completionTimeMs(1_000, fills, 2)).toBeNull();
  });
  it('spread capture on passive fills: at the bid captures the whole half spread, at mid none', () => {
    const fills = [
      f(99.99, 1, { isMaker: true, midAtFill: 100, spreadBpsAtFill: 2 }),
      f(100, 1, { isMaker: true, midAtFill: 100, spreadBpsAtFill: 2 }),
      f(101, 5),
    ];
    expect(spreadCapture('BUY', fills)).toBeCloseTo(0.5, 10);
    expect(
      spreadCapture('SELL', [f(100.01, 1, { isMaker: true, midAtFill: 100, spreadBpsAtFill: 2 })]),
    ).toBeCloseTo(1, 10);
    expect(spreadCapture('BUY', [f(101, 5)])).toBeNull();
  });
});

describe('decomposeShortfall', () => {
  it('splits a buy into delay, impact, timing, fees and opportunity', () => {
    const d = decomposeShortfall({
      side: 'BUY',
      decisionPrice: 100,
      arrivalPrice: 101,
      targetQty: 10,
      finalPrice: 105,
      fills: [f(102.5, 4, { midAtFill: 102, fee: 0.4 }), f(103.2, 4, { midAtFill: 103, fee: 0.4 })],
    });
    expect(d.delay).toBeCloseTo(1 * 8, 10);
    expect(d.impact).toBeCloseTo(0.5 * 4 + 0.2 * 4, 10);
    expect(d.timing).toBeCloseTo(1 * 4 + 2 * 4, 10);
    expect(d.fees).toBeCloseTo(0.8, 10);
    expect(d.opportunity).toBeCloseTo(5 * 2, 10);
    expect(d.bps.total).toBeCloseTo((d.total / 1000) * 1e4, 10);
  });

  it('property: the components always sum to Perold IS computed directly', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('BUY' as const, 'SELL' as const),
        fc.double({ min: 10, max: 1000, noNaN: true }),
        fc.double({ min: -0.05, max: 0.05, noNaN: true }),
        fc.array(
          fc.record({
            px: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
            mid: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
            q: fc.double({ min: 0.01, max: 5, noNaN: true }),
            fee: fc.double({ min: -1, max: 1, noNaN: true }),
          }),
          { maxLength: 8 },
        ),
        (side, decision, drift, raw) => {
          const arrival = decision * (1 + drift);
          const fills = raw.map((r) =>
            f(decision * (1 + r.px), r.q, { midAtFill: decision * (1 + r.mid), fee: r.fee }),
          );
          const filled = fills.reduce((a, x) => a + x.quantity, 0);
          const target = filled + 1;
          const finalPrice = decision * 1.01;
          const d = decomposeShortfall({
            side,
            decisionPrice: decision,
            arrivalPrice: arrival,
            targetQty: target,
            finalPrice,
            fills,
          });
          const s = side === 'BUY' ? 1 : -1;
          const direct =
            fills.reduce((a, x) => a + s * (x.price - decision) * x.quantity + x.fee, 0) +
            s * (finalPrice - decision) * (target - filled);
          expect(Math.abs(d.total - direct)).toBeLessThan(1e-9 * Math.max(1, Math.abs(direct)) + 1e-9);
        },
      ),
    );
  });
});
