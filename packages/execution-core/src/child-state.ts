import { IllegalTransitionError } from './errors.js';

/**
 * Bybit's order statuses (New, PartiallyFilled, Filled, Cancelled, Rejected) plus two local ones:
 * PendingNew (sent, no venue ack yet) and Denied (refused by our own risk check, never sent).
 * Denied and Rejected are kept apart so a risk refusal is never confused with a venue refusal.
 */
export type ChildState =
  'PendingNew' | 'New' | 'PartiallyFilled' | 'Filled' | 'Cancelled' | 'Rejected' | 'Denied';

export const CHILD_STATES: readonly ChildState[] = [
  'PendingNew',
  'New',
  'PartiallyFilled',
  'Filled',
  'Cancelled',
  'Rejected',
  'Denied',
];

const C = (...s: ChildState[]): ReadonlySet<ChildState> => new Set(s);

export const CHILD_TRANSITIONS: Readonly<Record<ChildState, ReadonlySet<ChildState>>> = {
  PendingNew: C(
    'New',
    'Rejected',
    'Denied', // the risk check runs on the created order before it leaves the process
    // Bybit's execution stream and order stream are separate sockets: a fill can beat the order ack.
    'PartiallyFilled',
    'Filled',
    'Cancelled', // cancel acknowledged before the New ack reached us, same stream race
  ),
  New: C('PartiallyFilled', 'Filled', 'Cancelled'),
  PartiallyFilled: C(
    'PartiallyFilled', // another partial fill
    'Filled',
    'Cancelled',
  ),
  // Real world possibility: the cancel is acknowledged while a fill is already in flight, so the fill
  // arrives after the cancel. The quantity really traded and must be recorded. A late fill that completes
  // the order makes it Filled; a late partial fill is recorded but the order stays Cancelled, because
  // nothing of it is working any more (moving to PartiallyFilled would make a dead order look alive).
  Cancelled: C('Filled'),
  Filled: C(),
  Rejected: C(),
  Denied: C(),
};

export function isTerminalChild(s: ChildState): boolean {
  return s === 'Filled' || s === 'Rejected' || s === 'Denied' || s === 'Cancelled';
}

/** A child whose quantity is still at the venue and may fill. */
export function isWorkingChild(s: ChildState): boolean {
  return s === 'PendingNew' || s === 'New' || s === 'PartiallyFilled';
}

export function canTransitionChild(from: ChildState, to: ChildState): boolean {
  return CHILD_TRANSITIONS[from]?.has(to) ?? false;
}

export function transitionChild(from: ChildState, to: ChildState): ChildState {
  if (!canTransitionChild(from, to)) throw new IllegalTransitionError(from, to, 'ChildOrder');
  return to;
}
