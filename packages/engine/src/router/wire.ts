import {
  childStateToWire,
  execution,
  parentStateFromWire,
  parentStateToWire,
  type DomainChildState,
  type DomainParentState,
} from '@tranche/contracts';

export function parentState(p: execution.IParentOrder): DomainParentState {
  const s = parentStateFromWire(p.state ?? 0);
  if (!s) throw new Error(`parent ${p.parentId} has no valid state`);
  return s;
}

export function setParentState(p: execution.ParentOrder, s: DomainParentState): void {
  p.state = parentStateToWire(s);
}

export function setChildState(c: execution.ChildOrder, s: DomainChildState): void {
  c.state = childStateToWire(s);
}
