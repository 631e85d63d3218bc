import { Decimal } from 'decimal.js';
import { Dec, type DecimalString, parseDecimal } from './decimal.js';
import { InvalidInputError } from './errors.js';

/** The venue's per-symbol filters (Bybit `lotSizeFilter` and `priceFilter`), kept as decimal strings. */
export interface InstrumentRules {
  symbol: string;
  tickSize: string;
  qtyStep: string;
  minOrderQty: string;
  maxOrderQty: string;
  minNotional: string;
}

function positiveStep(value: string, field: string): Decimal {
  const d = parseDecimal(value, field);
  if (!d.gt(0)) throw new InvalidInputError(field, `must be > 0, got "${value}"`);
  return d;
}

/** Rounds toward zero to a multiple of `qtyStep`, printed with the step's number of decimals. */
export function roundQtyDown(qty: DecimalString, rules: InstrumentRules): DecimalString {
  const step = positiveStep(rules.qtyStep, 'qtyStep');
  const q = parseDecimal(qty, 'quantity');
  const r = q.div(step).trunc().mul(step);
  return r.isZero() ? new Dec(0).toFixed(step.decimalPlaces()) : r.toFixed(step.decimalPlaces());
}

const TICK_MODE = {
  down: Decimal.ROUND_FLOOR,
  up: Decimal.ROUND_CEIL,
  nearest: Decimal.ROUND_HALF_UP,
} as const;

/**
 * Rounds a price to the tick grid. Callers pick the direction: a passive buy rounds down and a passive
 * sell rounds up so that rounding never makes an order more aggressive than intended.
 */
export function roundPriceToTick(
  price: DecimalString,
  rules: InstrumentRules,
  mode: 'down' | 'up' | 'nearest',
): DecimalString {
  const tick = positiveStep(rules.tickSize, 'tickSize');
  const p = parseDecimal(price, 'price');
  const rounding = TICK_MODE[mode];
  if (rounding === undefined)
    throw new InvalidInputError('mode', `must be down, up or nearest, got "${mode}"`);
  const r = p.div(tick).toDecimalPlaces(0, rounding).mul(tick);
  return r.isZero() ? new Dec(0).toFixed(tick.decimalPlaces()) : r.toFixed(tick.decimalPlaces());
}

/** True when `qty` is an exact multiple of `qtyStep`. */
export function isQtyOnStep(qty: DecimalString, rules: InstrumentRules): boolean {
  const step = positiveStep(rules.qtyStep, 'qtyStep');
  return parseDecimal(qty, 'quantity').mod(step).isZero();
}

/** Validates the rules themselves once, so a misconfigured instrument fails loudly, not at first order. */
export function validateInstrumentRules(rules: InstrumentRules): void {
  positiveStep(rules.tickSize, 'tickSize');
  const step = positiveStep(rules.qtyStep, 'qtyStep');
  const min = parseDecimal(rules.minOrderQty, 'minOrderQty');
  const max = parseDecimal(rules.maxOrderQty, 'maxOrderQty');
  const notional = parseDecimal(rules.minNotional, 'minNotional');
  if (min.lt(0)) throw new InvalidInputError('minOrderQty', 'must be >= 0');
  if (notional.lt(0)) throw new InvalidInputError('minNotional', 'must be >= 0');
  if (max.lt(min))
    throw new InvalidInputError('maxOrderQty', `must be >= minOrderQty (${rules.minOrderQty})`);
  if (!min.mod(step).isZero())
    throw new InvalidInputError('minOrderQty', `must be a multiple of qtyStep ${rules.qtyStep}`);
}
