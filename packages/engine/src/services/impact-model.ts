import { type execution, impact, type marketdata, sideFromWire } from '@tranche/contracts';
import {
  bookWalkCost,
  calibratedBlend,
  DEFAULT_BLEND_OPTIONS,
  DEFAULT_IMPACT_MODEL_PARAMS,
  estimateImpactModels,
  oppositeLevelsBestFirst,
  squareRootImpact,
  type CalibratedBlendOptions,
  type ImpactMarket,
  type ImpactObservation,
  type SymbolImpactCalibration,
} from '@tranche/execution-core';
import { finitePositive, InvalidRequestError } from './errors.js';

export interface ImpactModelOptions {
  /** Square-root-law prefactor; the literature puts it between 0.5 and 1. */
  y: number;
  /** Used when the snapshot carries no volatility estimate yet. */
  fallbackDailyVolatility: number;
}

export const DEFAULT_IMPACT_OPTIONS: ImpactModelOptions = { y: 0.7, fallbackDailyVolatility: 0.03 };

export interface CalibratedImpactOptions extends ImpactModelOptions {
  /** The time a child takes to trade, minutes: the horizon of Kyle's lambda and AC's coefficients. */
  intervalMinutes: number;
  blend: CalibratedBlendOptions;
}

export const DEFAULT_CALIBRATED_IMPACT_OPTIONS: CalibratedImpactOptions = {
  ...DEFAULT_IMPACT_OPTIONS,
  intervalMinutes: DEFAULT_IMPACT_MODEL_PARAMS.intervalMinutes,
  blend: DEFAULT_BLEND_OPTIONS,
};

/** Size, volume and volatility of a request, as every model reads them, with what had to be assumed. */
function requestBasics(
  request: impact.IImpactRequest,
  options: ImpactModelOptions,
): { qty: number; adv: number; sigma: number; snap: marketdata.IMarketSnapshot; notes: string[] } {
  const qty = finitePositive(request.quantity);
  if (qty === undefined)
    throw new InvalidRequestError(
      `quantity must be a positive decimal, got ${JSON.stringify(request.quantity ?? '')}`,
    );
  if (!request.symbol) throw new InvalidRequestError('symbol is required');
  const snap: marketdata.IMarketSnapshot = request.snapshot ?? {};
  const notes: string[] = [];
  let adv = finitePositive(snap.averageDailyVolume);
  if (adv === undefined) {
    const v1m = finitePositive(snap.volume_1m);
    if (v1m === undefined)
      throw new InvalidRequestError(
        'snapshot has neither average_daily_volume nor volume_1m: cannot size impact',
      );
    adv = v1m * 1440;
    notes.push('ADV extrapolated from 1-minute volume');
  }
  let sigma = finitePositive(snap.dailyVolatility);
  if (sigma === undefined) {
    sigma = options.fallbackDailyVolatility;
    notes.push(`no volatility estimate, assumed ${sigma}`);
  }
  return { qty, adv, sigma, snap, notes };
}

/** The decision's adjustment, clamped to [0.5, 2]; none (0) means 1. */
function adjustment(request: impact.IImpactRequest): number {
  const requested = request.adjustmentFactor ?? 0;
  return requested > 0 ? Math.min(2, Math.max(0.5, requested)) : 1;
}

/**
 * Closed-form pre-trade estimate with the square-root law Y·σ·sqrt(Q/V). The
 * optional adjustment from the decision policy is clamped to [0.5, 2] so no
 * advice can make the estimate absurd. Stateless: the router's local fallback.
 */
export function estimateImpact(
  request: impact.IImpactRequest,
  options: ImpactModelOptions = DEFAULT_IMPACT_OPTIONS,
): impact.ImpactEstimate {
  const { qty, adv, sigma, notes } = requestBasics(request, options);
  const est = squareRootImpact({ quantity: qty, dailyVolume: adv, dailyVolatility: sigma, y: options.y });
  const factor = adjustment(request);
  return impact.ImpactEstimate.create({
    baseBps: est.bps,
    adjustmentFactor: factor,
    finalBps: est.bps * factor,
    lowBps: est.lowBps * factor,
    highBps: est.highBps * factor,
    model: est.model,
    reasoning: [est.reasoning, ...notes].join('; '),
  });
}

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

