import { measureSyntheticMarket, type StylisedFacts } from '../src/market/stylised-facts.js';

describe('synthetic market over 24 h at full speed', () => {
  let facts: StylisedFacts;
  beforeAll(() => {
    facts = measureSyntheticMarket(24, { seed: 42 });
  }, 300_000);

  it('has fat-tailed 1-minute returns (kurtosis > 3)', () => {
    expect(facts.minuteReturns).toBe(1439);
    expect(facts.kurtosis).toBeGreaterThan(3);
  });

  it('clusters volatility: absolute returns are positively autocorrelated', () => {
    expect(facts.absAcf[0]).toBeGreaterThan(0.05);
    expect(facts.absAcf.every((v) => v > 0)).toBe(true);
  });

  it('follows the intraday volume profile', () => {
    expect(facts.seasonalityRatio).toBeGreaterThan(1.5);
    expect(facts.seasonalityCorrelation).toBeGreaterThan(0.5);
  });

  it('stays near its calibration: daily volatility, spread, volume, funding every 8 h', () => {
    expect(facts.dailyVol).toBeGreaterThan(0.01);
    expect(facts.dailyVol).toBeLessThan(0.08);
    expect(facts.meanSpreadTicks).toBeGreaterThanOrEqual(1);
    expect(facts.meanSpreadTicks).toBeLessThan(2);
    expect(facts.volume).toBeGreaterThan(50_000);
    expect(facts.volume).toBeLessThan(250_000);
    expect(facts.fundingEvents).toBe(3);
  });

  it('is reproducible from its seed', () => {
    const a = measureSyntheticMarket(0.25, { seed: 9 });
    const b = measureSyntheticMarket(0.25, { seed: 9 });
    expect(a.hourlyVolume).toEqual(b.hourlyVolume);
    expect(a.kurtosis).toBe(b.kurtosis);
  });
});
