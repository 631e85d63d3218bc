import type { InstrumentRules } from './instrument-rules.js';
import { povChildQuantity, povSchedule } from './pov.js';
import { sumSlices } from './schedule.js';

const ETH: InstrumentRules = {
  symbol: 'ETHUSDT',
  tickSize: '0.01',
  qtyStep: '0.01',
  minOrderQty: '0.01',
  maxOrderQty: '1000',
  minNotional: '5',
};

describe('povSchedule', () => {
  it('10% of 50 ETH a minute is 5 ETH a minute: 20 ETH takes four buckets', () => {
    const r = povSchedule({
      quantity: '20.00',
      startMs: 0,
      rules: ETH,
      participationRate: 0.1,
      volumePerMinute: 50,
      maxHorizonMs: 3_600_000,
    });
    expect(r.slices.map((s) => s.quantity)).toEqual(['5.00', '5.00', '5.00', '5.00']);
    expect(r.slices.map((s) => s.dueMs)).toEqual([0, 60_000, 120_000, 180_000]);
    expect(r.endMs).toBe(240_000);
    expect(r.unscheduledQty).toBe('0');
  });

  it('reports what the forecast cannot absorb instead of forcing it into the last bucket', () => {
    const r = povSchedule({
      quantity: '20.00',
      startMs: 0,
      rules: ETH,
      participationRate: 0.1,
      volumePerMinute: 50,
      maxHorizonMs: 120_000,
    });
    expect(sumSlices(r.slices)).toBe('10');
    expect(r.unscheduledQty).toBe('10.00');
    expect(r.warnings[0]?.code).toBe('SHORTFALL');
  });

  it('catches up rounding: 10% of 0.15/min accumulates into sendable slices', () => {
    const r = povSchedule({
      quantity: '0.05',
      startMs: 0,
      rules: ETH,
      participationRate: 0.1,
      volumePerMinute: 0.15,
      maxHorizonMs: 3_600_000,
    });
    // Cumulative targets 1.5, 3, 4.5, 6 steps: floor gives 1, 3, 4, then the 5-step order is done.
    expect(r.slices.map((s) => s.quantity)).toEqual(['0.01', '0.02', '0.01', '0.01']);
    expect(sumSlices(r.slices)).toBe('0.05');
  });

  it.each([0, -0.1, 1.5, NaN])('rejects participation rate %p', (rate) => {
    expect(() =>
      povSchedule({
        quantity: '1.00',
        startMs: 0,
        rules: ETH,
        participationRate: rate,
        volumePerMinute: 1,
        maxHorizonMs: 1,
      }),
    ).toThrow(/participationRate/);
  });
});

describe('povChildQuantity', () => {
  it('sends the gap between rate × observed volume and what we already traded, rounded down', () => {
    expect(
      povChildQuantity({
        observedVolume: 123.456,
        participationRate: 0.1,
        alreadyTraded: '10.00',
        remaining: '100',
        rules: ETH,
      }),
    ).toBe('2.34');
  });
  it('never exceeds the remaining quantity and sends nothing below the minimum', () => {
    expect(
      povChildQuantity({
        observedVolume: 1e6,
        participationRate: 0.1,
        alreadyTraded: '0',
        remaining: '3.21',
        rules: ETH,
      }),
    ).toBe('3.21');
    expect(
      povChildQuantity({
        observedVolume: 100.05,
        participationRate: 0.1,
        alreadyTraded: '10.00',
        remaining: '5',
        rules: ETH,
      }),
    ).toBe('0');
  });
});
