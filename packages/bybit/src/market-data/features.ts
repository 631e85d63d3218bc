import { Decimal } from 'decimal.js';
import type { L2Book } from './l2-book.js';
import { BucketRing, SecondReturns } from './rolling-window.js';
import { TickerState } from './ticker-state.js';
import type { BookLevel, Kline, Liquidation, TickerUpdate, Trade } from './types.js';

/**
 * Everything the impact model and the decision layer read about one symbol at one instant.
 * A plain object; it is mapped field by field to the protobuf `MarketSnapshot`, so names are stable.
 * Prices and sizes are decimal strings; derived quantities are numbers.
 */
export interface MarketFeatures {
  symbol: string;
  /** Venue time of the book state these features describe (ms). */
  tsEvent: number;
  /** Local clock when the features were computed (ms). */
  tsInit: number;
  /**
   * Local time (ms) the book last moved forward (`L2Book.updatedAt`). Features are rebuilt on every
   * publish even from a book that stopped moving long ago: this, not tsInit, says how fresh they are.
   */
  bookUpdatedAt: number;
  /** tsInit - bookUpdatedAt: how old the book already was when these features were built (ms). */
  ageMs: number;
  /** Bybit `u` of the book state. */
  bookUpdateId: number;
  bestBid: string;
  bestAsk: string;
  bidSize: string;
  askSize: string;
  mid: string;
  /** Size-weighted mid: (bid * askSize + ask * bidSize) / (bidSize + askSize). */
  microprice: string;
  spreadBps: number;
  /** Best levels, best first. */
  bids: BookLevel[];
  asks: BookLevel[];
  /** Resting size (base units) priced within N bps of the mid on each side. */
  bidDepth5bps: number;
  askDepth5bps: number;
  bidDepth10bps: number;
  askDepth10bps: number;
  bidDepth25bps: number;
  askDepth25bps: number;
  /** (bidQty - askQty) / (bidQty + askQty) over the best `imbalanceLevels` levels, in [-1, 1]. */
  imbalance: number;
  /** The last N trades, oldest first. */
  lastTrades: Trade[];
  /** Traded size (base units) over the trailing 60 s. */
  volume1m: number;
  tradeCount1m: number;
  /** sqrt(sum of squared 1-s log returns of the mid) over the trailing hour; a fraction, not annualised. */
  realizedVol1h: number;
  /** Traded size per day (base units) over the trailing window, scaled to 24 h; null with < 1 h of history. */
  averageDailyVolume: number | null;
  /** Share of volume per time-of-day bucket (24 hourly or 1440 per-minute buckets, UTC); sums to 1, or all 0. */
  intradayVolumeProfile: number[];
  fundingRate: number | null;
  nextFundingTimeMs: number | null;
  msToFunding: number | null;
  /** Open interest in base units. */
  openInterest: number | null;
  /** Open interest now minus `openInterestChangeWindowMs` ago (or the oldest sample when history is shorter). */
  openInterestChange: number | null;
  /**
   * Signed liquidation notional (quote units) over `liquidationWindowMs`: positive when shorts are
   * liquidated (forced buying), negative when longs are liquidated (forced selling).
   */
  liquidationFlow: number;
  markPrice: string | null;
  indexPrice: string | null;
}

export interface FeatureEngineOptions {
  /** Levels per side in `bids`/`asks` (default 10). */
  levels?: number;
  /** Trades kept in `lastTrades` (default 50). */
  lastTradesCount?: number;
  /** Levels per side used for `imbalance` (default 5). */
  imbalanceLevels?: number;
  /** Window for `liquidationFlow` (default 60 s). */
  liquidationWindowMs?: number;
  /** Days of per-minute volume kept for `averageDailyVolume` and the profile (default 7). */
  volumeHistoryDays?: number;
  /** 24 (hourly) or 1440 (per minute) buckets (default 24). */
  profileBuckets?: 24 | 1440;
  /** Window for `openInterestChange` (default 1 h). */
  openInterestChangeWindowMs?: number;
}

const MINUTE = 60_000;
const DAY_MINUTES = 1440;

