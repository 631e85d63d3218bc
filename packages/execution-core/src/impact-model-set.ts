import { acImpact } from './ac-impact.js';
import { InvalidInputError } from './errors.js';
import { BPS, type ImpactEstimateResult, nonNegative, positive } from './impact-estimate.js';
import { kyleImpact } from './kyle-impact.js';
import { squareRootImpact } from './square-root-impact.js';

/** The models the impact service blends; each name is the `model` its function returns. */
export const IMPACT_MODELS = ['square-root', 'kyle', 'almgren-chriss'] as const;
export type ImpactModelName = (typeof IMPACT_MODELS)[number];

/**
 * The market one child is priced on: all the three models read. The same fields travel in
 * `ImpactObserved`, so a model's forecast for a past child can be recomputed exactly.
 */
export interface ImpactMarket {
  /** Child size, base units. */
  quantity: number;
  /** Mid the child was priced from; the models answer in bps of it. */
  price: number;
  /** Base units a day. */
  dailyVolume: number;
  /** Fraction a day (0.03 = 3%). */
  dailyVolatility: number;
  /** Quoted spread, bps; 0 when unknown. */
  spreadBps: number;
  /**
   * Cost of walking the visible book for the child beyond the touch (`bookWalkCost`), bps; 0 when
   * unknown.
   */
  bookWalkBps: number;
}

export interface ImpactModelParams {
  /** Square-root-law prefactor Y. */
  y: number;
  /**
   * The time a child takes to trade, in minutes: Kyle's lambda is read at this horizon and
   * Almgren-Chriss's temporary coefficient sized for it.
   */
  intervalMinutes: number;
}

export const DEFAULT_IMPACT_MODEL_PARAMS: ImpactModelParams = { y: 0.7, intervalMinutes: 1 };

const MINUTES_PER_DAY = 1440;

function intervalsPerDay(params: ImpactModelParams): number {
  const minutes = positive(params.intervalMinutes, 'intervalMinutes');
  if (minutes > MINUTES_PER_DAY) {
    throw new InvalidInputError('intervalMinutes', `must be at most a day (1440), got ${minutes}`);
  }
  return MINUTES_PER_DAY / minutes;
}

/**
 * Kyle's lambda without a tape: in Kyle (1985) lambda = σ_v / (2·σ_u), the price noise over the
 * noise traders' order flow. Over one interval the price moves σ·P/√n (n intervals a day, diffusive)
 * and the flow is of the order of the interval's volume V/n, so lambda = σ·P·√n / (2·V), price per
 * unit. Quoted in bps this is linear in Q/V where the square-root law is concave, which is what makes
 * the two worth blending.
 */
export function kyleLambdaFromMarket(market: ImpactMarket, params = DEFAULT_IMPACT_MODEL_PARAMS): number {
  const n = intervalsPerDay(params);
  const v = positive(market.dailyVolume, 'dailyVolume');
  const sigma = nonNegative(market.dailyVolatility, 'dailyVolatility');
  const price = positive(market.price, 'price');
  return (sigma * price * Math.sqrt(n)) / (2 * v);
}

/**
 * Almgren-Chriss for one child traded over one interval. Fixed cost epsilon = half the spread.
 * Temporary impact: when the visible book is known, what walking it costs beyond the touch;
 * otherwise linear, sized so that trading one interval's volume costs what the square-root law says
 * (as the router sizes its IS schedule). Permanent impact: Kyle's lambda, the information the trade
 * leaks, of which the child pays half.
 */
function almgrenChrissChild(market: ImpactMarket, params: ImpactModelParams): ImpactEstimateResult {
  const { quantity: q, price } = market;
  const halfSpreadBps = nonNegative(market.spreadBps, 'spreadBps') / 2;
  const walk = nonNegative(market.bookWalkBps, 'bookWalkBps');
  let eta: number;
  let source: string;
  if (walk > 0 && q > 0) {
    eta = (walk * price) / BPS / q;
    source = `book walk ${walk.toFixed(3)} bps`;
  } else {
    const n = intervalsPerDay(params);
    const refQty = market.dailyVolume / n;
    const refCostPerUnit = params.y * market.dailyVolatility * price * Math.sqrt(1 / n);
    eta = refCostPerUnit / refQty;
    source = 'temporary sized on the square-root law';
  }
  const gamma = kyleLambdaFromMarket(market, params);
  const r = acImpact({
    quantity: q,
    duration: 1,
    eta,
    gamma,
    epsilon: (halfSpreadBps * price) / BPS,
    price,
  });
  return { ...r, reasoning: `${r.reasoning}; half spread ${halfSpreadBps.toFixed(3)} bps, ${source}` };
}

/** Each model's forecast for one child on one market, in bps of the mid. */
export function estimateImpactModels(
  market: ImpactMarket,
  params: ImpactModelParams = DEFAULT_IMPACT_MODEL_PARAMS,
): Record<ImpactModelName, ImpactEstimateResult> {
  const quantity = nonNegative(market.quantity, 'quantity');
  positive(market.price, 'price');
  const lambda = kyleLambdaFromMarket(market, params);
  return {
    'square-root': squareRootImpact({
      quantity,
      dailyVolume: market.dailyVolume,
      dailyVolatility: market.dailyVolatility,
      y: params.y,
    }),
    kyle: kyleImpact({ quantity, kyleLambda: lambda, price: market.price }),
    'almgren-chriss': almgrenChrissChild(market, params),
  };
}
