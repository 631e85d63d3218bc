import { common, decision, marketdata } from '@tranche/contracts';
import { HeuristicDecider, liquidationShare } from './heuristic-decider.js';

const T = Date.UTC(2026, 0, 5, 12);
const req = (snap: Partial<marketdata.IMarketSnapshot>, side = common.Side.SIDE_BUY) =>
  decision.DecisionRequest.create({
    parentId: 'p1',
    symbol: 'BTCUSDT',
    side,
    targetQuantity: '10',
    filledQuantity: '0',
    elapsedFraction: 0,
    baselineQuantity: '1',
    snapshot: marketdata.MarketSnapshot.create({
      mid: '60000',
      spreadBps: 1,
      dailyVolatility: 0.03,
      volume_1m: '100',
      ...snap,
    }),
  });

describe('HeuristicDecider feeds the rules liquidations and price change from the snapshots it sees', () => {
  it('a liquidation cascade of forced selling makes a buyer lean in passively', () => {
    // 2.4M USDT of longs liquidated against 6M USDT traded in the minute: 40% of the volume.
    const d = new HeuristicDecider().decide(req({ liquidationFlow: -2_400_000 }), T);
    expect(d.passive).toBeTruthy();
    expect(d.reasoning).toMatch(/^liquidation-cascade: forced selling 40% of volume/);
  });

  it('the same cascade makes a seller wait', () => {
    const d = new HeuristicDecider().decide(req({ liquidationFlow: -2_400_000 }, common.Side.SIDE_SELL), T);
    expect(Number(d.wait?.durationMs)).toBe(60_000);
  });

  it('open interest up while the price fell over the hour reads as a divergence', () => {
    const h = new HeuristicDecider();
    h.decide(req({ mid: '60000', openInterestChange: 0.02 }), T);
    const d = h.decide(req({ mid: '59900', openInterestChange: 0.02 }), T + 30 * 60_000);
    expect(d.reasoning).toMatch(/oi-divergence: open interest 2\.00% while price moved -16\.7 bps/);
  });

  it('a price move older than the hour no longer counts', () => {
    const h = new HeuristicDecider();
    h.decide(req({ mid: '60000', openInterestChange: 0.02 }), T);
    const d = h.decide(req({ mid: '59900', openInterestChange: 0.02 }), T + 61 * 60_000);
    expect(d.reasoning).not.toMatch(/oi-divergence/);
  });

  it('liquidation share is bounded and zero without volume', () => {
    expect(liquidationShare({ liquidationFlow: 1e12, volume_1m: '1', mid: '1' })).toBe(1);
    expect(liquidationShare({ liquidationFlow: 5, volume_1m: '0', mid: '60000' })).toBe(0);
  });
});
