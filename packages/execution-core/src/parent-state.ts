import { IllegalTransitionError } from './errors.js';

/**
 * INITIALIZED: accepted, not started. ACTIVE: running, between child orders. EXECUTING: a child order is
 * working at the venue. FILLED: partially filled (the name follows the spec; fully filled is COMPLETE).
 * ADJUSTING: re-planning the schedule. PAUSED: stopped by a user or a risk halt, may resume.
 * COMPLETE, CANCELLED, FAILED are terminal.
 */
export type ParentState =
  | 'INITIALIZED'
  | 'ACTIVE'
  | 'PAUSED'
  | 'EXECUTING'
  | 'FILLED'
  | 'ADJUSTING'
  | 'COMPLETE'
  | 'CANCELLED'
  | 'FAILED';

export const PARENT_STATES: readonly ParentState[] = [
  'INITIALIZED',
  'ACTIVE',
  'PAUSED',
  'EXECUTING',
  'FILLED',
  'ADJUSTING',
  'COMPLETE',
  'CANCELLED',
  'FAILED',
];

const P = (...s: ParentState[]): ReadonlySet<ParentState> => new Set(s);

/** The whole legal move set; anything not listed throws. */
export const PARENT_TRANSITIONS: Readonly<Record<ParentState, ReadonlySet<ParentState>>> = {
  INITIALIZED: P('ACTIVE', 'CANCELLED', 'FAILED'),
  ACTIVE: P(
    'EXECUTING',
    // Real world possibility: a fill racing a child's cancel arrives after the child ended and the
    // parent went back to waiting; it really traded and must count.
    'FILLED',
    'PAUSED',
    'ADJUSTING',
    'CANCELLED',
    'FAILED',
  ),
  EXECUTING: P(
    'EXECUTING', // another child sent while one is still working (parallel slices)
    'FILLED',
    'ACTIVE', // the child ended unfilled (cancelled, expired, rejected); back to waiting for the next slice
    'PAUSED',
    'ADJUSTING',
    'COMPLETE',
    'CANCELLED',
    'FAILED',
  ),
  FILLED: P(
    'FILLED', // another partial fill
    'EXECUTING',
    'ACTIVE',
    'PAUSED',
    'ADJUSTING',
    'COMPLETE',
    'CANCELLED',
    'FAILED',
  ),
  ADJUSTING: P('ACTIVE', 'EXECUTING', 'PAUSED', 'CANCELLED', 'FAILED'),
  PAUSED: P(
    'ACTIVE',
    'ADJUSTING',
    // A pause cancels working children, but a fill already in flight can still arrive and complete the
    // order: the venue does not know we paused.
    'COMPLETE',
    'CANCELLED',
    'FAILED',
  ),
  COMPLETE: P(),
  CANCELLED: P(),
  FAILED: P(),
};

export function isTerminalParent(s: ParentState): boolean {
  return s === 'COMPLETE' || s === 'CANCELLED' || s === 'FAILED';
}

export function canTransitionParent(from: ParentState, to: ParentState): boolean {
  return PARENT_TRANSITIONS[from]?.has(to) ?? false;
}

/** Returns `to` when the move is legal, throws IllegalTransitionError otherwise. */
export function transitionParent(from: ParentState, to: ParentState): ParentState {
  if (!canTransitionParent(from, to)) throw new IllegalTransitionError(from, to, 'ParentOrder');
  return to;
}
