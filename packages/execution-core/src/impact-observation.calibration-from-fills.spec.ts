import { calibratedBlend } from './impact-calibrated-blend.js';
import { estimateImpactModels, type ImpactMarket } from './impact-model-set.js';
import {
  calibrateFromObservations,
  observationMarket,
  type ImpactObservation,
} from './impact-observation.js';

const market = (quantity: number): ImpactMarket => ({
  quantity,
  price: 60_000,
  dailyVolume: 50_000,
  dailyVolatility: 0.02,
  spreadBps: 1,
  bookWalkBps: 0,
});

/** Fills that cost `factor` times what the square-root law predicted, with a little noise that repeats. */
function fills(n: number, factor: number): ImpactObservation[] {
  return Array.from({ length: n }, (_, i) => {
    const quantity = 0.2 + (i % 10) * 2;
    const sqrt = estimateImpactModels(market(quantity))['square-root'].bps;
    const noise = 1 + 0.03 * Math.sin(i * 1.7);
    return {
      childId: `p-${i}-0`,
      symbol: 'BTCUSDT',
      side: 'BUY',
      quantity,
      averagePrice: 60_000 * (1 + (factor * sqrt * noise) / 1e4),
      decisionMid: 60_000,
      predictedBps: sqrt,
      realisedBps: factor * sqrt * noise,
      model: 'square-root',
      dailyVolume: 50_000,
      dailyVolatility: 0.02,
      spreadBps: 1,
      bookWalkBps: 0,
    };
  });
}

describe('calibration from our own fills', () => {
  const probes = [0.5, 3, 12];
  const truth = (q: number) => 1.6 * estimateImpactModels(market(q))['square-root'].bps;

  it('fills costing 1.6x the square-root law move the blend to them and shrink its forecast error', () => {
    const observations = fills(60, 1.6);
    const c = calibrateFromObservations('BTCUSDT', observations);
    expect(c.observations).toBe(60);
    for (const q of probes) {
      const before = calibratedBlend(estimateImpactModels(market(q)));
      const after = calibratedBlend(estimateImpactModels(market(q)), c.models);
      expect(Math.abs(after.bps - truth(q))).toBeLessThan(0.25 * Math.abs(before.bps - truth(q)));
      expect(after.components[0]).toMatchObject({ model: 'square-root', n: 60 });
      expect(after.components[0]!.scale).toBeGreaterThan(1.5);
    }
    const sqrt = c.models.stats('square-root');
    expect(sqrt.biasBps).toBeLessThan(0);
    expect(sqrt.calibratedMaeBps).toBeLessThan(0.2 * sqrt.maeBps);
    // What was served (the raw square-root law) is on record with its error.
    expect(c.served.stats('square-root').maeBps).toBeCloseTo(sqrt.maeBps, 10);
  });

  it('the same fills in the same order always give the same calibration', () => {
    const a = calibrateFromObservations('BTCUSDT', fills(40, 1.6));
    const b = calibrateFromObservations('BTCUSDT', fills(40, 1.6));
    const blend = (x: typeof a) => calibratedBlend(estimateImpactModels(market(3)), x.models);
    expect(blend(a)).toEqual(blend(b));
  });

  it('fills that cost what the square-root law said leave it in the lead with a scale near 1', () => {
    const c = calibrateFromObservations('BTCUSDT', fills(80, 1));
    const after = calibratedBlend(estimateImpactModels(observationMarket(fills(1, 1)[0]!)), c.models);
    const sqrt = after.components.find((x) => x.model === 'square-root')!;
    expect(sqrt.scale).toBeCloseTo(1, 1);
    expect(sqrt.weight).toBeGreaterThan(0.5);
  });
});
