import type { ImpactEstimateResult } from './impact-estimate.js';
import { InvalidInputError } from './errors.js';

export interface ScheduleCostEstimate {
  /** Quantity-weighted average impact over the schedule, bps. */
  bps: number;
  lowBps: number;
  highBps: number;
  /** Expected cost in quote currency. */
  cost: number;
  perSliceBps: number[];
}

/**
 * Pre-trade cost of a whole schedule: each slice is priced by `estimate` (any impact model), and the
 * order's cost is the quantity-weighted mean. Slices are treated as independent, which ignores the
 * permanent impact one slice leaves for the next; use the Almgren-Chriss E for that.
 */
export function scheduleImpactCost(
  quantities: readonly number[],
  price: number,
  estimate: (quantity: number, index: number) => ImpactEstimateResult,
): ScheduleCostEstimate {
  if (!(price > 0) || !Number.isFinite(price))
    throw new InvalidInputError('price', `must be > 0, got ${price}`);
  let q = 0;
  let b = 0;
  let lo = 0;
  let hi = 0;
  const perSliceBps: number[] = [];
  quantities.forEach((qty, i) => {
    if (!(qty >= 0) || !Number.isFinite(qty))
      throw new InvalidInputError('quantities', `slice ${i} has quantity ${qty}`);
    const e = estimate(qty, i);
    perSliceBps.push(e.bps);
    q += qty;
    b += e.bps * qty;
    lo += e.lowBps * qty;
    hi += e.highBps * qty;
  });
  if (q === 0) return { bps: 0, lowBps: 0, highBps: 0, cost: 0, perSliceBps };
  return { bps: b / q, lowBps: lo / q, highBps: hi / q, cost: (b / 10_000) * price, perSliceBps };
}
