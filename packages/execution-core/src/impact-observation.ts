import { ImpactCalibrator } from './impact-calibration.js';
import {
  DEFAULT_IMPACT_MODEL_PARAMS,
  estimateImpactModels,
  IMPACT_MODELS,
  type ImpactMarket,
  type ImpactModelParams,
} from './impact-model-set.js';
import type { Side } from './side.js';

/**
 * What one finished child cost against what was predicted for it, with the market the prediction
 * was made on (the domain side of `ImpactObserved`).
 */
export interface ImpactObservation {
  childId: string;
  symbol: string;
  /** Informational: realised and predicted are already signed as costs. */
  side?: Side | undefined;
  /** Filled quantity, base units. */
  quantity: number;
  averagePrice: number;
  /** Mid of the snapshot the child was priced from. */
  decisionMid: number;
  /** What the serving model predicted, bps. */
  predictedBps: number;
  /** Average fill against `decisionMid`, bps, positive when it cost. */
  realisedBps: number;
  /** The model whose estimate was served ("blend", "square-root", ...). */
  model: string;
  dailyVolume: number;
  /** 0 when the snapshot had none. */
  dailyVolatility: number;
  spreadBps: number;
  /** 0 when unknown. */
  bookWalkBps: number;
}

export interface ObservationModelParams extends ImpactModelParams {
  /** Daily volatility the estimate assumed when the snapshot had none; the recomputation must too. */
  fallbackDailyVolatility: number;
}

export const DEFAULT_OBSERVATION_PARAMS: ObservationModelParams = {
  ...DEFAULT_IMPACT_MODEL_PARAMS,
  fallbackDailyVolatility: 0.03,
};

const finite = (x: number) => typeof x === 'number' && Number.isFinite(x);

/** Why an observation cannot calibrate anything, or undefined when it can. */
export function observationProblem(o: ImpactObservation): string | undefined {
  if (!o.symbol) return 'no symbol';
  if (!o.childId) return 'no child id';
  if (!(finite(o.quantity) && o.quantity > 0)) return `filled quantity ${o.quantity} is not > 0`;
  if (!(finite(o.decisionMid) && o.decisionMid > 0)) return `decision mid ${o.decisionMid} is not > 0`;
  if (!(finite(o.dailyVolume) && o.dailyVolume > 0)) return `daily volume ${o.dailyVolume} is not > 0`;
  if (!finite(o.realisedBps)) return `realised ${o.realisedBps} bps is not finite`;
  for (const [name, v] of [
    ['daily volatility', o.dailyVolatility],
    ['spread', o.spreadBps],
    ['book walk', o.bookWalkBps],
  ] as const) {
    if (!(finite(v) && v >= 0)) return `${name} ${v} is not a finite number >= 0`;
  }
  return undefined;
}

/** The market the child was priced on, as the estimate read it. */
export function observationMarket(
  o: ImpactObservation,
  fallbackDailyVolatility = DEFAULT_OBSERVATION_PARAMS.fallbackDailyVolatility,
): ImpactMarket {
  return {
    quantity: o.quantity,
    price: o.decisionMid,
    dailyVolume: o.dailyVolume,
    dailyVolatility: o.dailyVolatility > 0 ? o.dailyVolatility : fallbackDailyVolatility,
    spreadBps: o.spreadBps,
    bookWalkBps: o.bookWalkBps,
  };
}

/** What a symbol's impact models are worth on our own fills. */
export interface SymbolImpactCalibration {
  symbol: string;
  /** Every model's forecast recomputed for each observation, against what it cost. */
  models: ImpactCalibrator;
  /** The forecast each child was actually served, by the name of the model that served it. */
  served: ImpactCalibrator;
  /** Observations in the window. */
  observations: number;
  /** Observations left out (see `observationProblem`). */
  refused: number;
}

/**
 * Calibration of one symbol from its observations, oldest first. Each model's forecast is
 * recomputed from the observation's market, not taken from `predictedBps`, so every model is
 * calibrated whichever one served the child, and a change of parameters recalibrates the history.
 */
export function calibrateFromObservations(
  symbol: string,
  observations: ReadonlyArray<ImpactObservation>,
  params: ObservationModelParams = DEFAULT_OBSERVATION_PARAMS,
  windowSize = 200,
): SymbolImpactCalibration {
  const models = new ImpactCalibrator(windowSize);
  const served = new ImpactCalibrator(windowSize);
  let used = 0;
  let refused = 0;
  for (const o of observations.slice(-windowSize)) {
    if (observationProblem(o) !== undefined) {
      refused++;
      continue;
    }
    const estimates = estimateImpactModels(observationMarket(o, params.fallbackDailyVolatility), params);
    for (const m of IMPACT_MODELS) models.record(m, estimates[m].bps, o.realisedBps);
    if (finite(o.predictedBps) && o.model) served.record(o.model, o.predictedBps, o.realisedBps);
    used++;
  }
  return { symbol, models, served, observations: used, refused };
}
