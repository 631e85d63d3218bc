import { Decimal } from 'decimal.js';
import { type ChildState, transitionChild } from './child-state.js';
import { Dec, type DecimalString, parseDecimal, toPlain } from './decimal.js';
import { IllegalTransitionError, InvalidInputError } from './errors.js';

/** One execution reported by the venue (Bybit `execution` topic); `execId` is unique per venue fill. */
export interface Fill {
  execId: string;
  childId: string;
  price: DecimalString;
  quantity: DecimalString;
  fee: DecimalString;
  isMaker: boolean;
  tsMs: number;
}

/** The fill-relevant part of a ChildOrder. */
export interface ChildFillState {
  childId: string;
  quantity: DecimalString;
  filledQty: DecimalString;
  avgPrice: DecimalString;
  state: ChildState;
  execIds: readonly string[];
}

export type FillOutcome = 'APPLIED' | 'DUPLICATE' | 'OVERFILL';

/** Average prices keep this many decimals; far below any tick, so no visible rounding. */
const AVG_PRICE_DP = 12;

/**
 * Applies a fill to a child order, returning a new value (the input is never mutated).
 *
 * - Idempotent by `execId`: a replayed or re-delivered fill returns the child unchanged with DUPLICATE,
 *   because websocket reconnects and REST reconciliation both re-deliver executions.
 * - A fill that would take `filledQty` above `quantity` returns the child UNCHANGED with OVERFILL. It is
 *   not capped: capping would record a quantity that never traded. The caller must raise an alert and
 *   reconcile the position with the venue.
 * - A fill on a Denied or Rejected child is impossible (it never worked at the venue): throws
 *   IllegalTransitionError.
 * - A late partial fill on a Cancelled child is recorded and the child stays Cancelled.
 */
export function applyFill(
  child: ChildFillState,
  fill: Fill,
): { child: ChildFillState; outcome: FillOutcome } {
  if (fill.childId !== child.childId) {
    throw new InvalidInputError(
      'fill.childId',
      `fill ${fill.execId} is for ${fill.childId}, not ${child.childId}`,
    );
  }
  if (child.execIds.includes(fill.execId)) return { child, outcome: 'DUPLICATE' };
  if (child.state === 'Denied' || child.state === 'Rejected') {
    throw new IllegalTransitionError(child.state, 'PartiallyFilled', 'ChildOrder');
  }
  const qty = parseDecimal(fill.quantity, 'fill.quantity');
  const price = parseDecimal(fill.price, 'fill.price');
  parseDecimal(fill.fee, 'fill.fee');
  if (!qty.gt(0)) throw new InvalidInputError('fill.quantity', `must be > 0, got "${fill.quantity}"`);
  if (!price.gt(0)) throw new InvalidInputError('fill.price', `must be > 0, got "${fill.price}"`);

  const total = parseDecimal(child.quantity, 'child.quantity');
  const filled = parseDecimal(child.filledQty, 'child.filledQty');
  const newFilled = filled.plus(qty);
  if (newFilled.gt(total)) return { child, outcome: 'OVERFILL' };

  const avg = parseDecimal(child.avgPrice, 'child.avgPrice');
  const newAvg: Decimal = avg.mul(filled).plus(price.mul(qty)).div(newFilled);
  const complete = newFilled.eq(total);
  let state: ChildState;
  if (complete) state = transitionChild(child.state, 'Filled');
  else if (child.state === 'Cancelled') state = 'Cancelled';
  else state = transitionChild(child.state, 'PartiallyFilled');

  return {
    child: {
      ...child,
      filledQty: toPlain(newFilled),
      avgPrice: toPlain(newAvg, AVG_PRICE_DP),
      state,
      execIds: [...child.execIds, fill.execId],
    },
    outcome: 'APPLIED',
  };
}

/** Quantity still open on a child. */
export function childRemainingQty(child: ChildFillState): DecimalString {
  return toPlain(new Dec(child.quantity).minus(new Dec(child.filledQty)));
}
