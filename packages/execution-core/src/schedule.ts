import { Decimal } from 'decimal.js';
import { Dec, type DecimalString, parseDecimal } from './decimal.js';
import { InvalidInputError } from './errors.js';
import type { InstrumentRules } from './instrument-rules.js';

/** One planned ChildOrder: when it is due and how much. */
export interface ScheduledSlice {
  index: number;
  dueMs: number;
  quantity: DecimalString;
}

/** A quantity expressed as an integer count of qtySteps, so that splitting it is exact. */
export interface StepGrid {
  step: Decimal;
  dp: number;
  /** The step as an integer count of 10^-dp (0.005 → 5), for fast exact formatting. */
  stepInt: number;
  totalUnits: number;
  minUnits: number;
}

export function requireFinite(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidInputError(field, `must be a finite number, got ${String(value)}`);
  }
  return value;
}

export function requirePositive(value: number, field: string): number {
  requireFinite(value, field);
  if (value <= 0) throw new InvalidInputError(field, `must be > 0, got ${value}`);
  return value;
}

export function requirePositiveInt(value: number, field: string, max = 1_000_000): number {
  requirePositive(value, field);
  if (!Number.isInteger(value) || value > max) {
    throw new InvalidInputError(field, `must be an integer in [1, ${max}], got ${value}`);
  }
  return value;
}

/**
 * Converts a parent quantity to step units and works out the smallest allowed slice. With a reference
 * price the venue's min notional is honoured too.
 */
export function toStepGrid(
  quantity: DecimalString,
  rules: InstrumentRules,
  referencePrice?: number,
): StepGrid {
  const qty = parseDecimal(quantity, 'quantity');
  if (!qty.gt(0)) throw new InvalidInputError('quantity', `must be > 0, got "${quantity}"`);
  const step = parseDecimal(rules.qtyStep, 'qtyStep');
  if (!step.gt(0)) throw new InvalidInputError('qtyStep', `must be > 0, got "${rules.qtyStep}"`);
  const units = qty.div(step);
  if (!units.isInteger()) {
    throw new InvalidInputError(
      'quantity',
      `${quantity} is not a multiple of qtyStep ${rules.qtyStep}; round it down first`,
    );
  }
  if (units.gt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidInputError('quantity', `${quantity} is more than 2^53 steps of ${rules.qtyStep}`);
  }
  const minQty = parseDecimal(rules.minOrderQty, 'minOrderQty');
  let minUnits = Math.max(1, minQty.div(step).ceil().toNumber());
  if (referencePrice !== undefined) {
    requirePositive(referencePrice, 'referencePrice');
    const minNotional = parseDecimal(rules.minNotional, 'minNotional');
    const byNotional = minNotional.div(new Dec(referencePrice)).div(step).ceil().toNumber();
    minUnits = Math.max(minUnits, byNotional);
  }
  const totalUnits = units.toNumber();
  if (totalUnits < minUnits) {
    throw new InvalidInputError(
      'quantity',
      `${quantity} is below the smallest order the venue accepts (${new Dec(minUnits).mul(step).toFixed(step.decimalPlaces())})`,
    );
  }
  const dp = step.decimalPlaces();
  return { step, dp, stepInt: step.mul(new Dec(10).pow(dp)).toNumber(), totalUnits, minUnits };
}

/**
 * units × step as a decimal string. Integer arithmetic (exact below 2^53, BigInt above) instead of
 * Decimal, because schedules format every slice and this is their hot path.
 */
export function unitsToQty(units: number, grid: StepGrid): DecimalString {
  const prod = units * grid.stepInt;
  const digits = Number.isSafeInteger(prod)
    ? String(prod)
    : (BigInt(units) * BigInt(grid.stepInt)).toString();
  if (grid.dp === 0) return digits;
  const padded = digits.padStart(grid.dp + 1, '0');
  return `${padded.slice(0, padded.length - grid.dp)}.${padded.slice(padded.length - grid.dp)}`;
}

/**
 * Splits `totalUnits` proportionally to `weights` (largest remainder, so the sum is exact), then merges
 * any non-empty slice below `minUnits` into its neighbour so nothing unsendable is scheduled. Zero-weight
 * slices stay at 0 and are dropped by the caller.
 */
export function allocateUnits(weights: readonly number[], totalUnits: number, minUnits: number): number[] {
  const n = weights.length;
  let wsum = 0;
  for (const w of weights) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new InvalidInputError('weights', 'must be finite and >= 0');
    wsum += w;
  }
  if (n === 0 || wsum <= 0) throw new InvalidInputError('weights', 'at least one weight must be > 0');
  if (n > 1_048_576) throw new InvalidInputError('weights', 'at most 2^20 slices');
  const out = new Array<number>(n);
  const rema = new Array<number>(n);
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const exact = (totalUnits * (weights[i] ?? 0)) / wsum;
    const fl = Math.floor(exact);
    out[i] = fl;
    rema[i] = exact - fl;
    assigned += fl;
  }
  let left = totalUnits - assigned;
  if (left > 0) {
    // Largest remainder first, ties to the earlier slice (remainders land at the front, where the schedule
    // is most certain). Each (remainder, index) pair is packed into one float so the native numeric sort
    // does the work: remainder quantised to 2^-32 in the high bits, index in the low 20 bits.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const q = (weights[i] ?? 0) > 0 ? Math.floor((rema[i] ?? 0) * 4294967296) : -1;
      keys[i] = (4294967296 - q) * 1048576 + i;
    }
    keys.sort();
    for (let k = 0; left > 0; k = (k + 1) % n) {
      const i = (keys[k] ?? 0) % 1048576;
      if ((weights[i] ?? 0) > 0) {
        out[i] = (out[i] ?? 0) + 1;
        left--;
      }
    }
  }
  return mergeBelowMin(out, minUnits);
}

/** Carries every too-small slice forward into the next one; a too-small tail is folded backward. */
export function mergeBelowMin(units: number[], minUnits: number): number[] {
  const out = units.slice();
  let carry = 0;
  let lastNonZero = -1;
  for (let i = 0; i < out.length; i++) {
    const u = (out[i] ?? 0) + carry;
    if (u === 0) continue;
    if (u < minUnits) {
      carry = u;
      out[i] = 0;
    } else {
      carry = 0;
      out[i] = u;
      lastNonZero = i;
    }
  }
  if (carry > 0) {
    if (lastNonZero >= 0) out[lastNonZero] = (out[lastNonZero] ?? 0) + carry;
    else if (carry >= minUnits) {
      const first = units.findIndex((u) => u > 0);
      out[first < 0 ? 0 : first] = carry;
    }
    // Otherwise the whole input is below one sendable order and is dropped: callers that must conserve
    // the total (TWAP, VWAP, IS) guarantee it is at least minUnits; POV reports it as unscheduled.
  }
  return out;
}

/** Sum of slice quantities as an exact decimal. */
export function sumSlices(slices: readonly ScheduledSlice[]): DecimalString {
  let s = new Dec(0);
  for (const x of slices) s = s.plus(x.quantity);
  return s.toFixed();
}
