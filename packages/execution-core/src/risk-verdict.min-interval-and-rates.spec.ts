import { defaultRiskLimits } from './risk-limits.js';
import { evaluateRisk } from './risk-verdict.js';
import { BTC, codes, ctx, proposal } from '../test/risk-fixtures.js';

const limits = defaultRiskLimits();

describe('minimum interval between a parent’s children', () => {
  it('denies a child 4.999 s after the parent’s previous one, naming the 5 s minimum', () => {
    const r = evaluateRisk(proposal(), limits, ctx({ lastOrderAtMs: 1_000_000 - 4_999 }), BTC);
    expect(r.decision).toBe('DENY');
    expect(codes(r)).toEqual(['MIN_INTERVAL']);
    expect(r.reasons[0]!.message).toContain('4999 ms since the parent');
    expect(r.reasons[0]!.message).toContain('5000 ms');
  });

  it('approves a child exactly 5 s after the previous one', () => {
    const r = evaluateRisk(proposal(), limits, ctx({ lastOrderAtMs: 1_000_000 - 5_000 }), BTC);
    expect(r.decision).toBe('APPROVE');
  });

  it('approves the parent’s first child (no previous order)', () => {
    expect(evaluateRisk(proposal(), limits, ctx({ lastOrderAtMs: null }), BTC).decision).toBe('APPROVE');
  });
});

describe('orders per minute, per parent and per symbol', () => {
  it('denies the 21st order of one parent within a minute', () => {
    const r = evaluateRisk(proposal(), limits, ctx({ parentOrdersInLastMinute: 20 }), BTC);
    expect(codes(r)).toEqual(['MAX_PARENT_ORDERS_PER_MINUTE']);
    expect(r.reasons[0]!.message).toContain('parent p1, limit 20');
  });

  it('approves the 20th order of one parent', () => {
    expect(evaluateRisk(proposal(), limits, ctx({ parentOrdersInLastMinute: 19 }), BTC).decision).toBe(
      'APPROVE',
    );
  });

  it('denies any parent once the symbol has used its 120 orders of the minute, whatever its own count', () => {
    const r = evaluateRisk(
      proposal(),
      limits,
      ctx({ ordersInLastMinute: 120, parentOrdersInLastMinute: 0 }),
      BTC,
    );
    expect(codes(r)).toEqual(['MAX_ORDERS_PER_MINUTE']);
    expect(r.reasons[0]!.message).toContain('BTCUSDT across all parents, limit 120');
  });

  it('reports both budgets when both are spent', () => {
    const r = evaluateRisk(
      proposal(),
      limits,
      ctx({ ordersInLastMinute: 500, parentOrdersInLastMinute: 500 }),
      BTC,
    );
    expect(codes(r)).toEqual(['MAX_ORDERS_PER_MINUTE', 'MAX_PARENT_ORDERS_PER_MINUTE']);
  });

  it('skips the per-parent rule when the caller did not count the parent', () => {
    expect(evaluateRisk(proposal(), limits, ctx({ parentOrdersInLastMinute: undefined }), BTC).decision).toBe(
      'APPROVE',
    );
  });

  it('denies a negative parent count as a broken context', () => {
    expect(codes(evaluateRisk(proposal(), limits, ctx({ parentOrdersInLastMinute: -1 }), BTC))).toEqual([
      'INVALID_CONTEXT',
    ]);
  });
});
