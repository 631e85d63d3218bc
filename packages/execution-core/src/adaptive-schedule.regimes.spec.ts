import { adaptiveSchedule, type AdaptiveScheduleInput } from './adaptive-schedule.js';
import { Dec } from './decimal.js';
import { sumSlices } from './schedule.js';

const input: AdaptiveScheduleInput = {
  regime: 'SIDEWAYS_LOW_VOL',
  quantity: '12.000',
  startMs: 0,
  horizonMs: 3_600_000,
  slices: 6,
  urgency: 0.6,
  rules: {
    symbol: 'BTCUSDT',
    tickSize: '0.1',
    qtyStep: '0.001',
    minOrderQty: '0.001',
    maxOrderQty: '100',
    minNotional: '5',
  },
  impact: { sigma: 0.02, eta: 1e-3, gamma: 0, epsilon: 0, horizonUnitMs: 3_600_000 },
};

describe('adaptiveSchedule', () => {
  it('a calm market gets a front-loaded IS schedule', () => {
    const r = adaptiveSchedule(input);
    expect(r.plan.algorithm).toBe('IS');
    expect(r.slices).toHaveLength(6);
    expect(new Dec(r.slices[0]!.quantity).gt(r.slices[5]!.quantity)).toBe(true);
    expect(sumSlices(r.slices)).toBe('12');
  });

  it('a crisis gets TWAP with three times the slices', () => {
    const r = adaptiveSchedule({ ...input, regime: 'CRISIS' });
    expect(r.plan.algorithm).toBe('TWAP');
    expect(r.slices).toHaveLength(18);
    expect(new Set(r.slices.map((s) => s.quantity))).toEqual(new Set(['0.667', '0.666']));
  });

  it('mean reversion without a profile falls back to TWAP and carries the warning', () => {
    const r = adaptiveSchedule({ ...input, regime: 'MEAN_REVERTING' });
    expect(r.plan.algorithm).toBe('VWAP');
    expect(r.warnings[0]?.code).toBe('EMPTY_PROFILE');
    expect(sumSlices(r.slices)).toBe('12');
  });
});