/**
 * Per-symbol feature state. Book-driven state is updated in O(1) per message (`onBook`); the full
 * feature object is only built on demand (`compute`), at the publishing cadence, so the ingest path
 * stays cheap.
 */
export class FeatureEngine {
  readonly ticker = new TickerState();
  private readonly levels: number;
  private readonly lastTradesCount: number;
  private readonly imbalanceLevels: number;
  private readonly profileBuckets: 24 | 1440;
  private readonly oiWindowMinutes: number;
  private readonly trades: Trade[] = [];
  private tradeHead = 0;
  private readonly tradeSeconds = new BucketRing(1000, 60);
  private readonly minuteVolume: BucketRing;
  private readonly liquidations: BucketRing;
  private readonly returns = new SecondReturns(3600);
  private readonly oiMinutes: Float64Array;
  private readonly oiValues: Float64Array;
  private firstLiveTradeMs: number | undefined;
  /**
   * Volume aggregates over closed minutes, rebuilt when the minute rolls or history changes, so a
   * snapshot does not rescan a week of minute buckets; the open minute is added on read.
   */
  private readonly closedProfile: Float64Array;
  private closedTotal = 0;
  private closedOldestMinute = Infinity;
  private closedAsOfMinute = -1;
  private volumeVersion = 0;
  private closedVersion = -1;

  constructor(
    readonly book: L2Book,
    options: FeatureEngineOptions = {},
  ) {
    this.levels = options.levels ?? 10;
    this.lastTradesCount = Math.max(1, options.lastTradesCount ?? 50);
    this.imbalanceLevels = options.imbalanceLevels ?? 5;
    this.profileBuckets = options.profileBuckets ?? 24;
    this.minuteVolume = new BucketRing(MINUTE, (options.volumeHistoryDays ?? 7) * DAY_MINUTES);
    const liqWindow = options.liquidationWindowMs ?? 60_000;
    this.liquidations = new BucketRing(1000, Math.max(1, Math.ceil(liqWindow / 1000)));
    this.oiWindowMinutes = Math.max(
      1,
      Math.round((options.openInterestChangeWindowMs ?? 3_600_000) / MINUTE),
    );
    this.oiMinutes = new Float64Array(this.oiWindowMinutes + 1).fill(-1);
    this.oiValues = new Float64Array(this.oiWindowMinutes + 1);
    this.closedProfile = new Float64Array(this.profileBuckets);
  }

  /** Per book message: samples the mid for realised volatility. Allocation-free. */
  onBook(): void {
    const book = this.book;
    if (book.bids.length > 0 && book.asks.length > 0) this.returns.observe(book.tsEvent, book.midPrice());
  }

  onTrades(trades: readonly Trade[]): void {
    for (const t of trades) {
      const size = +t.size;
      if (!(size >= 0)) continue;
      if (this.firstLiveTradeMs === undefined) this.firstLiveTradeMs = t.tsEvent;
      this.tradeSeconds.add(t.tsEvent, size);
      this.minuteVolume.add(t.tsEvent, size);
      // A late trade for a minute already aggregated invalidates the aggregate.
      if (t.tsEvent < this.closedAsOfMinute * MINUTE) this.volumeVersion++;
      if (this.trades.length < this.lastTradesCount) {
        this.trades.push(t);
      } else {
        this.trades[this.tradeHead] = t;
        this.tradeHead = (this.tradeHead + 1) % this.lastTradesCount;
      }
    }
  }

  onTicker(update: TickerUpdate): void {
    this.ticker.apply(update);
    const oi = this.ticker.openInterest;
    if (oi !== null) {
      const minute = Math.floor(update.tsEvent / MINUTE);
      const slot = minute % this.oiMinutes.length;
      if (this.oiMinutes[slot]! <= minute) {
        this.oiMinutes[slot] = minute;
        this.oiValues[slot] = oi;
      }
    }
  }

  onLiquidations(liquidations: readonly Liquidation[]): void {
    for (const l of liquidations) {
      const notional = +l.size * +l.bankruptcyPrice;
      if (!Number.isFinite(notional)) continue;
      this.liquidations.add(l.tsEvent, l.positionSide === 'long' ? -notional : notional);
    }
  }

