import { ManualClock } from '../core/clock.js';
import { Venue } from '../core/venue.js';
import { SyntheticSource, type SyntheticConfig } from './synthetic.js';

// A module-level alias: under jest's vm context every global lookup of `Math` goes through the
// context's global object, which made the hot numeric loops several times slower.
const M = Math;

/** Summary statistics of a synthetic run, for `pnpm sim:stats` and the acceptance test. */
export interface StylisedFacts {
  hours: number;
  events: number;
  trades: number;
  volume: number;
  minuteReturns: number;
  /** Pearson kurtosis of 1-minute log returns (3 for a normal distribution). */
  kurtosis: number;
  /** Autocorrelation of |r| at lags 1..5 (volatility clustering when positive). */
  absAcf: number[];
  /** Autocorrelation of r at lag 1 (close to zero in liquid markets). */
  rawAcf1: number;
  /** Annualised volatility implied by the 1-minute returns. */
  annualisedVol: number;
  dailyVol: number;
  /** Traded volume per UTC hour, and max/min over hours. */
  hourlyVolume: number[];
  seasonalityRatio: number;
  /** Correlation of the hourly volume with the configured profile. */
  seasonalityCorrelation: number;
  meanSpreadTicks: number;
  fundingEvents: number;
  liquidations: number;
  wallMs: number;
}

function mean(x: number[]): number {
  return x.reduce((a, b) => a + b, 0) / x.length;
}

export function autocorrelation(x: number[], lag: number): number {
  const m = mean(x);
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    den += (x[i]! - m) ** 2;
    if (i >= lag) num += (x[i]! - m) * (x[i - lag]! - m);
  }
  return den === 0 ? 0 : num / den;
}

export function kurtosis(x: number[]): number {
  const m = mean(x);
  let m2 = 0;
  let m4 = 0;
  for (const v of x) {
    const d = v - m;
    m2 += d * d;
    m4 += d ** 4;
  }
  m2 /= x.length;
  m4 /= x.length;
  return m2 === 0 ? 0 : m4 / (m2 * m2);
}

export function correlation(a: number[], b: number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return da === 0 || db === 0 ? 0 : num / M.sqrt(da * db);
}

/**
 * Run the synthetic market through the venue (as a client would see it: the served mid and the
 * public tape) for `hours` of market time, as fast as possible, and measure its stylised facts.
 */
export function measureSyntheticMarket(
  hours = 24,
  config: Partial<SyntheticConfig> = {},
  symbol = 'BTCUSDT',
): StylisedFacts {
  const started = Date.now();
  const startTime = config.startTime ?? Date.UTC(2026, 0, 5);
  const source = new SyntheticSource({ symbol, startTime, ...config });
  const clock = new ManualClock(startTime);
  const venue = new Venue({ clock, source, symbols: [symbol] });
  const s = venue.symbol(symbol);
  const hourly = new Array<number>(24).fill(0);
  let trades = 0;
  let liquidations = 0;
  venue.addListener({
    onPublicTrades: (_sym, ts) => {
      for (const t of ts) {
        hourly[M.floor((t.ts % 86_400_000) / 3_600_000)]! += t.qty;
        trades++;
      }
    },
    onLiquidation: () => liquidations++,
  });
  const mids: number[] = [];
  let spreadSum = 0;
  let events = 0;
  const end = startTime + hours * 3_600_000;
  for (let t = startTime + 60_000; t <= end; t += 60_000) {
    clock.set(t);
    events += venue.advanceTo(t);
    const b = venue.bestTicks(s);
    if (b.bid !== undefined && b.ask !== undefined) {
      mids.push(((b.bid + b.ask) / 2) * s.inst.tick);
      spreadSum += b.ask - b.bid;
    }
  }
  const r: number[] = [];
  for (let i = 1; i < mids.length; i++) r.push(M.log(mids[i]! / mids[i - 1]!));
  const abs = r.map(M.abs);
  const sd = M.sqrt(mean(r.map((v) => v * v)) - mean(r) ** 2);
  const positive = hourly.filter((v) => v > 0);
  const profile = source.config.hourlyProfile;
  return {
    hours,
    events,
    trades,
    volume: hourly.reduce((a, b) => a + b, 0),
    minuteReturns: r.length,
    kurtosis: kurtosis(r),
    absAcf: [1, 2, 3, 4, 5].map((l) => autocorrelation(abs, l)),
    rawAcf1: autocorrelation(r, 1),
    dailyVol: sd * M.sqrt(1440),
    annualisedVol: sd * M.sqrt(1440 * 365),
    hourlyVolume: hourly,
    seasonalityRatio: positive.length ? M.max(...positive) / M.min(...positive) : 0,
    seasonalityCorrelation: correlation(hourly, profile),
    meanSpreadTicks: mids.length ? spreadSum / mids.length : 0,
    fundingEvents: s.fundingHistory.length,
    liquidations,
    wallMs: Date.now() - started,
  };
}
