import { defaultRiskLimits } from './risk-limits.js';
import { evaluateRisk } from './risk-verdict.js';
import { BTC, codes, ctx, proposal } from '../test/risk-fixtures.js';
import { hourlyVolatilityBps } from './trading-state.js';

const limits = defaultRiskLimits();

describe('IS alert', () => {
  it('denies an aggressive child of a parent 60 bps behind and asks to pause the parent', () => {
    const r = evaluateRisk(proposal({ aggressive: true }), limits, ctx({ currentIsBps: 60 }), BTC);
    expect(r).toMatchObject({ decision: 'DENY', pauseParent: true });
    expect(codes(r)).toEqual(['IS_ALERT']);
    expect(r.reasons[0]!.message).toContain('alert level 50 bps');
  });

  it('lets a passive child through with the IS_ALERT reason and the pause flag', () => {
    const r = evaluateRisk(proposal(), limits, ctx({ currentIsBps: 60 }), BTC);
    expect(r).toMatchObject({ decision: 'APPROVE', quantity: '0.100', pauseParent: true });
    expect(codes(r)).toEqual(['IS_ALERT']);
  });

  it('raises nothing at exactly the alert level, nor for a gain', () => {
    for (const currentIsBps of [50, 0, -200]) {
      const r = evaluateRisk(proposal({ aggressive: true }), limits, ctx({ currentIsBps }), BTC);
      expect(r.decision).toBe('APPROVE');
      expect(r.pauseParent).toBeUndefined();
    }
  });

  it('keeps the pause flag when another rule denies the child', () => {
    const r = evaluateRisk(proposal(), limits, ctx({ currentIsBps: 80, tradingState: 'HALTED' }), BTC);
    expect(r).toMatchObject({ decision: 'DENY', pauseParent: true });
    expect(codes(r)).toEqual(['IS_ALERT', 'TRADING_HALTED']);
  });
});

describe('volatility halt (hourly)', () => {
  // Snapshots carry volatility per square root of a day: 5% an hour is 500 × sqrt(24) ≈ 2449.5 bps.
  it('denies at 5% hourly volatility, reported both hourly and daily-scaled', () => {
    const daily = 500 * Math.sqrt(24);
    expect(hourlyVolatilityBps(daily)).toBeCloseTo(500, 9);
    const r = evaluateRisk(proposal(), limits, ctx({ volatilityBps: daily + 1e-6 }), BTC);
    expect(codes(r)).toEqual(['VOLATILITY_HALT']);
    expect(r.reasons[0]!.message).toMatch(/hourly volatility 500\.0 bps \(2449\.5 bps daily-scaled\)/);
  });

  it('trades through a 5% daily volatility, which is about 1% an hour', () => {
    expect(evaluateRisk(proposal(), limits, ctx({ volatilityBps: 500 }), BTC).decision).toBe('APPROVE');
  });
});

describe('the parent’s own limit price', () => {
  it('denies a buy priced above the parent’s limit price', () => {
    const r = evaluateRisk(proposal({ limitPrice: '60010', parentLimitPrice: '60000' }), limits, ctx(), BTC);
    expect(codes(r)).toEqual(['PARENT_LIMIT_PRICE']);
    expect(r.reasons[0]!.message).toContain("above the parent's limit price 60000");
  });

  it('denies a sell priced below it, and approves one at it', () => {
    const sell = { side: 'SELL' as const, parentLimitPrice: '60000' };
    expect(codes(evaluateRisk(proposal({ ...sell, limitPrice: '59999.9' }), limits, ctx(), BTC))).toEqual([
      'PARENT_LIMIT_PRICE',
    ]);
    expect(evaluateRisk(proposal({ ...sell, limitPrice: '60000.0' }), limits, ctx(), BTC).decision).toBe(
      'APPROVE',
    );
  });

  it('denies a parent limit price that is not a decimal', () => {
    expect(codes(evaluateRisk(proposal({ parentLimitPrice: 'cheap' }), limits, ctx(), BTC))).toEqual([
      'INVALID_PRICE',
    ]);
  });
});