  /**
   * Seeds per-minute volume from REST klines. Only closed minutes before the first live trade are
   * taken, so a minute is never counted from both klines and trades.
   */
  onKlines(klines: readonly Kline[], nowMs: number): void {
    const liveFrom = this.firstLiveTradeMs ?? nowMs;
    const cutoff = Math.min(Math.floor(nowMs / MINUTE), Math.floor(liveFrom / MINUTE)) * MINUTE;
    for (const k of klines) {
      if (k.startMs < cutoff && k.volume >= 0) this.minuteVolume.add(k.startMs, k.volume, 0);
    }
    this.volumeVersion++;
  }

  /** Builds the feature object; undefined while the book is not usable (empty, one-sided, or resyncing). */
  compute(nowMs: number): MarketFeatures | undefined {
    const book = this.book;
    if (!book.isUsable()) return undefined;
    const bids = book.bids;
    const asks = book.asks;
    const bidPx = bids.priceAt(0);
    const askPx = asks.priceAt(0);
    const bestBid = bids.priceTextAt(0)!;
    const bestAsk = asks.priceTextAt(0)!;
    const midNum = (bidPx + askPx) / 2;

    const bidQty = bids.sizeAt(0);
    const askQty = asks.sizeAt(0);
    const dp = Math.max(decimalPlaces(bestBid), decimalPlaces(bestAsk));
    let mid: string;
    let microprice: string;
    if (integerDigits(bestAsk) + dp + 4 <= 15) {
      // Within 15 significant digits doubles are precise enough that rounding to dp+1 places gives
      // the exact mid, and the microprice can differ from decimal arithmetic only in its last
      // digit, at a fraction of the cost of decimal.js (which takes over beyond that).
      mid = trimZeros(midNum.toFixed(dp + 1));
      microprice = trimZeros(((bidPx * askQty + askPx * bidQty) / (bidQty + askQty)).toFixed(dp + 4));
    } else {
      const dBid = new Decimal(bestBid);
      const dAsk = new Decimal(bestAsk);
      const dBidQty = new Decimal(bids.sizeTextAt(0)!);
      const dAskQty = new Decimal(asks.sizeTextAt(0)!);
      mid = dBid.plus(dAsk).div(2).toFixed();
      microprice = dBid
        .mul(dAskQty)
        .plus(dAsk.mul(dBidQty))
        .div(dBidQty.plus(dAskQty))
        .toDecimalPlaces(dp + 4)
        .toFixed();
    }

    const depth = (bps: number): [number, number] => [
      bids.sizeUpTo(midNum * (1 - bps / 1e4)),
      asks.sizeUpTo(midNum * (1 + bps / 1e4)),
    ];
    const [bidDepth5bps, askDepth5bps] = depth(5);
    const [bidDepth10bps, askDepth10bps] = depth(10);
    const [bidDepth25bps, askDepth25bps] = depth(25);
    const ib = bids.sizeOfTop(this.imbalanceLevels);
    const ia = asks.sizeOfTop(this.imbalanceLevels);

    const lastMinute = this.tradeSeconds.total(nowMs);
    const { adv, profile } = this.volumeStats(nowMs);
    const ticker = this.ticker;
    const nextFunding = ticker.nextFundingTimeMs;

    return {
      symbol: book.symbol,
      tsEvent: book.tsEvent,
      tsInit: nowMs,
      bookUpdatedAt: book.updatedAt,
      ageMs: Math.max(0, nowMs - book.updatedAt),
      bookUpdateId: book.updateId,
      bestBid,
      bestAsk,
      bidSize: bids.sizeTextAt(0)!,
      askSize: asks.sizeTextAt(0)!,
      mid,
      microprice,
      spreadBps: ((askPx - bidPx) / midNum) * 1e4,
      bids: bids.top(this.levels),
      asks: asks.top(this.levels),
      bidDepth5bps,
      askDepth5bps,
      bidDepth10bps,
      askDepth10bps,
      bidDepth25bps,
      askDepth25bps,
      imbalance: ib + ia > 0 ? (ib - ia) / (ib + ia) : 0,
      lastTrades: this.lastTrades(),
      volume1m: lastMinute.sum,
      tradeCount1m: lastMinute.count,
      realizedVol1h: this.returns.realized(nowMs),
      averageDailyVolume: adv,
      intradayVolumeProfile: profile,
      fundingRate: ticker.fundingRate,
      nextFundingTimeMs: nextFunding,
      msToFunding: nextFunding === null ? null : Math.max(0, nextFunding - nowMs),
      openInterest: ticker.openInterest,
      openInterestChange: this.openInterestChange(nowMs),
      liquidationFlow: this.liquidations.total(nowMs).sum,
      markPrice: ticker.markPrice,
      indexPrice: ticker.indexPrice,
    };
  }

