import { Rng } from '../core/rng.js';
import { SimConfigError } from '../core/errors.js';
import type { MarketEvent, MarketSource, Side } from './events.js';

// A module-level alias: under jest's vm context every global lookup of `Math` goes through the
// context's global object, which made the hot numeric loops several times slower.
const M = Math;

/**
 * A seeded synthetic market calibrated to measured BTCUSDT figures (README, "Synthetic market"):
 *  - price: stochastic volatility (log-vol AR(1), half-life 2 h, vol-of-vol 0.5) with Student-t
 *    innovations, an intraday volatility profile and rare liquidation cascades (jumps), which
 *    together give fat-tailed 1-minute returns and volatility clustering;
 *  - book: 1-tick spread most of the time, a fine ladder of 20 ticks and a coarser ladder out to
 *    ~15 bps whose sizes match the depth measured on the Binance USD-M capture;
 *  - trades: Poisson arrivals with an intraday (UTC hour) intensity profile, more trades when
 *    volatility is high, log-normal sizes with the capture's median and mean;
 *  - funding every 8 h, spread blow-outs and liquidation bursts.
 */
export interface SyntheticConfig {
  symbol: string;
  seed: number;
  /** Market time of the first event (ms). */
  startTime: number;
  startPrice: number;
  tickSize: number;
  qtyStep: number;
  /** Daily volatility of log returns (fraction), e.g. 0.026. */
  dailyVolatility: number;
  /** Mean traded volume per second (base units), before seasonality. */
  tradesPerSecond: number;
  /** Median and mean trade size (base units); log-normal between them. */
  medianTradeSize: number;
  meanTradeSize: number;
  /** Relative activity per UTC hour (24 numbers; normalised to mean 1). */
  hourlyProfile: number[];
  /** Book update interval (ms of market time). */
  bookIntervalMs: number;
  /** Size at the best level and per-level sizes of the fine and coarse ladders (base units). */
  topSize: number;
  fineLevelSize: number;
  coarseLevelSize: number;
  fineLevels: number;
  coarseSpacingTicks: number;
  coarseLevels: number;
  /** Expected events per day. */
  cascadesPerDay: number;
  spreadBlowoutsPerDay: number;
  /** Funding: mean and standard deviation of the 8 h rate. */
  fundingMean: number;
  fundingStd: number;
  /** Log-volatility: AR(1) half-life (ms) and stationary standard deviation. */
  volHalfLifeMs: number;
  volOfVol: number;
  /** Degrees of freedom of the return innovations. */
  tailNu: number;
}

/**
 * Relative volume per UTC hour. Shape from the Bybit BTCUSDT spot 1-minute bars of 2022-12-13
 * (../shared/data/klines, Lean sample) with that day's 13:30 CPI spike damped: quiet Asian night,
 * rising with Europe, peak around the US open (13-16 UTC).
 */
export const DEFAULT_HOURLY_PROFILE = [
  0.55, 0.45, 0.45, 0.5, 0.45, 0.4, 0.6, 0.85, 0.75, 1.2, 1.2, 1.0, 1.0, 1.9, 1.8, 1.6, 1.5, 1.5, 1.2, 1.0,
  0.8, 0.75, 0.6, 0.5,
];

export const DEFAULT_SYNTHETIC: Omit<SyntheticConfig, 'symbol' | 'startTime'> = {
  seed: 42,
  startPrice: 60_000,
  tickSize: 0.1,
  qtyStep: 0.001,
  dailyVolatility: 0.026,
  tradesPerSecond: 10,
  medianTradeSize: 0.016,
  meanTradeSize: 0.114,
  hourlyProfile: DEFAULT_HOURLY_PROFILE,
  bookIntervalMs: 250,
  topSize: 2.7,
  fineLevelSize: 0.3,
  coarseLevelSize: 1.2,
  fineLevels: 20,
  coarseSpacingTicks: 5,
  coarseLevels: 180,
  cascadesPerDay: 2,
  spreadBlowoutsPerDay: 6,
  fundingMean: 0.00015,
  fundingStd: 0.0002,
  volHalfLifeMs: 2 * 3600_000,
  volOfVol: 0.5,
  tailNu: 5,
};

