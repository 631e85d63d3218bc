import fc from 'fast-check';
import { Dec } from './decimal.js';
import type { InstrumentRules } from './instrument-rules.js';
import { defaultRiskLimits, mergeRiskLimits } from './risk-limits.js';
import { type ChildOrderProposal, evaluateRisk, type RiskContext } from './risk-verdict.js';

const BTC: InstrumentRules = {
  symbol: 'BTCUSDT',
  tickSize: '0.1',
  qtyStep: '0.001',
  minOrderQty: '0.001',
  maxOrderQty: '100',
  minNotional: '5',
};
const limits = defaultRiskLimits();
const proposal = (over: Partial<ChildOrderProposal> = {}): ChildOrderProposal => ({
  parentId: 'p1',
  symbol: 'BTCUSDT',
  side: 'BUY',
  quantity: '0.500',
  referencePrice: '60000',
  arrivalPrice: '60000',
  remainingQty: '2.000',
  aggressive: false,
  ...over,
});
const ctx = (over: Partial<RiskContext> = {}): RiskContext => ({
  nowMs: 1_000_000,
  ordersInLastMinute: 3,
  lastOrderAtMs: 990_000,
  spreadBps: 1,
  recentVolume: 100,
  volatilityBps: 20,
  tradingState: 'ACTIVE',
  ...over,
});
const codes = (r: { reasons: { code: string }[] }): string[] => r.reasons.map((x) => x.code).sort();

