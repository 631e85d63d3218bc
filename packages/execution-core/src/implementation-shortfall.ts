import { InvalidInputError } from './errors.js';
import type { Side } from './side.js';

export interface PriceQty {
  price: number;
  quantity: number;
}

/** Quantity-weighted average price; NaN-free: throws on empty or non-positive input. */
export function averagePrice(fills: ReadonlyArray<PriceQty>): number {
  let pq = 0;
  let q = 0;
  for (const f of fills) {
    pq += f.price * f.quantity;
    q += f.quantity;
  }
  if (!(q > 0)) throw new InvalidInputError('fills', 'need at least one fill with quantity > 0');
  return pq / q;
}

/**
 * Implementation shortfall of the executed part against the arrival price, bps, positive = cost:
 * a buy filled above arrival or a sell filled below it. No fills means nothing executed, so 0.
 */
export function implementationShortfallBps(
  side: Side,
  arrivalPrice: number,
  fills: ReadonlyArray<{ price: number; quantity: number }>,
): number {
  if (!(arrivalPrice > 0) || !Number.isFinite(arrivalPrice)) {
    throw new InvalidInputError('arrivalPrice', `must be a finite price > 0, got ${arrivalPrice}`);
  }
  let pq = 0;
  let q = 0;
  for (const f of fills) {
    if (!Number.isFinite(f.price) || !Number.isFinite(f.quantity) || f.price <= 0 || f.quantity < 0) {
      throw new InvalidInputError(
        'fills',
        `fill price and quantity must be finite and positive, got ${f.price} x ${f.quantity}`,
      );
    }
    pq += f.price * f.quantity;
    q += f.quantity;
  }
  if (q === 0) return 0;
  const avg = pq / q;
  const sign = side === 'BUY' ? 1 : -1;
  return (sign * (avg - arrivalPrice) * 10_000) / arrivalPrice;
}
