import type { DecimalString } from './decimal.js';
import { cmpScaled, floorDivScaled, mulScaled, scaled, type ScaledDecimal } from './scaled-decimal.js';
import type { Side } from './side.js';

/** One price level of a book side, as the venue prints it. */
export interface BookLevel {
  price: DecimalString;
  size: DecimalString;
}

export interface BookWalk {
  /**
   * What walking the levels costs against the best level's price, bps (positive = worse than the
   * touch). Relative to the touch, not the mid, so it leaves out the half spread the way the
   * square-root impact estimate does, and the two can be compared.
   */
  costBps: number;
  /** Average price of the walk; empty when nothing could be filled. */
  averagePrice: DecimalString;
  /** How much of the quantity the levels hold; the cost covers only that part. */
  filledQuantity: DecimalString;
  /** True when the levels hold the whole quantity. */
  complete: boolean;
}

const PLAIN = /^\d+(\.\d+)?$/;

/**
 * The opposite side's levels checked and sorted best first (ascending asks for a buy, descending bids
 * for a sell), so "the first N levels" means the best N whatever order the caller sent them in.
 * Returns a message naming the first bad level instead when a price or size is not a plain decimal, or
 * a price is not positive.
 */
export function oppositeLevelsBestFirst(
  side: Side,
  levels: readonly BookLevel[],
): { ok: true; levels: BookLevel[] } | { ok: false; message: string } {
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i]!;
    if (typeof l.price !== 'string' || !PLAIN.test(l.price) || !(Number(l.price) > 0))
      return {
        ok: false,
        message: `opposite level ${i} has price ${JSON.stringify(l.price)}, not a decimal > 0`,
      };
    if (typeof l.size !== 'string' || !PLAIN.test(l.size))
      return {
        ok: false,
        message: `opposite level ${i} has size ${JSON.stringify(l.size)}, not a decimal >= 0`,
      };
  }
  const dir = side === 'BUY' ? 1 : -1;
  const sorted = [...levels].sort((a, b) => dir * cmpScaled(scaled(a.price), scaled(b.price)));
  return { ok: true, levels: sorted };
}

/** Sum of the sizes of the first `count` levels, exact. */
export function depthOfLevels(levels: readonly BookLevel[], count: number): ScaledDecimal {
  let sum: ScaledDecimal = { n: 0n, s: 0 };
  for (const l of levels.slice(0, Math.max(0, Math.floor(count)))) sum = addScaled(sum, scaled(l.size));
  return sum;
}

/**
 * The largest quantity on the step grid that is at most `share` of the first `count` levels, in steps.
 * The share is taken as written ("0.1" is exactly a tenth), never as the float nearest to it.
 */
export function depthCapUnits(
  levels: readonly BookLevel[],
  count: number,
  share: number,
  step: ScaledDecimal,
): bigint {
  return floorDivScaled(mulScaled(scaled(String(share)), depthOfLevels(levels, count)), step);
}

/**
 * Walks `levels` (best first, see `oppositeLevelsBestFirst`) for `quantity`, taking each level in full
 * before the next, and prices the walk against the first level. Sums are exact; only the final ratio is
 * a float, which is all a cost in bps needs.
 */
export function bookWalkCost(side: Side, levels: readonly BookLevel[], quantity: DecimalString): BookWalk {
  const want = scaled(quantity);
  let left = want;
  let filled: ScaledDecimal = { n: 0n, s: 0 };
  let notional: ScaledDecimal = { n: 0n, s: 0 };
  for (const l of levels) {
    if (left.n <= 0n) break;
    const size = scaled(l.size);
    const take = cmpScaled(size, left) < 0 ? size : left;
    filled = addScaled(filled, take);
    notional = addScaled(notional, mulScaled(take, scaled(l.price)));
    left = subScaled(left, take);
  }
  const first = levels[0];
  if (!first || filled.n === 0n)
    return { costBps: 0, averagePrice: '', filledQuantity: '0', complete: false };
  const best = scaled(first.price);
  // cost = (notional - best * filled) / (best * filled), signed so that paying up is positive.
  const atBest = mulScaled(best, filled);
  const diff = subScaled(notional, atBest);
  const s = Math.max(diff.s, atBest.s);
  const num = Number(diff.n * 10n ** BigInt(s - diff.s));
  const den = Number(atBest.n * 10n ** BigInt(s - atBest.s));
  const raw = (num / den) * 10_000;
  return {
    costBps: side === 'BUY' ? raw : -raw,
    averagePrice: formatRatio(notional, filled, 12),
    filledQuantity: formatScaledPlain(filled),
    complete: left.n <= 0n,
  };
}

function align(a: ScaledDecimal, b: ScaledDecimal): [bigint, bigint, number] {
  const s = Math.max(a.s, b.s);
  return [a.n * 10n ** BigInt(s - a.s), b.n * 10n ** BigInt(s - b.s), s];
}

function addScaled(a: ScaledDecimal, b: ScaledDecimal): ScaledDecimal {
  const [x, y, s] = align(a, b);
  return { n: x + y, s };
}

function subScaled(a: ScaledDecimal, b: ScaledDecimal): ScaledDecimal {
  const [x, y, s] = align(a, b);
  return { n: x - y, s };
}

/** Plain decimal text without trailing zeros (a >= 0). */
export function formatScaledPlain(a: ScaledDecimal): string {
  if (a.s === 0) return a.n.toString();
  const digits = a.n.toString().padStart(a.s + 1, '0');
  const text = `${digits.slice(0, digits.length - a.s)}.${digits.slice(digits.length - a.s)}`;
  return text.replace(/\.?0+$/, '');
}

/** a / b truncated to `dp` decimals (a >= 0, b > 0). */
function formatRatio(a: ScaledDecimal, b: ScaledDecimal, dp: number): string {
  const q = floorDivScaled({ n: a.n * 10n ** BigInt(dp), s: a.s }, b);
  return formatScaledPlain({ n: q, s: dp });
}
