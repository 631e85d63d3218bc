import { Dec } from '@tranche/execution-core';
import { DEFAULT_INSTRUMENTS } from '../market/instruments.js';
import { planSlice, type SlicePlanInput } from './slice-plan.js';

const rules = DEFAULT_INSTRUMENTS.get('BTCUSDT')!;
const base = (patch: Partial<SlicePlanInput>): SlicePlanInput => ({
  action: undefined,
  baseline: new Dec('0.1'),
  remaining: new Dec('1'),
  isLast: false,
  snapshot: { bestBid: '60000.0', bestAsk: '60000.1', mid: '60000.05' },
  rules,
  side: 'BUY',
  symbol: 'BTCUSDT',
  maxSlippageBps: 30,
  ...patch,
});

describe('a parent limit price caps the price of every child', () => {
  it('a buyer takes at most up to its limit when the touch is inside it, not 30 bps through', () => {
    const plan = planSlice(base({ parentLimitPrice: '60010.0' }));
    expect(plan).toMatchObject({ timeInForce: 'IOC', price: '60010.0' });
    const free = planSlice(base({}));
    expect(Number((free as { price: string }).price)).toBeGreaterThan(60150);
  });

  it('a seller is floored at its limit', () => {
    const plan = planSlice(base({ side: 'SELL', parentLimitPrice: '59995.5' }));
    expect(plan).toMatchObject({ timeInForce: 'IOC', price: '59995.5' });
  });

  it('a resting buy order never rests above the limit, even when the bid is', () => {
    const plan = planSlice(
      base({ action: { kind: 'PASSIVE', offsetTicks: 0 }, parentLimitPrice: '59990.0' }),
    );
    expect(plan).toMatchObject({ timeInForce: 'PostOnly', price: '59990.0' });
  });
});
