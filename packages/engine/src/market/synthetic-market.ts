import { marketdata } from '@tranche/contracts';
import { Dec, mulberry32, roundPriceToTick, type InstrumentRules } from '@tranche/execution-core';

export interface SyntheticMarketOptions {
  symbol: string;
  seed: number;
  startPrice: number;
  startMs: number;
  rules: InstrumentRules;
  /** Daily volatility as a fraction; 3% is typical for BTC perpetuals. */
  dailyVolatility?: number;
  /** Base units traded per day; Bybit's BTCUSDT perpetual trades tens of thousands of BTC a day. */
  averageDailyVolume?: number;
  /** Half the quoted spread, in ticks. */
  halfSpreadTicks?: number;
  /** Size at the touch, base units. */
  touchSize?: number;
  levels?: number;
  fundingRate?: number;
  openInterest?: number;
}

const STEP_MS = 1000;
const DAY_MS = 86_400_000;
const FUNDING_INTERVAL_MS = 8 * 3_600_000;

/**
 * A seeded, reproducible market: mid follows a random walk on a one-second
 * grid with the configured daily volatility; the book has a fixed shape around
 * it. Good enough to exercise the whole order flow with no venue; not a model
 * of real microstructure (the venue simulator replays real data for that).
 */
export class SyntheticMarket {
  private readonly rand: () => number;
  private t: number;
  private mid: number;
  private sequence = 0;
  private readonly sigmaPerStep: number;
  private readonly o: Required<SyntheticMarketOptions>;
  private readonly tick: number;
  private volume1m: number[] = [];
  private priceHourAgo: number;

  constructor(options: SyntheticMarketOptions) {
    this.o = {
      dailyVolatility: 0.03,
      averageDailyVolume: 60_000,
      halfSpreadTicks: 1,
      touchSize: 2.5,
      levels: 10,
      fundingRate: 0.0001,
      openInterest: 55_000,
      ...options,
    };
    this.rand = mulberry32(options.seed);
    this.t = options.startMs;
    this.mid = options.startPrice;
    this.priceHourAgo = options.startPrice;
    this.sigmaPerStep = this.o.dailyVolatility * Math.sqrt(STEP_MS / DAY_MS);
    this.tick = Number(options.rules.tickSize);
    // Start with a minute of volume history, as a feed that has been running would.
    for (let i = 0; i < 60; i++)
      this.volume1m.push((this.o.averageDailyVolume / (DAY_MS / STEP_MS)) * (0.5 + this.rand()));
  }

  get symbol(): string {
    return this.o.symbol;
  }

  private gaussian(): number {
    // Box-Muller; 1 - u keeps log away from 0.
    const u = 1 - this.rand();
    const v = this.rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Advance to `nowMs` (never backwards) and describe the market there. */
  snapshotAt(nowMs: number): marketdata.MarketSnapshot {
    while (this.t + STEP_MS <= nowMs) {
      this.t += STEP_MS;
      this.mid *= Math.exp(this.sigmaPerStep * this.gaussian());
      const perStep = (this.o.averageDailyVolume / (DAY_MS / STEP_MS)) * (0.5 + this.rand());
      this.volume1m.push(perStep);
      if (this.volume1m.length > 60) this.volume1m.shift();
      if ((this.t - this.o.startMs) % 3_600_000 === 0) this.priceHourAgo = this.mid;
    }
    return this.build(nowMs);
  }

  private build(nowMs: number): marketdata.MarketSnapshot {
    const rules = this.o.rules;
    const half = this.o.halfSpreadTicks * this.tick;
    const bid = roundPriceToTick(String(this.mid - half), rules, 'down');
    const ask = roundPriceToTick(String(this.mid + half), rules, 'up');
    const bidN = Number(bid);
    const askN = Number(ask);
    const bids: marketdata.IPriceLevel[] = [];
    const asks: marketdata.IPriceLevel[] = [];
    for (let i = 0; i < this.o.levels; i++) {
      // Depth grows away from the touch, as in real books.
      const size = (this.o.touchSize * (1 + i * 0.6)).toFixed(3);
      bids.push({ price: new Dec(bid).minus(new Dec(rules.tickSize).times(i)).toFixed(), size });
      asks.push({ price: new Dec(ask).plus(new Dec(rules.tickSize).times(i)).toFixed(), size });
    }
    const mid = (bidN + askN) / 2;
    const depthWithin = (levels: marketdata.IPriceLevel[]) =>
      levels
        .filter((l) => Math.abs(Number(l.price) / mid - 1) * 1e4 <= 10)
        .reduce((s, l) => s + Number(l.size), 0);
    const bidDepth = depthWithin(bids);
    const askDepth = depthWithin(asks);
    const nextFunding = Math.ceil((nowMs + 1) / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS;
    const touch = this.o.touchSize.toFixed(3);
    return marketdata.MarketSnapshot.create({
      symbol: this.o.symbol,
      tsEvent: this.t,
      tsInit: nowMs,
      bookUpdatedAt: nowMs,
      ageMs: 0,
      bestBid: bid,
      bestAsk: ask,
      bidSize: touch,
      askSize: touch,
      mid: new Dec(bid).plus(ask).div(2).toFixed(),
      microprice: new Dec(bid).plus(ask).div(2).toFixed(),
      spreadBps: ((askN - bidN) / mid) * 1e4,
      bids,
      asks,
      depthBid_10bps: bidDepth,
      depthAsk_10bps: askDepth,
      imbalance: bidDepth + askDepth > 0 ? (bidDepth - askDepth) / (bidDepth + askDepth) : 0,
      volume_1m: this.volume1m.reduce((s, v) => s + v, 0).toFixed(3),
      tradeCount_1m: Math.round(this.volume1m.length * 8),
      dailyVolatility: this.o.dailyVolatility,
      averageDailyVolume: String(this.o.averageDailyVolume),
      fundingRate: String(this.o.fundingRate),
      nextFundingTime: nextFunding,
      openInterest: String(this.o.openInterest),
      openInterestChange: 0,
      liquidationFlow: 0,
      markPrice: this.mid.toFixed(2),
      indexPrice: this.mid.toFixed(2),
      source: 'synthetic',
      sequence: ++this.sequence,
    });
  }
}
