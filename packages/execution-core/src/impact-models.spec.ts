import { acImpact } from './ac-impact.js';
import { blendImpact } from './impact-blend.js';
import { ImpactCalibrator } from './impact-calibration.js';
import { estimateKyleLambda, kyleImpact } from './kyle-impact.js';
import { scheduleImpactCost } from './schedule-cost.js';
import { squareRootImpact } from './square-root-impact.js';

describe('squareRootImpact', () => {
  it('Y·sigma·sqrt(Q/V): 1% of daily volume at 3% daily vol and Y=0.7 is 21 bps, band around it', () => {
    const r = squareRootImpact({ quantity: 100, dailyVolume: 10_000, dailyVolatility: 0.03 });
    expect(r.bps).toBeCloseTo(0.7 * 0.03 * 0.1 * 10_000, 10);
    expect(r.lowBps).toBeLessThan(r.bps);
    expect(r.highBps).toBeGreaterThan(r.bps);
    expect(r.model).toBe('square-root');
  });
  it('quadrupling size doubles impact under delta=0.5; delta=1 is linear', () => {
    const a = squareRootImpact({ quantity: 100, dailyVolume: 1e4, dailyVolatility: 0.02 }).bps;
    const b = squareRootImpact({ quantity: 400, dailyVolume: 1e4, dailyVolatility: 0.02 }).bps;
    expect(b / a).toBeCloseTo(2, 12);
    const c = squareRootImpact({ quantity: 400, dailyVolume: 1e4, dailyVolatility: 0.02, delta: 1 }).bps;
    expect(c).toBeCloseTo(0.7 * 0.02 * 0.04 * 1e4, 10);
  });
  it.each([
    [{ quantity: NaN }, 'quantity'],
    [{ dailyVolume: 0 }, 'dailyVolume'],
    [{ dailyVolatility: -1 }, 'dailyVolatility'],
  ])('rejects %p', (patch, field) => {
    expect(() => squareRootImpact({ quantity: 1, dailyVolume: 1, dailyVolatility: 0.01, ...patch })).toThrow(
      expect.objectContaining({ field }),
    );
  });
});

describe('kyleImpact', () => {
  it('lambda·Q relative to price', () => {
    expect(kyleImpact({ quantity: 10, kyleLambda: 0.5, price: 50_000 }).bps).toBeCloseTo(
      (0.5 * 10 * 1e4) / 50_000,
      12,
    );
  });
  it('estimates lambda from a tape generated with a known lambda', () => {
    const samples = [-3, -1, 2, 5, 8].map((v) => ({ signedVolume: v, priceChange: 0.25 * v }));
    expect(estimateKyleLambda(samples)).toBeCloseTo(0.25, 12);
  });
});

describe('acImpact', () => {
  it('temporary epsilon + eta·v plus half the permanent gamma·Q', () => {
    const r = acImpact({ quantity: 1000, duration: 2, eta: 0.01, gamma: 0.002, epsilon: 0.05, price: 100 });
    expect(r.temporaryBps).toBeCloseTo(((0.05 + (0.01 * 1000) / 2) / 100) * 1e4, 10);
    expect(r.permanentBps).toBeCloseTo(((0.002 * 1000) / 100) * 1e4, 10);
    expect(r.bps).toBeCloseTo(r.temporaryBps + r.permanentBps / 2, 12);
  });
});

describe('blendImpact', () => {
  const base = squareRootImpact({ quantity: 100, dailyVolume: 1e4, dailyVolatility: 0.03 });
  it('base·(1 − w + w·a)', () => {
    expect(blendImpact(base, 1.5, 0.4).bps).toBeCloseTo(base.bps * (1 - 0.4 + 0.4 * 1.5), 12);
  });
  it('clamps a to [0.5, 2] and ignores NaN', () => {
    expect(blendImpact(base, 10, 1).bps).toBeCloseTo(base.bps * 2, 12);
    expect(blendImpact(base, 0, 1).bps).toBeCloseTo(base.bps * 0.5, 12);
    const n = blendImpact(base, NaN, 1);
    expect(n.bps).toBe(base.bps);
    expect(n.reasoning).toMatch(/ignored/);
  });
});

describe('ImpactCalibrator', () => {
  it('MAE and bias per model over a rolling window, and the least-squares scale', () => {
    const c = new ImpactCalibrator(3);
    c.record('sqrt', 10, 12);
    c.record('sqrt', 20, 18);
    c.record('sqrt', 30, 36);
    expect(c.stats('sqrt')).toMatchObject({ n: 3 });
    expect(c.stats('sqrt').maeBps).toBeCloseTo((2 + 2 + 6) / 3, 12);
    expect(c.stats('sqrt').biasBps).toBeCloseTo((-2 + 2 - 6) / 3, 12);
    c.record('sqrt', 40, 40); // pushes out (10, 12)
    expect(c.stats('sqrt').n).toBe(3);
    expect(c.stats('sqrt').maeBps).toBeCloseTo((2 + 6 + 0) / 3, 12);
    c.record('kyle', 10, 10);
    expect(c.models()).toEqual(['kyle', 'sqrt']);
    expect(c.best(1)?.model).toBe('kyle');
    expect(() => c.record('kyle', NaN, 1)).toThrow(/finite/);
  });
  it('scale recovers a systematic under-forecast', () => {
    const c = new ImpactCalibrator();
    for (let p = 1; p <= 50; p++) c.record('m', p, 1.3 * p);
    expect(c.stats('m').scale).toBeCloseTo(1.3, 12);
  });
});

describe('scheduleImpactCost', () => {
  it('weights per-slice impact by quantity', () => {
    const r = scheduleImpactCost([100, 300], 50, (q) =>
      squareRootImpact({ quantity: q, dailyVolume: 1e4, dailyVolatility: 0.02 }),
    );
    const a = 0.7 * 0.02 * Math.sqrt(0.01) * 1e4;
    const b = 0.7 * 0.02 * Math.sqrt(0.03) * 1e4;
    expect(r.bps).toBeCloseTo((a * 100 + b * 300) / 400, 10);
    expect(r.perSliceBps).toHaveLength(2);
  });
});
