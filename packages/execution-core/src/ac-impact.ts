import { band, BPS, type ImpactEstimateResult, nonNegative, positive } from './impact-estimate.js';

export interface AcImpactResult extends ImpactEstimateResult {
  temporaryBps: number;
  permanentBps: number;
}

/**
 * Almgren-Chriss linear impact for one trade of Q shares over `duration` (same time unit as eta):
 * temporary h(v) = epsilon + eta·v with v = Q/duration, paid on every share; permanent g(v) = gamma·v
 * moves the price by gamma·Q, of which the trade itself pays half on average.
 */
export function acImpact(input: {
  quantity: number;
  duration: number;
  eta: number;
  gamma: number;
  epsilon: number;
  price: number;
}): AcImpactResult {
  const q = nonNegative(input.quantity, 'quantity');
  const duration = positive(input.duration, 'duration');
  const eta = nonNegative(input.eta, 'eta');
  const gamma = nonNegative(input.gamma, 'gamma');
  const eps = nonNegative(input.epsilon, 'epsilon');
  const price = positive(input.price, 'price');
  const temporaryBps = ((eps + (eta * q) / duration) / price) * BPS;
  const permanentBps = ((gamma * q) / price) * BPS;
  const bps = temporaryBps + permanentBps / 2;
  return {
    bps,
    ...band(bps),
    temporaryBps,
    permanentBps,
    model: 'almgren-chriss',
    reasoning: `temporary ${temporaryBps.toFixed(3)} bps + half of permanent ${permanentBps.toFixed(3)} bps`,
  };
}
