import { execution, sideToWire } from '@tranche/contracts';
import type { EmbeddedSystem } from '@tranche/engine';

export interface ParentRunRequest {
  clientOrderId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  quantity: string;
  horizonMs: number;
  slices: number;
  /** Default TWAP. */
  algorithm?: execution.Algorithm;
  urgency?: number;
}

/** A finished parent order with everything the demo prints about it. */
export interface ParentRun {
  parent: execution.ParentOrder;
  report: execution.ExecutionReport;
  children: execution.ChildOrder[];
  fills: execution.Fill[];
  events: execution.ExecutionEvent[];
}

/** Submit a parent order to an embedded system and wait until it has ended. */
export async function runParentToEnd(sys: EmbeddedSystem, r: ParentRunRequest): Promise<ParentRun> {
  const accepted = await sys.router.submit({
    clientOrderId: r.clientOrderId,
    symbol: r.symbol,
    side: sideToWire(r.side),
    quantity: r.quantity,
    horizonMs: r.horizonMs,
    slices: r.slices,
    algorithm: r.algorithm ?? execution.Algorithm.ALGORITHM_TWAP,
    urgency: r.urgency ?? 0,
  });
  const parentId = accepted.parent!.parentId!;
  const parent = await sys.router.whenDone(parentId);
  const status = await sys.router.get({ parentId });
  return {
    parent,
    report: execution.ExecutionReport.create(status.report ?? {}),
    children: status.children.map((c) => execution.ChildOrder.create(c)),
    fills: status.fills.map((f) => execution.Fill.create(f)),
    events: sys.events.events,
  };
}