const DAY = 86_400_000;
const FUNDING_MS = 8 * 3600_000;

interface Episode {
  until: number;
  /** Cascade: log drift per ms and direction; blow-out: extra spread ticks. */
  drift: number;
  side: Side;
  spreadTicks: number;
  intensity: number;
}

export class SyntheticSource implements MarketSource {
  readonly name: string;
  readonly symbols: readonly string[];
  readonly config: SyntheticConfig;
  private readonly rng: Rng;
  private t: number;
  private logMid: number;
  private x = 0;
  private readonly queue: MarketEvent[] = [];
  private head = 0;
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  private bestBid: number | undefined;
  private bestAsk: number | undefined;
  private cascade: Episode | undefined;
  private blowout: Episode | undefined;
  private nextFunding: number;
  private readonly profile: number[];
  private readonly sigmaBar: number;
  private readonly sizeMu: number;
  private readonly sizeSigma: number;
  private readonly phi: number;
  private readonly volNoise: number;
  private first = true;

  constructor(cfg: Partial<SyntheticConfig> & { symbol: string; startTime: number }) {
    this.config = { ...DEFAULT_SYNTHETIC, ...cfg };
    const c = this.config;
    if (c.hourlyProfile.length !== 24) throw new SimConfigError('synthetic hourlyProfile needs 24 numbers');
    if (!(c.meanTradeSize > c.medianTradeSize && c.medianTradeSize > 0)) {
      throw new SimConfigError('synthetic trade sizes need meanTradeSize > medianTradeSize > 0');
    }
    this.name = `synthetic:${c.symbol}:seed${c.seed}`;
    this.symbols = [c.symbol];
    this.rng = new Rng(c.seed);
    this.t = c.startTime;
    this.logMid = M.log(c.startPrice);
    const mean = c.hourlyProfile.reduce((a, b) => a + b, 0) / 24;
    this.profile = c.hourlyProfile.map((v) => v / mean);
    // E[exp(2x)] = exp(2 s^2) for x ~ N(0, s^2): scale so the mean variance hits the target.
    this.sigmaBar = c.dailyVolatility / M.exp(c.volOfVol * c.volOfVol);
    this.sizeMu = M.log(c.medianTradeSize);
    this.sizeSigma = M.sqrt(2 * M.log(c.meanTradeSize / c.medianTradeSize));
    this.phi = M.pow(0.5, c.bookIntervalMs / c.volHalfLifeMs);
    this.volNoise = c.volOfVol * M.sqrt(1 - this.phi * this.phi);
    this.nextFunding = M.floor(this.t / FUNDING_MS) * FUNDING_MS + FUNDING_MS;
  }

  peekTime(): number | undefined {
    if (this.head >= this.queue.length) this.step();
    return this.queue[this.head]!.ts;
  }

  next(): MarketEvent | undefined {
    if (this.head >= this.queue.length) this.step();
    return this.queue[this.head++];
  }

  /** Current mid (for stats and tests). */
  get mid(): number {
    return M.exp(this.logMid);
  }

  private hourFactor(t: number): number {
    return this.profile[M.floor((t % DAY) / 3_600_000)]!;
  }

  private lotRound(q: number): number {
    const s = this.config.qtyStep;
    return M.max(s, M.round(q / s) * s);
  }

