import { almgrenChriss } from './almgren-chriss.js';
import { Dec } from './decimal.js';
import { isSchedule } from './is-schedule.js';
import { sumSlices } from './schedule.js';

const rules = {
  symbol: 'BTCUSDT',
  tickSize: '0.1',
  qtyStep: '0.001',
  minOrderQty: '0.001',
  maxOrderQty: '100',
  minNotional: '5',
};

describe('isSchedule', () => {
  it('turns the AC trade list into step-multiple slices that follow it within one step', () => {
    const p = {
      quantity: '25.000',
      startMs: 0,
      horizonMs: 5 * 86_400_000,
      horizonUnitMs: 86_400_000,
      slices: 5,
      rules,
      sigma: 1200,
      eta: 50,
      gamma: 5,
      epsilon: 10,
      riskAversion: 1e-6,
    };
    const r = isSchedule(p);
    const ac = almgrenChriss({
      quantity: 25_000,
      sigma: 1200,
      eta: 50,
      gamma: 5,
      epsilon: 10,
      riskAversion: 1e-6,
      horizon: 5,
      slices: 5,
    });
    expect(sumSlices(r.slices)).toBe('25');
    r.slices.forEach((s, i) =>
      expect(Math.abs(new Dec(s.quantity).mul(1000).toNumber() - ac.trades[i]!)).toBeLessThanOrEqual(1),
    );
    expect(r.slices.map((s) => s.dueMs)).toEqual([0, 1, 2, 3, 4].map((d) => d * 86_400_000));
  });

  it('needs either riskAversion or urgency', () => {
    expect(() =>
      isSchedule({
        quantity: '1',
        startMs: 0,
        horizonMs: 1000,
        horizonUnitMs: 1000,
        slices: 2,
        rules,
        sigma: 1,
        eta: 1,
        gamma: 0,
        epsilon: 0,
      }),
    ).toThrow(/riskAversion/);
  });
});