describe('evaluateRisk', () => {
  it('approves an ordinary passive child', () => {
    expect(evaluateRisk(proposal(), limits, ctx(), BTC)).toEqual({
      decision: 'APPROVE',
      quantity: '0.500',
      reasons: [],
    });
  });

  it('clamps notional to the largest step multiple under the limit', () => {
    const r = evaluateRisk(proposal({ quantity: '5.000', remainingQty: '10' }), limits, ctx(), BTC);
    // 100000 / 60000 = 1.6666… → 1.666
    expect(r).toMatchObject({ decision: 'CLAMP', quantity: '1.666' });
    expect(codes(r)).toEqual(['MAX_ORDER_NOTIONAL']);
  });

  it('clamps to the remaining quantity and to max participation, reporting both', () => {
    const r = evaluateRisk(
      proposal({ quantity: '3.000', remainingQty: '2.500', referencePrice: '30000', arrivalPrice: '30000' }),
      limits,
      ctx({ recentVolume: 20 }),
      BTC,
    );
    expect(r).toMatchObject({ decision: 'CLAMP', quantity: '2.000' });
    expect(codes(r)).toEqual(['MAX_PARTICIPATION', 'REMAINING_QTY']);
  });

  it('denies when the clamped quantity falls below the venue minimum', () => {
    const r = evaluateRisk(proposal(), limits, ctx({ recentVolume: 0.005 }), BTC);
    expect(r.decision).toBe('DENY');
    expect(codes(r)).toEqual(['BELOW_MIN_QTY', 'MAX_PARTICIPATION']);
  });

  it('denies when the clamped notional falls below the venue min notional', () => {
    const r = evaluateRisk(
      proposal({ referencePrice: '1000', arrivalPrice: '1000' }),
      limits,
      ctx({ recentVolume: 0.04 }),
      BTC,
    );
    expect(codes(r)).toEqual(['BELOW_MIN_NOTIONAL', 'MAX_PARTICIPATION']);
  });

  it.each([
    ['MAX_ORDERS_PER_MINUTE', {}, { ordersInLastMinute: 120 }],
    ['MIN_INTERVAL', {}, { lastOrderAtMs: 999_900 }],
    ['TRADING_HALTED', {}, { tradingState: 'HALTED' }],
    ['TRADING_REDUCING', { aggressive: true }, { tradingState: 'REDUCING' }],
    ['MAX_SPREAD_AGGRESSIVE', { aggressive: true }, { spreadBps: 30 }],
    // Daily-scaled 2500 bps is 510 bps an hour, over the 500 bps hourly halt.
    ['VOLATILITY_HALT', {}, { volatilityBps: 2500 }],
    ['MAX_PRICE_DEVIATION', { referencePrice: '62000' }, {}],
    ['MAX_PRICE_DEVIATION', { limitPrice: '57000' }, {}],
    ['IS_ALERT', { aggressive: true }, { currentIsBps: 80 }],
    ['ABSURD_QUANTITY', { quantity: '50.000', remainingQty: '2' }, {}],
    ['NOTHING_REMAINING', { remainingQty: '0' }, {}],
    ['SYMBOL_MISMATCH', { symbol: 'ETHUSDT' }, {}],
    ['INVALID_QUANTITY', { quantity: 'NaN' }, {}],
    ['INVALID_QUANTITY', { quantity: '-1' }, {}],
    ['INVALID_PRICE', { referencePrice: '0' }, {}],
    ['INVALID_PRICE', { limitPrice: 'abc' }, {}],
    ['INVALID_CONTEXT', {}, { spreadBps: NaN }],
    ['INVALID_CONTEXT', {}, { recentVolume: -5 }],
  ] as const)('denies with %s', (code, p, c) => {
    const r = evaluateRisk(
      proposal(p as Partial<ChildOrderProposal>),
      limits,
      ctx(c as Partial<RiskContext>),
      BTC,
    );
    expect(r.decision).toBe('DENY');
    expect(r.quantity).toBe('0');
    expect(codes(r)).toContain(code);
    for (const reason of r.reasons) expect(reason.message.length).toBeGreaterThan(10);
  });

  it('reports every breach at once, not just the first', () => {
    const r = evaluateRisk(
      proposal({ aggressive: true }),
      limits,
      ctx({ tradingState: 'REDUCING', ordersInLastMinute: 500, spreadBps: 99 }),
      BTC,
    );
    expect(codes(r)).toEqual(['MAX_ORDERS_PER_MINUTE', 'MAX_SPREAD_AGGRESSIVE', 'TRADING_REDUCING']);
  });

  it('an IS alert on a passive order is noted but does not deny', () => {
    const r = evaluateRisk(proposal(), limits, ctx({ currentIsBps: 80 }), BTC);
    expect(r.decision).toBe('APPROVE');
    expect(codes(r)).toEqual(['IS_ALERT']);
  });

  it('is exact at the boundaries, where float arithmetic is not', () => {
    // 4 × 25000 is exactly the 100000 limit: allowed.
    expect(
      evaluateRisk(
        proposal({ quantity: '4.000', remainingQty: '10', referencePrice: '25000', arrivalPrice: '25000' }),
        limits,
        ctx(),
        BTC,
      ).decision,
    ).toBe('APPROVE');
    // 0.3 / 0.1 is 2.9999999999999996 in floats but 0.3 is on a 0.1 step.
    expect(
      evaluateRisk(proposal({ quantity: '0.3' }), limits, ctx(), { ...BTC, qtyStep: '0.1' }).decision,
    ).toBe('APPROVE');
    // One step of 1e-13 over the remaining quantity is caught and clamped exactly.
    const fine = { ...BTC, qtyStep: '0.0000000000001', minOrderQty: '0.0000000000001' };
    const r = evaluateRisk(
      proposal({ quantity: '1.0000000000002', remainingQty: '1.0000000000001' }),
      limits,
      ctx(),
      fine,
    );
    expect(r).toMatchObject({ decision: 'CLAMP', quantity: '1.0000000000001' });
    // Off the step by less than float resolution is still off the step.
    const r2 = evaluateRisk(proposal({ quantity: '0.5000000000000001' }), limits, ctx(), BTC);
    expect(r2).toMatchObject({ decision: 'CLAMP', quantity: '0.500' });
    expect(codes(r2)).toEqual(['QTY_STEP']);
  });

  it('per-order limits can only tighten the global ones', () => {
    const m = mergeRiskLimits(limits, { maxParticipation: 0.5, maxOrderNotional: '1000', minIntervalMs: 10 });
    expect(m.maxParticipation).toBe(0.1);
    expect(m.maxOrderNotional).toBe('1000');
    expect(m.minIntervalMs).toBe(limits.minIntervalMs);
  });

  it('property: whatever the proposal, an approved or clamped quantity is on the step, within every cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 20_000 }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.integer({ min: 1000, max: 200_000 }),
        (qUnits, remUnits, volume, price) => {
          const quantity = new Dec(qUnits).div(1000).toFixed();
          const remainingQty = new Dec(remUnits).div(1000).toFixed();
          const r = evaluateRisk(
            proposal({ quantity, remainingQty, referencePrice: String(price), arrivalPrice: String(price) }),
            limits,
            ctx({ recentVolume: volume }),
            BTC,
          );
          if (r.decision === 'DENY') {
            expect(r.quantity).toBe('0');
            return;
          }
          const q = new Dec(r.quantity);
          expect(q.mod('0.001').isZero()).toBe(true);
          expect(q.lte(quantity) && q.lte(remainingQty) && q.gte('0.001')).toBe(true);
          expect(q.mul(price).lte(limits.maxOrderNotional)).toBe(true);
          expect(q.lte(new Dec(volume).mul(limits.maxParticipation))).toBe(true);
          expect(r.decision === 'APPROVE').toBe(q.eq(quantity));
        },
      ),
    );
  });
});
