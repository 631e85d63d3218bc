import { measureSyntheticMarket } from './market/stylised-facts.js';

/**
 * `pnpm sim:stats`: run the synthetic market for 24 h of market time at full speed and print its
 * stylised facts. Exits 1 if a fact the README promises does not hold.
 *   --hours N   (default 24)   --seed N (default 42)
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const hours = Number(arg('hours') ?? 24);
const seed = Number(arg('seed') ?? 42);
const f = measureSyntheticMarket(hours, { seed });
const fmt = (x: number, d = 4): string => x.toFixed(d);
const lines = [
  `synthetic BTCUSDT, seed ${seed}, ${hours} h of market time in ${(f.wallMs / 1000).toFixed(1)} s (${f.events} events, ${f.trades} trades, ${fmt(f.volume, 0)} BTC)`,
  `1-min returns: n=${f.minuteReturns} daily_vol=${fmt(f.dailyVol * 100, 2)}% annualised_vol=${fmt(f.annualisedVol * 100, 1)}%`,
  `kurtosis_1m=${fmt(f.kurtosis, 2)} (normal = 3; fat tails when > 3)`,
  `acf_abs_returns lags 1..5 = ${f.absAcf.map((v) => fmt(v, 3)).join(' ')} (volatility clustering when > 0)`,
  `acf_returns lag 1 = ${fmt(f.rawAcf1, 3)}`,
  `hourly_volume_btc = ${f.hourlyVolume.map((v) => v.toFixed(0)).join(' ')}`,
  `seasonality max/min = ${fmt(f.seasonalityRatio, 2)}, correlation with profile = ${fmt(f.seasonalityCorrelation, 3)}`,
  `mean_spread_ticks=${fmt(f.meanSpreadTicks, 2)} funding_events=${f.fundingEvents} liquidations=${f.liquidations}`,
];
for (const l of lines) console.log(l);
const ok = f.kurtosis > 3 && f.absAcf[0]! > 0 && f.seasonalityRatio > 1.5 && f.seasonalityCorrelation > 0.5;
console.log(ok ? 'stylised facts: OK' : 'stylised facts: NOT MET');
process.exitCode = ok ? 0 : 1;
