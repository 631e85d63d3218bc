import { calibratedBlend, DEFAULT_BLEND_OPTIONS, modelWeights } from './impact-calibrated-blend.js';
import { ImpactCalibrator } from './impact-calibration.js';
import type { ImpactEstimateResult } from './impact-estimate.js';
import type { ImpactModelName } from './impact-model-set.js';

const est = (bps: number, model: string): ImpactEstimateResult => ({
  bps,
  lowBps: bps / 1.5,
  highBps: bps * 1.5,
  model,
  reasoning: '',
});
const estimates = (
  sqrt: number,
  kyle: number,
  ac: number,
): Record<ImpactModelName, ImpactEstimateResult> => ({
  'square-root': est(sqrt, 'square-root'),
  kyle: est(kyle, 'kyle'),
  'almgren-chriss': est(ac, 'almgren-chriss'),
});
const weightOf = (ws: ReturnType<typeof modelWeights>, m: ImpactModelName) => ws.find((w) => w.model === m)!;

/** Square-root forecasts p, realised 1.6·p exactly; Kyle and AC off by a size-dependent amount. */
function calibratorWithSqrtRight(n: number): ImpactCalibrator {
  const c = new ImpactCalibrator();
  for (let i = 1; i <= n; i++) {
    const p = 2 + (i % 7);
    c.record('square-root', p, 1.6 * p);
    c.record('kyle', p * p * 0.3, 1.6 * p);
    c.record('almgren-chriss', 1 + p * 0.5, 1.6 * p);
  }
  return c;
}

describe('blend weighting', () => {
  it('before any fill: the prior weights, scale 1 and the prior multiplicative band', () => {
    const r = calibratedBlend(estimates(10, 5, 20));
    expect(r.components.map((c) => [c.model, c.weight, c.scale])).toEqual([
      ['square-root', 0.6, 1],
      ['kyle', 0.2, 1],
      ['almgren-chriss', 0.2, 1],
    ]);
    expect(r.bps).toBeCloseTo(0.6 * 10 + 0.2 * 5 + 0.2 * 20, 12);
    expect(r.lowBps).toBeCloseTo(r.bps / 1.5, 12);
    expect(r.highBps).toBeCloseTo(r.bps * 1.5, 12);
    expect(r).toMatchObject({ model: 'blend', observations: 0, calibrationMaeBps: 0 });
    expect(r.reasoning).toMatch(/no fills observed yet/);
  });

  it('the model whose scaled forecasts fit our fills takes most of the weight, the others keep some', () => {
    const w = modelWeights(calibratorWithSqrtRight(100));
    expect(weightOf(w, 'square-root').weight).toBeGreaterThan(0.8);
    expect(weightOf(w, 'kyle').weight).toBeGreaterThan(0);
    expect(w.reduce((s, x) => s + x.weight, 0)).toBeCloseTo(1, 12);
  });

  it('weights go as the inverse square of each model\u2019s error once the data outweighs the priors', () => {
    const c = new ImpactCalibrator(1000);
    for (let i = 0; i < 1000; i++) {
      c.record('square-root', 10, 10 + (i % 2 ? 1 : -1)); // error 1 at scale 1
      c.record('kyle', 10, 10 + (i % 2 ? 3 : -3)); // error 3
      c.record('almgren-chriss', 10, 10 + (i % 2 ? 3 : -3)); // error 3
    }
    const w = modelWeights(c, { ...DEFAULT_BLEND_OPTIONS, priorStrength: 0, errorFloorBps: 1e-9 });
    // 1/1² : 1/3² : 1/3² → 9/11 : 1/11 : 1/11
    expect(weightOf(w, 'square-root').weight).toBeCloseTo(9 / 11, 6);
    expect(weightOf(w, 'kyle').weight).toBeCloseTo(1 / 11, 6);
  });

  it('a handful of fills moves the weights and scales only part of the way (priors worth priorStrength fills)', () => {
    const few = modelWeights(calibratorWithSqrtRight(5));
    const many = modelWeights(calibratorWithSqrtRight(200));
    expect(weightOf(few, 'square-root').scale).toBeCloseTo((5 + 5 * 1.6) / 10, 12);
    expect(weightOf(many, 'square-root').scale).toBeCloseTo((5 + 200 * 1.6) / 205, 12);
    expect(weightOf(few, 'square-root').weight).toBeLessThan(weightOf(many, 'square-root').weight);
    expect(weightOf(few, 'square-root').weight).toBeGreaterThan(0.6);
  });

  it('a learned scale is bounded, so a window of bad prints cannot zero or explode a model', () => {
    const c = new ImpactCalibrator();
    for (let i = 0; i < 100; i++) {
      c.record('square-root', 1, 100);
      c.record('kyle', 10, -50);
      c.record('almgren-chriss', 10, 10);
    }
    const w = modelWeights(c);
    expect(weightOf(w, 'square-root').scale).toBe(5);
    expect(weightOf(w, 'kyle').scale).toBe(0.2);
  });

  it('a model that fitted exactly does not take all the weight: errors are floored', () => {
    const c = new ImpactCalibrator();
    for (let i = 0; i < 50; i++) {
      c.record('square-root', 10, 10);
      c.record('kyle', 10, i % 2 ? 10.5 : 9.5);
      c.record('almgren-chriss', 10, i % 2 ? 10.5 : 9.5);
    }
    const w = modelWeights(c, { ...DEFAULT_BLEND_OPTIONS, priorStrength: 0 });
    for (const x of w) expect(Number.isFinite(x.weight)).toBe(true);
    // (0 + 0.1)⁻² : (0.5 + 0.1)⁻² twice
    expect(weightOf(w, 'square-root').weight).toBeCloseTo(100 / (100 + 2 / 0.36), 10);
    expect(weightOf(w, 'kyle').weight).toBeGreaterThan(0.02);
  });

  it('with fills the blend moves toward what they cost and the band narrows to the calibrated error', () => {
    const prior = calibratedBlend(estimates(5, 5, 5));
    const calibrated = calibratedBlend(estimates(5, 5, 5), calibratorWithSqrtRight(200));
    expect(calibrated.bps).toBeGreaterThan(prior.bps * 1.4);
    expect(calibrated.observations).toBe(200);
    expect(calibrated.calibrationMaeBps).toBeGreaterThan(0);
    expect(calibrated.highBps - calibrated.lowBps).toBeLessThan(prior.highBps - prior.lowBps);
    expect(calibrated.reasoning).toMatch(/square-root 5\.000×1\.\d+ w=0\.[89]\d+ n=200 mae=/);
  });

  it('refuses options that make no sense, naming them', () => {
    expect(() =>
      modelWeights(undefined, {
        ...DEFAULT_BLEND_OPTIONS,
        priorWeights: { 'square-root': 0, kyle: 0, 'almgren-chriss': 0 },
      }),
    ).toThrow(expect.objectContaining({ field: 'priorWeights' }));
    expect(() => modelWeights(undefined, { ...DEFAULT_BLEND_OPTIONS, errorFloorBps: 0 })).toThrow(
      expect.objectContaining({ field: 'errorFloorBps' }),
    );
  });
});
