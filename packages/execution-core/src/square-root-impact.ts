import { band, BPS, type ImpactEstimateResult, nonNegative, positive } from './impact-estimate.js';

export interface SquareRootImpactInput {
  /** Order size, in the same unit as `dailyVolume`. */
  quantity: number;
  dailyVolume: number;
  /** Daily volatility as a fraction (0.03 = 3%). */
  dailyVolatility: number;
  /** Prefactor, of order 1; 0.7 is a common crypto calibration. */
  y?: number;
  /** Exponent; 0.5 is the square-root law. */
  delta?: number;
}

/** Power-law (square-root) impact: Y·σ·(Q/V)^δ, in bps. */
export function squareRootImpact(input: SquareRootImpactInput): ImpactEstimateResult {
  const q = nonNegative(input.quantity, 'quantity');
  const v = positive(input.dailyVolume, 'dailyVolume');
  const sigma = nonNegative(input.dailyVolatility, 'dailyVolatility');
  const y = input.y === undefined ? 0.7 : nonNegative(input.y, 'y');
  const delta = input.delta === undefined ? 0.5 : positive(input.delta, 'delta');
  const ratio = q / v;
  const bps = y * sigma * (delta === 0.5 ? Math.sqrt(ratio) : Math.pow(ratio, delta)) * BPS;
  return {
    bps,
    ...band(bps),
    model: delta === 0.5 ? 'square-root' : 'power-law',
    reasoning: `Y=${y} sigma=${sigma} Q/V=${ratio.toPrecision(4)} delta=${delta}`,
  };
}
