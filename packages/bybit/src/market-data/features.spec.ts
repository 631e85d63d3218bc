import { FeatureEngine } from './features.js';
import { L2Book } from './l2-book.js';
import type { Trade } from './types.js';

const T0 = Date.UTC(2024, 11, 1, 0, 0, 0);

function bookWith(bids: [string, string][], asks: [string, string][], ts = T0): L2Book {
  const book = new L2Book('BTCUSDT');
  book.apply({
    symbol: 'BTCUSDT',
    kind: 'snapshot',
    bids,
    asks,
    updateId: 100,
    seq: 1,
    tsEvent: ts,
    tsMatch: ts,
  });
  return book;
}

function trade(ts: number, size: string, side: 'buy' | 'sell' = 'buy', price = '100'): Trade {
  return {
    symbol: 'BTCUSDT',
    tsEvent: ts,
    price,
    size,
    side,
    tradeId: `t${ts}-${size}`,
    isBlockTrade: false,
  };
}

describe(FeatureEngine.name, () => {
  it('derives top-of-book prices, spread, microprice, depth bands and imbalance', () => {
    const book = bookWith(
      [
        ['100.00', '3'],
        ['99.96', '1'],
        ['99.90', '2'],
        ['99.70', '4'],
      ],
      [
        ['100.02', '1'],
        ['100.06', '5'],
        ['100.20', '2'],
      ],
    );
    const f = new FeatureEngine(book, { levels: 2, imbalanceLevels: 2 }).compute(T0 + 5)!;
    expect(f.symbol).toBe('BTCUSDT');
    expect(f.tsEvent).toBe(T0);
    expect(f.tsInit).toBe(T0 + 5);
    expect(f.bookUpdateId).toBe(100);
    expect([f.bestBid, f.bestAsk, f.bidSize, f.askSize]).toEqual(['100.00', '100.02', '3', '1']);
    expect(f.mid).toBe('100.01');
    // (100.00 * 1 + 100.02 * 3) / 4 = 100.015
    expect(f.microprice).toBe('100.015');
    expect(f.spreadBps).toBeCloseTo((0.02 / 100.01) * 1e4, 9);
    expect(f.bids).toEqual([
      { price: '100.00', size: '3' },
      { price: '99.96', size: '1' },
    ]);
    expect(f.asks).toHaveLength(2);
    // mid 100.01: 5 bps = 0.050005 -> bids >= 99.959995, asks <= 100.060005
    expect(f.bidDepth5bps).toBe(4);
    expect(f.askDepth5bps).toBe(6);
    // 10 bps = 0.10001 -> bids >= 99.90999 (excludes 99.90), asks <= 100.11001
    expect(f.bidDepth10bps).toBe(4);
    expect(f.askDepth10bps).toBe(6);
    // 25 bps = 0.250025 -> bids >= 99.759975 (includes 99.90, excludes 99.70), asks <= 100.260025
    expect(f.bidDepth25bps).toBe(6);
    expect(f.askDepth25bps).toBe(8);
    expect(f.imbalance).toBeCloseTo((4 - 6) / 10, 12);
  });

  it('gives the exact decimal mid and microprice, falling back to decimal maths for long prices', () => {
    const book = bookWith([['1.9531', '6203']], [['1.9532', '10480']]);
    const f = new FeatureEngine(book).compute(T0)!;
    expect(f.mid).toBe('1.95315');
    // (1.9531 * 10480 + 1.9532 * 6203) / 16683, to 8 places
    expect(f.microprice).toBe('1.95313718');
    const long = bookWith([['123456789.12345678', '1']], [['123456789.12345680', '3']]);
    const g = new FeatureEngine(long).compute(T0)!;
    expect(g.mid).toBe('123456789.12345679');
    expect(g.microprice).toBe('123456789.123456785');
  });

  it('is undefined while the book is resyncing or one-sided', () => {
    const book = bookWith([['1', '1']], []);
    expect(new FeatureEngine(book).compute(T0)).toBeUndefined();
    const two = bookWith([['1', '1']], [['2', '1']]);
    const engine = new FeatureEngine(two);
    expect(engine.compute(T0)).toBeDefined();
    two.invalidate();
    expect(engine.compute(T0)).toBeUndefined();
  });

  it('keeps the last N trades oldest first and rolls the 1-minute volume window', () => {
    const engine = new FeatureEngine(bookWith([['99', '1']], [['101', '1']]), { lastTradesCount: 3 });
    engine.onTrades([trade(T0, '1'), trade(T0 + 1000, '2'), trade(T0 + 30_000, '3')]);
    engine.onTrades([trade(T0 + 59_000, '4', 'sell')]);
    let f = engine.compute(T0 + 59_500)!;
    expect(f.lastTrades.map((t) => t.size)).toEqual(['2', '3', '4']);
    expect(f.lastTrades[2]!.side).toBe('sell');
    expect(f.volume1m).toBe(10);
    expect(f.tradeCount1m).toBe(4);
    // 60.5 s later the first two seconds have left the window.
    f = engine.compute(T0 + 61_000)!;
    expect(f.volume1m).toBe(7);
    expect(f.tradeCount1m).toBe(2);
    f = engine.compute(T0 + 200_000)!;
    expect(f.volume1m).toBe(0);
  });

  it('computes realised volatility from 1-second mid returns over the last hour', () => {
    const book = bookWith([['99', '1']], [['101', '1']]);
    const engine = new FeatureEngine(book);
    // Mid alternates 100 -> 101 -> 100 at one-second closes; intra-second updates only keep the last.
    const mids = [100, 101, 100, 101];
    mids.forEach((mid, i) => {
      const ts = T0 + i * 1000;
      book.apply({
        symbol: 'BTCUSDT',
        kind: 'snapshot',
        bids: [[String(mid - 5), '1']],
        asks: [[String(mid + 5), '1']],
        updateId: 200 + i,
        seq: 1,
        tsEvent: ts,
        tsMatch: ts,
      });
      engine.onBook();
    });
    const r1 = Math.log(101 / 100);
    const r2 = Math.log(100 / 101);
    const expected = Math.sqrt(r1 * r1 + r2 * r2 + r1 * r1);
    expect(engine.compute(T0 + 3500)!.realizedVol1h).toBeCloseTo(expected, 12);
    // An hour and more later every return has left the window.
    expect(engine.compute(T0 + 3_700_000)!.realizedVol1h).toBe(0);
  });

  it('builds average daily volume and the intraday profile from klines and live trades without double counting', () => {
    const engine = new FeatureEngine(bookWith([['99', '1']], [['101', '1']]), { profileBuckets: 24 });
    const now = T0 + 24 * 3_600_000; // the next midnight
    // One day of klines: 1 unit per minute, 2 per minute during hour 13.
    const klines = Array.from({ length: 1440 }, (_, m) => ({
      startMs: T0 + m * 60_000,
      open: 1,
      high: 1,
      low: 1,
      close: 1,
      volume: Math.floor(m / 60) === 13 ? 2 : 1,
      turnover: 1,
    }));
    // A live trade in the last minute arrives before the backfill completes: that minute must not
    // also be taken from its kline.
    engine.onTrades([trade(now - 30_000, '5')]);
    engine.onKlines(klines, now);
    const f = engine.compute(now - 1)!;
    const total = 1440 + 60 - 1 + 5; // klines minus the live minute, plus the live trade
    expect(f.averageDailyVolume).toBeCloseTo(total, 9);
    expect(f.intradayVolumeProfile).toHaveLength(24);
    expect(f.intradayVolumeProfile.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(f.intradayVolumeProfile[13]).toBeCloseTo(120 / total, 12);
    expect(f.intradayVolumeProfile[23]).toBeCloseTo((59 + 5) / total, 12);
  });

  it('counts a late trade for an already aggregated minute', () => {
    const engine = new FeatureEngine(bookWith([['99', '1']], [['101', '1']]));
    const now = T0 + 120 * 60_000 + 30_000;
    const klines = Array.from({ length: 120 }, (_, m) => ({
      startMs: T0 + m * 60_000,
      open: 1,
      high: 1,
      low: 1,
      close: 1,
      volume: 1,
      turnover: 1,
    }));
    engine.onKlines(klines, now);
    const before = engine.compute(now)!.averageDailyVolume!;
    expect(before).toBeCloseTo((120 * 1440) / 121, 9);
    engine.onTrades([trade(now - 90_000, '10')]); // minute 119, closed and already aggregated
    const after = engine.compute(now)!.averageDailyVolume!;
    expect(after).toBeCloseTo((130 * 1440) / 121, 9);
  });

  it('reports null average daily volume with under an hour of history', () => {
    const engine = new FeatureEngine(bookWith([['99', '1']], [['101', '1']]));
    engine.onTrades([trade(T0, '5')]);
    expect(engine.compute(T0 + 10_000)!.averageDailyVolume).toBeNull();
  });

  it('merges ticker snapshot and deltas into funding, open interest and prices', () => {
    const engine = new FeatureEngine(bookWith([['99', '1']], [['101', '1']]), {
      openInterestChangeWindowMs: 5 * 60_000,
    });
    let f = engine.compute(T0)!;
    expect([f.fundingRate, f.nextFundingTimeMs, f.msToFunding, f.openInterest, f.markPrice]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    engine.onTicker({
      symbol: 'BTCUSDT',
      kind: 'snapshot',
      tsEvent: T0,
      markPrice: '100.1',
      indexPrice: '100.05',
      fundingRate: 0.0001,
      nextFundingTimeMs: T0 + 8 * 3_600_000,
      openInterest: 1000,
    });
    engine.onTicker({ symbol: 'BTCUSDT', kind: 'delta', tsEvent: T0 + 120_000, openInterest: 1100 });
    engine.onTicker({
      symbol: 'BTCUSDT',
      kind: 'delta',
      tsEvent: T0 + 360_000,
      markPrice: '100.3',
      openInterest: 1250,
    });
    f = engine.compute(T0 + 360_000)!;
    expect(f.markPrice).toBe('100.3');
    expect(f.indexPrice).toBe('100.05');
    expect(f.fundingRate).toBe(0.0001);
    expect(f.msToFunding).toBe(8 * 3_600_000 - 360_000);
    expect(f.openInterest).toBe(1250);
    // Window 5 min back from minute 6 is minute 1: the closest sample at or after it is minute 2 (1100).
    expect(f.openInterestChange).toBe(150);
    // A new snapshot replaces every field: one it lacks becomes unknown.
    engine.onTicker({ symbol: 'BTCUSDT', kind: 'snapshot', tsEvent: T0 + 361_000, markPrice: '100.4' });
    expect(engine.compute(T0 + 361_000)!.fundingRate).toBeNull();
  });

  it('signs liquidation flow by the forced trade direction over the window', () => {
    const engine = new FeatureEngine(bookWith([['99', '1']], [['101', '1']]), {
      liquidationWindowMs: 10_000,
    });
    engine.onLiquidations([
      { symbol: 'BTCUSDT', tsEvent: T0, positionSide: 'long', size: '2', bankruptcyPrice: '100' },
      { symbol: 'BTCUSDT', tsEvent: T0 + 5_000, positionSide: 'short', size: '0.5', bankruptcyPrice: '110' },
    ]);
    expect(engine.compute(T0 + 6_000)!.liquidationFlow).toBeCloseTo(-200 + 55, 9);
    expect(engine.compute(T0 + 12_000)!.liquidationFlow).toBeCloseTo(55, 9);
  });
});
