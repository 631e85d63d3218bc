import type { BookLevel } from './book-walk.js';
import type { InstrumentRules } from './instrument-rules.js';
import { defaultRiskLimits } from './risk-limits.js';
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
  remainingQty: '5.000',
  aggressive: true,
  ...over,
});
const ctx = (oppositeLevels: BookLevel[]): RiskContext => ({
  nowMs: 1_000_000,
  ordersInLastMinute: 0,
  lastOrderAtMs: null,
  spreadBps: 1,
  recentVolume: 1000,
  volatilityBps: 300,
  tradingState: 'ACTIVE',
  oppositeLevels,
});
const codes = (r: { reasons: { code: string }[] }): string[] => r.reasons.map((x) => x.code).sort();
const asks = (...sizes: string[]): BookLevel[] =>
  sizes.map((size, i) => ({ price: (60000 + i * 0.1).toFixed(1), size }));

describe('depth cap: 10% of the opposite side’s first five levels', () => {
  it('clamps a buy to a tenth of the five best asks, ignoring the sixth', () => {
    // 5 × 2 = 10 BTC in the first five levels; the 100 BTC sixth level does not count.
    const r = evaluateRisk(
      proposal({ quantity: '1.500' }),
      limits,
      ctx(asks('2', '2', '2', '2', '2', '100')),
      BTC,
    );
    expect(r).toMatchObject({ decision: 'CLAMP', quantity: '1.000' });
    expect(codes(r)).toEqual(['MAX_DEPTH_SHARE']);
    expect(r.reasons[0]!.message).toContain('10.0% of the first 5 ask levels (10 in total)');
  });

  it('rounds the cap down to the lot step with decimal arithmetic', () => {
    // 5 × 1.2345 = 6.1725; a tenth is 0.61725, down to the 0.001 step: 0.617.
    const r = evaluateRisk(
      proposal({ quantity: '1.000' }),
      limits,
      ctx(asks(...Array(5).fill('1.2345'))),
      BTC,
    );
    expect(r).toMatchObject({ decision: 'CLAMP', quantity: '0.617' });
  });

  it('takes the best levels whatever order they arrive in', () => {
    // Sent worst first: the far 100 BTC level must not be counted as one of the best five.
    const levels = asks('2', '2', '2', '2', '2', '100').reverse();
    expect(evaluateRisk(proposal({ quantity: '1.500' }), limits, ctx(levels), BTC).quantity).toBe('1.000');
  });

  it('uses the bids for a sell', () => {
    const bids = [
      { price: '59999.9', size: '1' },
      { price: '59999.8', size: '1' },
    ];
    const r = evaluateRisk(proposal({ side: 'SELL', quantity: '0.500' }), limits, ctx(bids), BTC);
    expect(r).toMatchObject({ decision: 'CLAMP', quantity: '0.200' });
    expect(r.reasons[0]!.message).toContain('bid levels');
  });

  it('approves a child at exactly the cap', () => {
    expect(
      evaluateRisk(proposal({ quantity: '1.000' }), limits, ctx(asks('2', '2', '2', '2', '2')), BTC).decision,
    ).toBe('APPROVE');
  });

  it('denies when the cap is below the venue minimum quantity', () => {
    // A tenth of 0.005 BTC is 0.0005, under the 0.001 minimum.
    const r = evaluateRisk(
      proposal({ quantity: '0.100' }),
      limits,
      ctx(asks('0.001', '0.001', '0.003')),
      BTC,
    );
    expect(r).toMatchObject({ decision: 'DENY', quantity: '0' });
    expect(codes(r)).toEqual(['BELOW_MIN_QTY', 'MAX_DEPTH_SHARE']);
  });

  it('denies against an empty opposite side (all sizes zero)', () => {
    const r = evaluateRisk(proposal(), limits, ctx(asks('0', '0')), BTC);
    expect(r.decision).toBe('DENY');
    expect(codes(r)).toContain('MAX_DEPTH_SHARE');
  });

  it('does not apply when no levels were given', () => {
    const r = evaluateRisk(proposal({ quantity: '1.500' }), limits, ctx([]), BTC);
    expect(r).toMatchObject({ decision: 'APPROVE', quantity: '1.500' });
    expect(r.bookWalk).toBeUndefined();
  });

  it('denies a level that is not a decimal, naming it', () => {
    const r = evaluateRisk(proposal(), limits, ctx([{ price: '60000', size: 'lots' }]), BTC);
    expect(r.decision).toBe('DENY');
    expect(r.reasons).toEqual([
      { code: 'INVALID_CONTEXT', message: 'opposite level 0 has size "lots", not a decimal >= 0' },
    ]);
  });
});