  /** One book interval: move the price, rebuild what changed in the ladder, draw trades. */
  private step(): void {
    const c = this.config;
    const rng = this.rng;
    this.queue.length = 0;
    this.head = 0;
    const t0 = this.t;
    const dt = c.bookIntervalMs;
    const t1 = t0 + dt;

    // Episodes: liquidation cascades and spread blow-outs.
    if (this.cascade && t0 >= this.cascade.until) this.cascade = undefined;
    if (this.blowout && t0 >= this.blowout.until) this.blowout = undefined;
    if (!this.cascade && rng.next() < (c.cascadesPerDay * dt) / DAY) {
      const dur = 30_000 + rng.next() * 90_000;
      const move = 0.005 + rng.exponential(0.006);
      const side: Side = rng.next() < 0.5 ? 'Buy' : 'Sell';
      // Buy = longs liquidated: the price falls.
      const sign = side === 'Buy' ? -1 : 1;
      this.cascade = {
        until: t0 + dur,
        drift: (sign * move) / dur,
        side,
        spreadTicks: 3 + M.floor(rng.next() * 8),
        intensity: 5,
      };
    }
    if (!this.blowout && rng.next() < (c.spreadBlowoutsPerDay * dt) / DAY) {
      this.blowout = {
        until: t0 + 5_000 + rng.next() * 25_000,
        drift: 0,
        side: 'Buy',
        spreadTicks: 5 + M.floor(rng.next() * 15),
        intensity: 1,
      };
    }

    // Stochastic volatility and the price move over this interval.
    this.x = this.phi * this.x + this.volNoise * rng.normal();
    const hf = this.hourFactor(t0);
    const sigma = this.sigmaBar * M.exp(this.x) * M.sqrt(hf);
    const sd = sigma * M.sqrt(dt / DAY);
    let r = sd * rng.studentT(c.tailNu);
    if (this.cascade) r += this.cascade.drift * dt;
    this.logMid += r;

    // Book.
    const tick = c.tickSize;
    const spread = M.max(
      1,
      this.cascade?.spreadTicks ?? 0,
      this.blowout?.spreadTicks ?? 0,
      rng.next() < 0.06 ? 2 : 1,
    );
    const midTicks = M.exp(this.logMid) / tick;
    const newBid = M.floor(midTicks - spread / 2);
    const newAsk = newBid + spread;
    const depthFactor = this.blowout ? 0.3 : this.cascade ? 0.5 : 1;
    const bidChanges = this.rebuildSide(this.bids, true, this.bestBid, newBid, depthFactor);
    const askChanges = this.rebuildSide(this.asks, false, this.bestAsk, newAsk, depthFactor);
    this.bestBid = newBid;
    this.bestAsk = newAsk;
    this.queue.push({
      kind: 'depth',
      ts: t0,
      symbol: c.symbol,
      snapshot: this.first,
      bids: this.first ? [...this.bids].map(([k, v]) => [k * tick, v]) : bidChanges,
      asks: this.first ? [...this.asks].map(([k, v]) => [k * tick, v]) : askChanges,
    });
    this.first = false;

    // Funding.
    if (t0 >= this.nextFunding) {
      const rate = M.min(0.00375, M.max(-0.0025, c.fundingMean + c.fundingStd * rng.normal()));
      this.queue.push({ kind: 'funding', ts: t0, symbol: c.symbol, rate: M.round(rate * 1e8) / 1e8 });
      this.nextFunding += FUNDING_MS;
    }

    // Trades: intensity follows the hour of day and the current volatility.
    const volRatio = M.exp(this.x);
    const lambda = c.tradesPerSecond * hf * volRatio * (this.cascade ? this.cascade.intensity : 1);
    const n = rng.poisson((lambda * dt) / 1000);
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push(t0 + rng.next() * dt);
    times.sort((a, b) => a - b);
    const pBuy = 0.5 + 0.35 * M.tanh(r / (sd || 1e-12));
    for (const ts of times) {
      let side: Side = rng.next() < pBuy ? 'Buy' : 'Sell';
      let size = M.min(50, M.exp(this.sizeMu + this.sizeSigma * rng.normal()));
      if (this.cascade && rng.next() < 0.3) {
        // Forced orders hit the book on the cascade's side: long liquidations are sells.
        side = this.cascade.side === 'Buy' ? 'Sell' : 'Buy';
        size = M.min(50, size * 5);
        this.queue.push({
          kind: 'liquidation',
          ts,
          symbol: c.symbol,
          side: this.cascade.side,
          price: (side === 'Sell' ? newBid : newAsk) * tick,
          qty: this.lotRound(size),
        });
      }
      size = this.lotRound(size);
      const px = side === 'Buy' ? newAsk : newBid;
      this.queue.push({ kind: 'trade', ts, symbol: c.symbol, price: px * tick, qty: size, side });
      // The trade consumes the touch; it is replenished at the next book update.
      const book = side === 'Buy' ? this.asks : this.bids;
      const left = (book.get(px) ?? 0) - size;
      if (left > c.qtyStep / 2) {
        book.set(px, M.round(left / c.qtyStep) * c.qtyStep);
        this.queue.push({
          kind: 'depth',
          ts,
          symbol: c.symbol,
          snapshot: false,
          bids: side === 'Sell' ? [[px * tick, book.get(px)!]] : [],
          asks: side === 'Buy' ? [[px * tick, book.get(px)!]] : [],
        });
      }
    }
    this.t = t1;
  }

