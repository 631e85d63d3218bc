import { type DecimalString, parseDecimal } from './decimal.js';
import { InvalidInputError } from './errors.js';
import type { InstrumentRules } from './instrument-rules.js';
import type { ParentState } from './parent-state.js';
import type { RiskLimits } from './risk-limits.js';
import type { Side } from './side.js';

export type AlgorithmKind = 'TWAP' | 'VWAP' | 'IS' | 'POV' | 'ADAPTIVE';

/** What the user asked for: a large order to be worked over time, sliced into ChildOrders. */
export interface ParentOrder {
  id: string;
  symbol: string;
  side: Side;
  quantity: DecimalString;
  /** Absolute deadline (ms since epoch); either this or `horizonMs` must be set. */
  deadlineMs?: number;
  horizonMs?: number;
  /** Price when the decision to trade was made, the benchmark for implementation shortfall. */
  decisionPrice?: DecimalString;
  /** Price when the order reached us. */
  arrivalPrice: DecimalString;
  /** 0 = patient, 1 = as fast as limits allow. Clamped to [0,1] by `clampUrgency`. */
  urgency: number;
  algorithm: AlgorithmKind;
  limitPrice?: DecimalString;
  /** Parent-specific overrides of the global risk limits. */
  limits?: Partial<RiskLimits>;
  rules: InstrumentRules;
  state: ParentState;
  createdAtMs: number;
}

/** Urgency outside [0,1] is clamped, not rejected (NaN is rejected: it is a bug, not an opinion). */
export function clampUrgency(urgency: number): number {
  if (Number.isNaN(urgency)) throw new InvalidInputError('urgency', 'must be a number in [0,1], got NaN');
  return Math.min(1, Math.max(0, urgency));
}

/** The end of the execution window in ms, whichever of deadline or horizon was given. */
export function parentEndMs(order: Pick<ParentOrder, 'deadlineMs' | 'horizonMs' | 'createdAtMs'>): number {
  if (order.deadlineMs !== undefined) return order.deadlineMs;
  if (order.horizonMs !== undefined) return order.createdAtMs + order.horizonMs;
  throw new InvalidInputError('deadlineMs', 'set either deadlineMs or horizonMs');
}

/**
 * Checks a new ParentOrder against the clock: positive quantity on the step grid, a deadline in the
 * future, finite numbers everywhere. Throws InvalidInputError naming the field.
 */
export function validateParentOrder(order: ParentOrder, nowMs: number): ParentOrder {
  if (!Number.isFinite(nowMs)) throw new InvalidInputError('nowMs', 'must be a finite timestamp in ms');
  const qty = parseDecimal(order.quantity, 'quantity');
  if (!qty.gt(0)) throw new InvalidInputError('quantity', `must be > 0, got "${order.quantity}"`);
  const step = parseDecimal(order.rules.qtyStep, 'qtyStep');
  if (!qty.mod(step).isZero()) {
    throw new InvalidInputError(
      'quantity',
      `${order.quantity} is not a multiple of qtyStep ${order.rules.qtyStep}`,
    );
  }
  if (!parseDecimal(order.arrivalPrice, 'arrivalPrice').gt(0)) {
    throw new InvalidInputError('arrivalPrice', 'must be > 0');
  }
  if (order.decisionPrice !== undefined && !parseDecimal(order.decisionPrice, 'decisionPrice').gt(0)) {
    throw new InvalidInputError('decisionPrice', 'must be > 0');
  }
  if (order.limitPrice !== undefined && !parseDecimal(order.limitPrice, 'limitPrice').gt(0)) {
    throw new InvalidInputError('limitPrice', 'must be > 0');
  }
  if (order.side !== 'BUY' && order.side !== 'SELL') {
    throw new InvalidInputError('side', `must be BUY or SELL, got ${JSON.stringify(order.side)}`);
  }
  if (order.horizonMs !== undefined && !(Number.isFinite(order.horizonMs) && order.horizonMs > 0)) {
    throw new InvalidInputError('horizonMs', `must be a positive number of ms, got ${order.horizonMs}`);
  }
  if (order.deadlineMs !== undefined && !Number.isFinite(order.deadlineMs)) {
    throw new InvalidInputError('deadlineMs', 'must be a finite timestamp in ms');
  }
  const end = parentEndMs(order);
  if (end <= nowMs) {
    throw new InvalidInputError('deadlineMs', `deadline ${new Date(end).toISOString()} is not in the future`);
  }
  return { ...order, urgency: clampUrgency(order.urgency) };
}
