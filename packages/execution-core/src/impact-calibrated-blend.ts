import { InvalidInputError } from './errors.js';
import type { ImpactCalibrator } from './impact-calibration.js';
import { DEFAULT_BAND_FACTOR, type ImpactEstimateResult } from './impact-estimate.js';
import { IMPACT_MODELS, type ImpactModelName } from './impact-model-set.js';

export interface CalibratedBlendOptions {
  /** Weights before any observation; the square-root law leads because it is the best documented. */
  priorWeights: Record<ImpactModelName, number>;
  /**
   * How many observations the priors are worth: with n observations the data carries n/(n + k) of
   * each weight and of each scale, so a handful of fills cannot swing the estimate.
   */
  priorStrength: number;
  /** Added to every error before inverting it, so a model that fitted a few fills exactly cannot take all the weight. */
  errorFloorBps: number;
  /** Bounds on a learned scale: a window of bad prints must not zero or explode a model. */
  minScale: number;
  maxScale: number;
}

export const DEFAULT_BLEND_OPTIONS: CalibratedBlendOptions = {
  priorWeights: { 'square-root': 0.6, kyle: 0.2, 'almgren-chriss': 0.2 },
  priorStrength: 5,
  errorFloorBps: 0.1,
  minScale: 0.2,
  maxScale: 5,
};

/** A model's standing in a symbol's blend: what its fills taught it and the weight it earned. */
export interface ModelWeight {
  model: ImpactModelName;
  /** Factor applied to the model's raw forecast (least squares, shrunk toward 1, bounded). */
  scale: number;
  weight: number;
  n: number;
  maeBps: number;
  biasBps: number;
  /** Error of the raw forecasts once multiplied by `scale`, bps. */
  calibratedMaeBps: number;
}

export interface BlendComponent extends ModelWeight {
  rawBps: number;
  calibratedBps: number;
}

export interface CalibratedBlendResult extends ImpactEstimateResult {
  components: BlendComponent[];
  /** Observations the calibration rests on (the largest n of the models). */
  observations: number;
  /** The components' calibrated errors weighted as blended, bps; 0 without observations. */
  calibrationMaeBps: number;
}

/** A normal error's standard deviation is about 1.25 times its mean absolute value. */
const MAE_TO_SIGMA = Math.sqrt(Math.PI / 2);

function checkOptions(o: CalibratedBlendOptions): void {
  const total = IMPACT_MODELS.reduce((s, m) => s + o.priorWeights[m], 0);
  for (const m of IMPACT_MODELS) {
    const w = o.priorWeights[m];
    if (!Number.isFinite(w) || w < 0)
      throw new InvalidInputError('priorWeights', `${m} must be >= 0, got ${w}`);
  }
  if (!(total > 0)) throw new InvalidInputError('priorWeights', 'must not all be 0');
  if (!Number.isFinite(o.priorStrength) || o.priorStrength < 0)
    throw new InvalidInputError('priorStrength', `must be >= 0, got ${o.priorStrength}`);
  if (!(o.errorFloorBps > 0))
    throw new InvalidInputError('errorFloorBps', `must be > 0, got ${o.errorFloorBps}`);
  if (!(o.minScale > 0 && o.maxScale >= o.minScale))
    throw new InvalidInputError(
      'minScale',
      `need 0 < minScale <= maxScale, got ${o.minScale}, ${o.maxScale}`,
    );
}

/**
 * Scale and weight of each model from its record on our own fills. Scales are least squares shrunk
 * toward 1 with `priorStrength` pseudo-observations; weights go as the inverse square of each
 * model's error at its least-squares scale, given n/(n + priorStrength) of the say, the priors the
 * rest. They depend on the symbol's record only, not on the order being priced.
 */
