import { band, BPS, type ImpactEstimateResult, nonNegative, positive } from './impact-estimate.js';

/** Kyle (1985): price moves lambda per unit of net order flow; impact = lambda·Q. */
export function kyleImpact(input: {
  quantity: number;
  kyleLambda: number;
  price: number;
}): ImpactEstimateResult {
  const q = nonNegative(input.quantity, 'quantity');
  const lambda = nonNegative(input.kyleLambda, 'kyleLambda');
  const price = positive(input.price, 'price');
  const bps = ((lambda * q) / price) * BPS;
  return { bps, ...band(bps), model: 'kyle', reasoning: `lambda=${lambda} per unit, Q=${q}, price=${price}` };
}

/**
 * Estimates Kyle's lambda by least squares through the origin of price changes on signed volume,
 * the usual way of reading it off a tape.
 */
export function estimateKyleLambda(
  samples: ReadonlyArray<{ signedVolume: number; priceChange: number }>,
): number {
  let xy = 0;
  let xx = 0;
  for (const s of samples) {
    if (!Number.isFinite(s.signedVolume) || !Number.isFinite(s.priceChange)) continue;
    xy += s.signedVolume * s.priceChange;
    xx += s.signedVolume * s.signedVolume;
  }
  return xx > 0 ? Math.max(0, xy / xx) : 0;
}