  private lastTrades(): Trade[] {
    const n = this.trades.length;
    if (n < this.lastTradesCount) return this.trades.slice();
    return this.trades.slice(this.tradeHead).concat(this.trades.slice(0, this.tradeHead));
  }

  private volumeStats(nowMs: number): { adv: number | null; profile: number[] } {
    const nowMinute = Math.floor(nowMs / MINUTE);
    const minutesPerBucket = DAY_MINUTES / this.profileBuckets;
    if (this.closedAsOfMinute !== nowMinute || this.closedVersion !== this.volumeVersion) {
      this.closedProfile.fill(0);
      let total = 0;
      let oldest = Infinity;
      this.minuteVolume.forEach(nowMs, (minute, sum) => {
        if (minute >= nowMinute) return;
        total += sum;
        if (minute < oldest) oldest = minute;
        const idx = Math.floor((minute % DAY_MINUTES) / minutesPerBucket);
        this.closedProfile[idx] = this.closedProfile[idx]! + sum;
      });
      this.closedTotal = total;
      this.closedOldestMinute = oldest;
      this.closedAsOfMinute = nowMinute;
      this.closedVersion = this.volumeVersion;
    }
    const open = this.minuteVolume.sumAt(nowMinute);
    const total = this.closedTotal + open;
    const openIdx = Math.floor((nowMinute % DAY_MINUTES) / minutesPerBucket);
    const n = this.profileBuckets;
    const scale = total > 0 ? 1 / total : 0;
    const profile = new Array<number>(n);
    for (let i = 0; i < n; i++) profile[i] = (this.closedProfile[i]! + (i === openIdx ? open : 0)) * scale;
    const oldest = open > 0 ? Math.min(this.closedOldestMinute, nowMinute) : this.closedOldestMinute;
    const coveredMinutes = oldest === Infinity ? 0 : nowMinute - oldest + 1;
    const adv = coveredMinutes >= 60 ? (total * DAY_MINUTES) / coveredMinutes : null;
    return { adv, profile };
  }

  private openInterestChange(nowMs: number): number | null {
    const current = this.ticker.openInterest;
    if (current === null) return null;
    const nowMinute = Math.floor(nowMs / MINUTE);
    const target = nowMinute - this.oiWindowMinutes;
    // The sample closest to (at or after) the window start; the oldest one when history is shorter.
    let best = -1;
    let bestMinute = Infinity;
    for (let slot = 0; slot < this.oiMinutes.length; slot++) {
      const m = this.oiMinutes[slot]!;
      if (m >= target && m <= nowMinute && m < bestMinute) {
        bestMinute = m;
        best = slot;
      }
    }
    return best < 0 ? null : current - this.oiValues[best]!;
  }
}

function decimalPlaces(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function integerDigits(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? text.length : dot;
}

/** "100.0150" -> "100.015", "100.000" -> "100". */
function trimZeros(fixed: string): string {
  if (fixed.indexOf('.') < 0) return fixed;
  let end = fixed.length;
  while (fixed.charCodeAt(end - 1) === 48) end--;
  if (fixed.charCodeAt(end - 1) === 46) end--;
  return fixed.slice(0, end);
}
