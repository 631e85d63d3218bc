import {
  calibrateFromObservations,
  observationMarket,
  observationProblem,
  type ImpactObservation,
} from './impact-observation.js';
import { estimateImpactModels, IMPACT_MODELS, kyleLambdaFromMarket } from './impact-model-set.js';

const observation = (patch: Partial<ImpactObservation> = {}): ImpactObservation => ({
  childId: 'p1-0-0',
  symbol: 'BTCUSDT',
  side: 'BUY',
  quantity: 5,
  averagePrice: 60_030,
  decisionMid: 60_000,
  predictedBps: 3.1,
  realisedBps: 5,
  model: 'square-root',
  dailyVolume: 50_000,
  dailyVolatility: 0.02,
  spreadBps: 1,
  bookWalkBps: 0,
  ...patch,
});

describe('each model recomputed from an observation', () => {
  it('square-root: Y·σ·sqrt(Q/V) on the fill size and the market recorded with it', () => {
    const r = estimateImpactModels(observationMarket(observation()));
    expect(r['square-root'].bps).toBeCloseTo(0.7 * 0.02 * Math.sqrt(5 / 50_000) * 1e4, 10);
  });

  it('kyle: lambda = σ·P·sqrt(1440)/(2V) at a one-minute horizon, so linear in Q/V and free of the price', () => {
    const o = observation();
    const r = estimateImpactModels(observationMarket(o));
    expect(r.kyle.bps).toBeCloseTo(((0.02 * Math.sqrt(1440)) / 2) * (5 / 50_000) * 1e4, 10);
    expect(kyleLambdaFromMarket(observationMarket(o))).toBeCloseTo(
      (0.02 * 60_000 * Math.sqrt(1440)) / 100_000,
      10,
    );
    const cheap = estimateImpactModels(observationMarket(observation({ decisionMid: 3 })));
    expect(cheap.kyle.bps).toBeCloseTo(r.kyle.bps, 10);
  });

  it('almgren-chriss with the book known: half the spread, the walk beyond the touch, half of the permanent', () => {
    const r = estimateImpactModels(observationMarket(observation({ spreadBps: 2, bookWalkBps: 1.5 })));
    const kyle = r.kyle.bps;
    expect(r['almgren-chriss'].bps).toBeCloseTo(1 + 1.5 + kyle / 2, 10);
  });

  it('almgren-chriss without the book: temporary sized so one minute of volume costs the square-root law', () => {
    const o = observation({ spreadBps: 2, bookWalkBps: 0 });
    const r = estimateImpactModels(observationMarket(o));
    const oneMinute = 50_000 / 1440;
    const temporary = 0.7 * 0.02 * Math.sqrt(1 / 1440) * 1e4 * (5 / oneMinute);
    expect(r['almgren-chriss'].bps).toBeCloseTo(1 + temporary + r.kyle.bps / 2, 10);
    const atOneMinute = estimateImpactModels(
      observationMarket(observation({ quantity: oneMinute, spreadBps: 0 })),
    );
    expect(atOneMinute['almgren-chriss'].bps - atOneMinute.kyle.bps / 2).toBeCloseTo(
      atOneMinute['square-root'].bps,
      10,
    );
  });

  it('a child priced without a volatility estimate is recomputed with the same fallback the estimate assumed', () => {
    const withFallback = estimateImpactModels(observationMarket(observation({ dailyVolatility: 0 }), 0.05));
    const explicit = estimateImpactModels(observationMarket(observation({ dailyVolatility: 0.05 })));
    for (const m of IMPACT_MODELS) expect(withFallback[m].bps).toBeCloseTo(explicit[m].bps, 12);
  });

  it('calibrates every model, not only the one that served the child, and keeps the served forecast apart', () => {
    const o = observation({ model: 'square-root', predictedBps: 3.1, realisedBps: 5 });
    const c = calibrateFromObservations('BTCUSDT', [o]);
    const recomputed = estimateImpactModels(observationMarket(o));
    expect(c.models.models()).toEqual([...IMPACT_MODELS].sort());
    for (const m of IMPACT_MODELS) expect(c.models.stats(m).biasBps).toBeCloseTo(recomputed[m].bps - 5, 10);
    expect(c.served.models()).toEqual(['square-root']);
    expect(c.served.stats('square-root').biasBps).toBeCloseTo(3.1 - 5, 12);
  });

  it.each([
    [{ quantity: 0 }, /filled quantity/],
    [{ decisionMid: NaN }, /decision mid/],
    [{ dailyVolume: 0 }, /daily volume/],
    [{ realisedBps: Infinity }, /realised/],
    [{ spreadBps: -1 }, /spread/],
    [{ childId: '' }, /child id/],
  ])('an observation with %p is refused and counted, not recorded', (patch, reason) => {
    const bad = observation(patch);
    expect(observationProblem(bad)).toMatch(reason);
    const c = calibrateFromObservations('BTCUSDT', [observation(), bad]);
    expect(c).toMatchObject({ observations: 1, refused: 1 });
    expect(c.models.stats('kyle').n).toBe(1);
  });

  it('keeps only the newest window of observations', () => {
    const obs = [1, 2, 3, 4].map((i) => observation({ childId: `c${i}`, realisedBps: i }));
    const c = calibrateFromObservations('BTCUSDT', obs, undefined, 2);
    expect(c.observations).toBe(2);
    const sqrt = estimateImpactModels(observationMarket(obs[0]!))['square-root'].bps;
    expect(c.models.stats('square-root').biasBps).toBeCloseTo(sqrt - 3.5, 10);
  });
});
