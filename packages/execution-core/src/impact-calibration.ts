import { InvalidInputError } from './errors.js';

export interface ForecastErrorStats {
  model: string;
  n: number;
  /** Mean absolute error, bps. */
  maeBps: number;
  /** Mean of (predicted − realised), bps: > 0 means the model overestimates cost. */
  biasBps: number;
  /** Least-squares factor k minimising Σ(realised − k·predicted)²; multiply forecasts by it. */
  scale: number;
  /** Mean absolute error of the forecasts once multiplied by `scale`, bps (in sample). */
  calibratedMaeBps: number;
}

/**
 * Rolling-window record of (predicted, realised) impact per model. Pure in-memory state: the caller
 * decides when observations arrive, so the same sequence always gives the same statistics.
 */
export class ImpactCalibrator {
  private readonly windows = new Map<string, { p: number; r: number }[]>();

  constructor(readonly windowSize = 200) {
    if (!Number.isInteger(windowSize) || windowSize < 1) {
      throw new InvalidInputError('windowSize', `must be a positive integer, got ${windowSize}`);
    }
  }

  /** Adds one observation; non-finite pairs are refused so one bad print cannot poison the window. */
  record(model: string, predictedBps: number, realisedBps: number): void {
    if (!Number.isFinite(predictedBps) || !Number.isFinite(realisedBps)) {
      throw new InvalidInputError(
        'predictedBps',
        `observation for ${model} must be finite, got ${predictedBps}, ${realisedBps}`,
      );
    }
    let w = this.windows.get(model);
    if (!w) {
      w = [];
      this.windows.set(model, w);
    }
    w.push({ p: predictedBps, r: realisedBps });
    if (w.length > this.windowSize) w.shift();
  }

  stats(model: string): ForecastErrorStats {
    const w = this.windows.get(model) ?? [];
    let abs = 0;
    let bias = 0;
    let pr = 0;
    let pp = 0;
    for (const { p, r } of w) {
      abs += Math.abs(p - r);
      bias += p - r;
      pr += p * r;
      pp += p * p;
    }
    const n = w.length;
    const scale = pp > 0 ? pr / pp : 1;
    return {
      model,
      n,
      maeBps: n ? abs / n : 0,
      biasBps: n ? bias / n : 0,
      scale,
      calibratedMaeBps: this.maeAtScale(model, scale),
    };
  }

  /**
   * Mean absolute error the model's window would have had with every forecast multiplied by `scale`:
   * what a forecast calibrated with a scale other than the least-squares one (e.g. shrunk) is worth.
   */
  maeAtScale(model: string, scale: number): number {
    const w = this.windows.get(model) ?? [];
    let abs = 0;
    for (const { p, r } of w) abs += Math.abs(scale * p - r);
    return w.length ? abs / w.length : 0;
  }

  models(): string[] {
    return [...this.windows.keys()].sort();
  }

  /** The model with the lowest MAE among those with at least `minN` observations, or null. */
  best(minN = 10): ForecastErrorStats | null {
    let best: ForecastErrorStats | null = null;
    for (const m of this.models()) {
      const s = this.stats(m);
      if (s.n >= minN && (best === null || s.maeBps < best.maeBps)) best = s;
    }
    return best;
  }
}