/**
 * The market a request prices a child on. The book walk is read from the snapshot's opposite side
 * exactly as the router measures it for `ImpactObserved`, and only when the levels hold the whole
 * child: a partial walk would understate the cost.
 */
export function impactMarketFromRequest(
  request: impact.IImpactRequest,
  options: ImpactModelOptions = DEFAULT_IMPACT_OPTIONS,
): { market: ImpactMarket; notes: string[] } {
  const { qty, adv, sigma, snap, notes } = requestBasics(request, options);
  const mid = finitePositive(snap.mid);
  // Every model answers in bps of the mid, so without one a unit price is as good as any.
  if (mid === undefined) notes.push('no mid: models priced per unit');
  const spread = finitePositive(snap.spreadBps) ?? 0;
  let walk = 0;
  const side = sideFromWire(request.side);
  const opposite = side === 'BUY' ? snap.asks : side === 'SELL' ? snap.bids : undefined;
  const quantity = request.quantity ?? '';
  if (side && opposite?.length && PLAIN_DECIMAL.test(quantity)) {
    const levels = oppositeLevelsBestFirst(
      side,
      opposite.map((l) => ({ price: l.price ?? '', size: l.size ?? '' })),
    );
    if (levels.ok) {
      const w = bookWalkCost(side, levels.levels, quantity);
      if (w.complete) walk = Math.max(0, w.costBps);
    }
  }
  return {
    market: {
      quantity: qty,
      price: mid ?? 1,
      dailyVolume: adv,
      dailyVolatility: sigma,
      spreadBps: spread,
      bookWalkBps: walk,
    },
    notes,
  };
}

/**
 * The impact service's estimate: square-root, Kyle and Almgren-Chriss, each scaled by what the
 * symbol's own fills taught it and weighted by the inverse of its recent forecast error (see
 * `calibratedBlend`); without calibration, the priors' blend. The decision's adjustment applies on
 * top, clamped to [0.5, 2] as for `estimateImpact`.
 */
export function estimateCalibratedImpact(
  request: impact.IImpactRequest,
  calibration: SymbolImpactCalibration | undefined,
  options: CalibratedImpactOptions = DEFAULT_CALIBRATED_IMPACT_OPTIONS,
): impact.ImpactEstimate {
  const { market, notes } = impactMarketFromRequest(request, options);
  const estimates = estimateImpactModels(market, { y: options.y, intervalMinutes: options.intervalMinutes });
  const blend = calibratedBlend(estimates, calibration?.models, options.blend);
  const factor = adjustment(request);
  return impact.ImpactEstimate.create({
    baseBps: blend.bps,
    adjustmentFactor: factor,
    finalBps: blend.bps * factor,
    lowBps: blend.lowBps * factor,
    highBps: blend.highBps * factor,
    model: blend.model,
    reasoning: [blend.reasoning, ...notes].join('; '),
    models: blend.components.map((c) =>
      impact.ModelEstimate.create({
        model: c.model,
        rawBps: c.rawBps,
        scale: c.scale,
        weight: c.weight,
        observations: c.n,
        maeBps: c.maeBps,
        biasBps: c.biasBps,
        calibratedMaeBps: c.calibratedMaeBps,
        calibratedBps: c.calibratedBps,
      }),
    ),
    observations: blend.observations,
    calibrationMaeBps: blend.calibrationMaeBps,
  });
}

/** The domain side of `ImpactObserved`; decimal strings that do not parse become NaN and are refused later. */
export function impactObservationFromEvent(e: execution.IImpactObserved): ImpactObservation {
  return {
    childId: e.childId ?? '',
    symbol: (e.symbol ?? '').toUpperCase(),
    side: sideFromWire(e.side),
    quantity: Number(e.filledQuantity || NaN),
    averagePrice: Number(e.averagePrice || NaN),
    decisionMid: Number(e.decisionMid || NaN),
    predictedBps: e.predictedBps ?? 0,
    realisedBps: e.realisedBps ?? NaN,
    model: e.model ?? '',
    dailyVolume: e.dailyVolume ?? 0,
    dailyVolatility: e.dailyVolatility ?? 0,
    spreadBps: e.spreadBps ?? 0,
    bookWalkBps: e.bookWalkBps ?? 0,
  };
}
