import type { InstrumentRules } from '../src/instrument-rules.js';
import type { ChildOrderProposal, RiskContext } from '../src/risk-verdict.js';

/** The instrument, child and market state the risk specs start from; each spec overrides what it tests. */
export const BTC: InstrumentRules = {
  symbol: 'BTCUSDT',
  tickSize: '0.1',
  qtyStep: '0.001',
  minOrderQty: '0.001',
  maxOrderQty: '100',
  minNotional: '5',
};

export const proposal = (over: Partial<ChildOrderProposal> = {}): ChildOrderProposal => ({
  parentId: 'p1',
  symbol: 'BTCUSDT',
  side: 'BUY',
  quantity: '0.100',
  referencePrice: '60000',
  arrivalPrice: '60000',
  remainingQty: '2.000',
  aggressive: false,
  ...over,
});

export const ctx = (over: Partial<RiskContext> = {}): RiskContext => ({
  nowMs: 1_000_000,
  ordersInLastMinute: 0,
  lastOrderAtMs: null,
  spreadBps: 1,
  recentVolume: 100,
  volatilityBps: 300,
  tradingState: 'ACTIVE',
  ...over,
});

export const codes = (r: { reasons: { code: string }[] }): string[] => r.reasons.map((x) => x.code).sort();