  private levelSize(dist: number, depthFactor: number): number {
    const c = this.config;
    const base =
      dist === 0
        ? c.topSize
        : dist < c.fineLevels
          ? c.fineLevelSize
          : c.coarseLevelSize * (0.5 + (dist - c.fineLevels) / (c.coarseLevels * c.coarseSpacingTicks));
    return this.lotRound(base * depthFactor * M.exp(0.6 * this.rng.normal() - 0.18));
  }

  /**
   * Update one side to a new best price and return the changed levels [price, size] (size 0 =
   * delete). Only the fine zone, the far end of the coarse ladder and a few random levels change
   * per interval, as in real books, which keeps 24 h runs fast.
   */
  private rebuildSide(
    book: Map<number, number>,
    isBid: boolean,
    oldBest: number | undefined,
    best: number,
    depthFactor: number,
  ): Array<[number, number]> {
    const c = this.config;
    const tick = c.tickSize;
    const dir = isBid ? -1 : 1;
    const far = c.fineLevels + c.coarseLevels * c.coarseSpacingTicks;
    const member = (tk: number): boolean => {
      const d = (tk - best) * dir;
      if (d < 0 || d > far) return false;
      return d < c.fineLevels || tk % c.coarseSpacingTicks === 0;
    };
    const changes: Array<[number, number]> = [];
    const touch = (tk: number): void => {
      const has = book.has(tk);
      if (!member(tk)) {
        if (has) {
          book.delete(tk);
          changes.push([tk * tick, 0]);
        }
        return;
      }
      if (!has || (tk === best && tk !== oldBest)) {
        const q = this.levelSize((tk - best) * dir, depthFactor);
        book.set(tk, q);
        changes.push([tk * tick, q]);
      }
    };
    if (oldBest === undefined) {
      for (let d = 0; d <= far; d++) touch(best + dir * d);
      return changes;
    }
    const lo = M.min(oldBest, best);
    const hi = M.max(oldBest, best);
    // Around the top: everything within the fine zone of either best.
    for (let tk = lo - c.fineLevels - 1; tk <= hi + c.fineLevels + 1; tk++) touch(tk);
    // Crossed levels on the other side of the new best are removed by touch(); the far end:
    const oldFar = oldBest + dir * far;
    const newFar = best + dir * far;
    for (let tk = M.min(oldFar, newFar) - 1; tk <= M.max(oldFar, newFar) + 1; tk++) touch(tk);
    if (M.abs(best - oldBest) > far) {
      for (const tk of [...book.keys()]) touch(tk);
      for (let d = 0; d <= far; d++) touch(best + dir * d);
    }
    // Random refreshes: orders arrive and leave everywhere in the book.
    for (let i = 0; i < 3; i++) {
      const d = M.floor(this.rng.next() * far);
      const tk = best + dir * d;
      if (member(tk)) {
        const q = this.levelSize(d, depthFactor);
        book.set(tk, q);
        changes.push([tk * tick, q]);
      }
    }
    // Refresh the touch so that trade depletion is replenished.
    if (book.has(best)) {
      const q = this.levelSize(0, depthFactor);
      book.set(best, q);
      changes.push([best * tick, q]);
    }
    return changes;
  }
}
