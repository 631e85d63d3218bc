import { Decimal } from 'decimal.js';
import { InvalidDecimalError } from './errors.js';

/** A price or quantity as a plain decimal string ("0.001", "65000.5"); never a float on the wire. */
export type DecimalString = string;

/**
 * A private Decimal constructor: enough precision for any crypto quantity times price, and exponent
 * notation switched off so every string we emit is a plain decimal the venue accepts.
 */
export const Dec = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -50,
  toExpPos: 50,
});
export type Dec = Decimal;

const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** Parses a decimal string strictly: no exponent, no "Infinity", no hex, no empty string. */
export function parseDecimal(value: unknown, field: string): Decimal {
  if (typeof value !== 'string' || !DECIMAL_RE.test(value.trim())) {
    throw new InvalidDecimalError(field, value);
  }
  return new Dec(value.trim());
}

/** Plain string with at most `dp` decimals, trailing zeros removed ("1.500" → "1.5", "2.000" → "2"). */
export function toPlain(d: Decimal, dp?: number): DecimalString {
  const v = dp === undefined ? d : d.toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
  // "-0" is a legal Decimal but confuses every downstream parser.
  return v.isZero() ? '0' : v.toFixed();
}
