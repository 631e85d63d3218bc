import { common, marketdata } from '@tranche/contracts';
import type { MarketFeatures, Trade } from '@tranche/bybit';

const HOURS_PER_DAY = 24;

/** MarketFeatures from the Bybit feed → the wire MarketSnapshot every service reads. */
export function featuresToSnapshot(f: MarketFeatures, sequence: number): marketdata.MarketSnapshot {
  return marketdata.MarketSnapshot.create({
    symbol: f.symbol,
    tsEvent: f.tsEvent,
    tsInit: f.tsInit,
    bookUpdatedAt: f.bookUpdatedAt,
    ageMs: f.ageMs,
    bestBid: f.bestBid,
    bestAsk: f.bestAsk,
    bidSize: f.bidSize,
    askSize: f.askSize,
    mid: f.mid,
    microprice: f.microprice,
    spreadBps: f.spreadBps,
    bids: f.bids.map((l) => ({ price: l.price, size: l.size })),
    asks: f.asks.map((l) => ({ price: l.price, size: l.size })),
    depthBid_10bps: f.bidDepth10bps,
    depthAsk_10bps: f.askDepth10bps,
    imbalance: f.imbalance,
    volume_1m: String(f.volume1m),
    tradeCount_1m: f.tradeCount1m,
    // The feed measures volatility over one hour; the snapshot carries it per square root of a day.
    dailyVolatility: f.realizedVol1h * Math.sqrt(HOURS_PER_DAY),
    averageDailyVolume: f.averageDailyVolume === null ? '' : String(f.averageDailyVolume),
    // Only a profile that has seen every hour of the day is worth planning a VWAP on: with less
    // history the unseen hours would look like hours nobody trades.
    intradayVolumeProfile: f.intradayVolumeProfile.every((w) => w > 0) ? f.intradayVolumeProfile : [],
    fundingRate: f.fundingRate === null ? '' : String(f.fundingRate),
    nextFundingTime: f.nextFundingTimeMs ?? 0,
    openInterest: f.openInterest === null ? '' : String(f.openInterest),
    openInterestChange:
      f.openInterest && f.openInterestChange !== null ? f.openInterestChange / f.openInterest : 0,
    liquidationFlow: f.liquidationFlow,
    markPrice: f.markPrice ?? '',
    indexPrice: f.indexPrice ?? '',
    source: 'bybit',
    sequence,
  });
}

export function tradeToWire(t: Trade): marketdata.Trade {
  return marketdata.Trade.create({
    symbol: t.symbol,
    tsEvent: t.tsEvent,
    price: t.price,
    size: t.size,
    aggressorSide: t.side === 'buy' ? common.Side.SIDE_BUY : common.Side.SIDE_SELL,
    tradeId: t.tradeId,
  });
}
