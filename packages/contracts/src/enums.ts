import { tranche } from './gen/tranche.js';

const S = tranche.common.v1.Side;
const PS = tranche.execution.v1.ParentState;
const CS = tranche.execution.v1.ChildState;

type DomainSide = 'BUY' | 'SELL';

/** Map between the wire enum and the domain's spelling; an unspecified side is a bad request, never a default. */
export function sideFromWire(side: tranche.common.v1.Side | null | undefined): DomainSide | undefined {
  if (side === S.SIDE_BUY) return 'BUY';
  if (side === S.SIDE_SELL) return 'SELL';
  return undefined;
}

export function sideToWire(side: DomainSide): tranche.common.v1.Side {
  return side === 'BUY' ? S.SIDE_BUY : S.SIDE_SELL;
}

const parentStates = {
  INITIALIZED: PS.PARENT_STATE_INITIALIZED,
  ACTIVE: PS.PARENT_STATE_ACTIVE,
  PAUSED: PS.PARENT_STATE_PAUSED,
  EXECUTING: PS.PARENT_STATE_EXECUTING,
  FILLED: PS.PARENT_STATE_FILLED,
  ADJUSTING: PS.PARENT_STATE_ADJUSTING,
  COMPLETE: PS.PARENT_STATE_COMPLETE,
  CANCELLED: PS.PARENT_STATE_CANCELLED,
  FAILED: PS.PARENT_STATE_FAILED,
} as const;
export type DomainParentState = keyof typeof parentStates;

export function parentStateToWire(s: DomainParentState): tranche.execution.v1.ParentState {
  return parentStates[s];
}
export function parentStateFromWire(s: tranche.execution.v1.ParentState): DomainParentState | undefined {
  return (Object.keys(parentStates) as DomainParentState[]).find((k) => parentStates[k] === s);
}

const childStates = {
  PendingNew: CS.CHILD_STATE_PENDING_NEW,
  New: CS.CHILD_STATE_NEW,
  PartiallyFilled: CS.CHILD_STATE_PARTIALLY_FILLED,
  Filled: CS.CHILD_STATE_FILLED,
  Cancelled: CS.CHILD_STATE_CANCELLED,
  Rejected: CS.CHILD_STATE_REJECTED,
  Denied: CS.CHILD_STATE_DENIED,
} as const;
export type DomainChildState = keyof typeof childStates;

export function childStateToWire(s: DomainChildState): tranche.execution.v1.ChildState {
  return childStates[s];
}
export function childStateFromWire(s: tranche.execution.v1.ChildState): DomainChildState | undefined {
  return (Object.keys(childStates) as DomainChildState[]).find((k) => childStates[k] === s);
}

const AL = tranche.execution.v1.Algorithm;
const algorithms = {
  TWAP: AL.ALGORITHM_TWAP,
  VWAP: AL.ALGORITHM_VWAP,
  IS: AL.ALGORITHM_IS,
  POV: AL.ALGORITHM_POV,
  ADAPTIVE: AL.ALGORITHM_ADAPTIVE,
} as const;
export type DomainAlgorithm = keyof typeof algorithms;

export function algorithmToWire(a: DomainAlgorithm): tranche.execution.v1.Algorithm {
  return algorithms[a];
}
/** Unspecified is undefined: the caller decides the default, the wire never does. */
export function algorithmFromWire(
  a: tranche.execution.v1.Algorithm | null | undefined,
): DomainAlgorithm | undefined {
  return (Object.keys(algorithms) as DomainAlgorithm[]).find((k) => algorithms[k] === a);
}