export function modelWeights(
  calibration?: ImpactCalibrator,
  options: CalibratedBlendOptions = DEFAULT_BLEND_OPTIONS,
): ModelWeight[] {
  checkOptions(options);
  const k = options.priorStrength;
  const priorTotal = IMPACT_MODELS.reduce((s, m) => s + options.priorWeights[m], 0);
  const parts = IMPACT_MODELS.map((model) => {
    const s = calibration?.stats(model);
    const n = s?.n ?? 0;
    const shrunk = n > 0 ? (k + n * s!.scale) / (k + n) : 1;
    const scale = Math.min(options.maxScale, Math.max(options.minScale, shrunk));
    return {
      model,
      scale,
      n,
      maeBps: s?.maeBps ?? 0,
      biasBps: s?.biasBps ?? 0,
      calibratedMaeBps: n > 0 ? calibration!.maeAtScale(model, scale) : 0,
      fitMaeBps: s?.calibratedMaeBps ?? 0,
      prior: options.priorWeights[model] / priorTotal,
    };
  });
  // Inverse error variance (Bates and Granger's combination of forecasts), the MAE standing for the
  // standard deviation it is proportional to. A model is judged at its own least-squares scale:
  // judged at the shrunk one, the right model would look worse the fewer fills there are, for the
  // prior's sake rather than its own.
  const inverse = (p: (typeof parts)[number]) => (p.fitMaeBps + options.errorFloorBps) ** -2;
  const inverseTotal = parts.filter((p) => p.n > 0).reduce((s, p) => s + inverse(p), 0);
  const unnormalised = parts.map((p) =>
    p.n === 0 ? p.prior : (k * p.prior + (p.n * inverse(p)) / inverseTotal) / (k + p.n),
  );
  const total = unnormalised.reduce((s, w) => s + w, 0);
  return parts.map(({ prior: _prior, fitMaeBps: _fit, ...p }, i) => ({
    ...p,
    weight: unnormalised[i]! / total,
  }));
}

/**
 * Blend of the impact models, each scaled by what our own fills taught it and weighted by the inverse
 * square of its forecast error since (see `modelWeights`). Before the first observation it is the priors'
 * blend with the usual multiplicative band; as observations come the band narrows toward about one
 * standard deviation of the blend's calibrated forecast error.
 */
export function calibratedBlend(
  estimates: Record<ImpactModelName, ImpactEstimateResult>,
  calibration?: ImpactCalibrator,
  options: CalibratedBlendOptions = DEFAULT_BLEND_OPTIONS,
): CalibratedBlendResult {
  const k = options.priorStrength;
  const components: BlendComponent[] = modelWeights(calibration, options).map((w) => {
    const rawBps = estimates[w.model].bps;
    return { ...w, rawBps, calibratedBps: rawBps * w.scale };
  });
  const bps = components.reduce((s, c) => s + c.weight * c.calibratedBps, 0);
  const observations = Math.max(0, ...components.map((c) => c.n));
  const calibrationMaeBps = observations
    ? components.reduce((s, c) => s + c.weight * c.calibratedMaeBps, 0)
    : 0;

  // The prior band is multiplicative; the data's is ± one sigma of the calibrated error. Each is
  // given its share, as the weights are.
  const dataShare = observations / (k + observations);
  const errorHalf = MAE_TO_SIGMA * calibrationMaeBps;
  const lowHalf = (1 - dataShare) * (bps - bps / DEFAULT_BAND_FACTOR) + dataShare * errorHalf;
  const highHalf = (1 - dataShare) * (bps * DEFAULT_BAND_FACTOR - bps) + dataShare * errorHalf;

  const describe = (c: BlendComponent) =>
    `${c.model} ${c.rawBps.toFixed(3)}×${c.scale.toFixed(3)} w=${c.weight.toFixed(3)} n=${c.n}` +
    (c.n ? ` mae=${c.maeBps.toFixed(3)}→${c.calibratedMaeBps.toFixed(3)} bias=${c.biasBps.toFixed(3)}` : '');
  const source = observations
    ? `calibrated on ${observations} fills (priors worth ${k})`
    : 'no fills observed yet: prior weights, scale 1';
  return {
    bps,
    lowBps: bps - lowHalf,
    highBps: bps + highHalf,
    model: 'blend',
    reasoning: `blend ${source}: ${components.map(describe).join('; ')}; band from ${
      observations ? `forecast error ${calibrationMaeBps.toFixed(3)} bps` : 'the prior factor'
    }`,
    components,
    observations,
    calibrationMaeBps,
  };
}
