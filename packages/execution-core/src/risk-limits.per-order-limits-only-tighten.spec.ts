import { defaultRiskLimits, mergeRiskLimits } from './risk-limits.js';

describe('per-order limits only tighten the global ones', () => {
  const global = defaultRiskLimits();

  it('takes a tighter participation, notional and depth share from the parent', () => {
    const m = mergeRiskLimits(global, {
      maxParticipation: 0.05,
      maxOrderNotional: '20000',
      maxDepthShare: 0.02,
    });
    expect(m).toMatchObject({ maxParticipation: 0.05, maxOrderNotional: '20000', maxDepthShare: 0.02 });
  });

  it('ignores a looser participation, notional, rate or depth share', () => {
    const m = mergeRiskLimits(global, {
      maxParticipation: 0.5,
      maxOrderNotional: '5000000',
      maxOrdersPerMinute: 1000,
      maxOrdersPerMinutePerParent: 1000,
      maxDepthShare: 1,
      depthLevels: 50,
    });
    expect(m).toEqual(global);
  });

  it('takes a longer minimum interval, never a shorter one', () => {
    expect(mergeRiskLimits(global, { minIntervalMs: 30_000 }).minIntervalMs).toBe(30_000);
    expect(mergeRiskLimits(global, { minIntervalMs: 10 }).minIntervalMs).toBe(5000);
  });

  it('cannot be loosened by a broken override (NaN, infinite, not a decimal)', () => {
    const m = mergeRiskLimits(global, {
      maxParticipation: NaN,
      maxOrdersPerMinute: Infinity,
      minIntervalMs: NaN,
      maxOrderNotional: '1e9',
    });
    expect(m).toEqual(global);
  });

  it('compares notionals as decimals, not floats', () => {
    const g = { ...global, maxOrderNotional: '100000.00000000000000001' };
    expect(mergeRiskLimits(g, { maxOrderNotional: '100000.00000000000000000' }).maxOrderNotional).toBe(
      '100000.00000000000000000',
    );
  });
});
