import { execution } from '@tranche/contracts';

/** What the advisor reads of a parent from its router, off the critical path. */
export interface ParentView {
  /** Still working: pending, executing, between slices, adjusting or paused. */
  active: boolean;
  arrivalPrice?: string;
  startMs?: number;
  deadlineMs?: number;
  slices?: number;
  filled: string;
  averagePrice?: string;
  /** Implementation shortfall so far, bps, positive = cost; undefined before any fill. */
  isBps?: number;
  children: Array<{
    sliceIndex: number;
    quantity: string;
    filled: string;
    averagePrice: string;
    state: string;
  }>;
}

/** A parent's view by id; undefined when the router does not know it or cannot answer in time. */
export interface ParentSource {
  view(parentId: string): Promise<ParentView | undefined>;
}

const DONE: ReadonlySet<number> = new Set([
  execution.ParentState.PARENT_STATE_COMPLETE,
  execution.ParentState.PARENT_STATE_CANCELLED,
  execution.ParentState.PARENT_STATE_FAILED,
]);

export function parentViewFromWire(r: execution.IGetParentOrderResponse): ParentView | undefined {
  const p = r.parent;
  if (!p?.parentId) return undefined;
  const filled = p.filledQuantity || '0';
  const anyFill = Number(filled) > 0;
  const opt = <T>(v: T | null | undefined, keep: (x: T) => boolean): T | undefined =>
    v !== null && v !== undefined && keep(v) ? v : undefined;
  return {
    active: !DONE.has(p.state ?? 0),
    arrivalPrice: opt(p.arrivalPrice, (x) => x !== ''),
    startMs: opt(Number(p.startTime ?? 0), (x) => x > 0),
    deadlineMs: opt(Number(p.deadline ?? 0), (x) => x > 0),
    slices: opt(p.slices ?? 0, (x) => x > 0),
    filled,
    averagePrice: anyFill ? opt(p.averagePrice, (x) => x !== '') : undefined,
    isBps: anyFill ? (r.report?.implementationShortfallBps ?? undefined) : undefined,
    children: (r.children ?? []).map((c) => ({
      sliceIndex: c.sliceIndex ?? 0,
      quantity: c.quantity || '0',
      filled: c.filledQuantity || '0',
      averagePrice: c.averagePrice || '',
      state: (execution.ChildState[c.state ?? 0] ?? '').replace('CHILD_STATE_', ''),
    })),
  };
}
