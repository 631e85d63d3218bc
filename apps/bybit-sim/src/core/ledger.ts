/**
 * Append-only record of every order action and fill the venue performed. It is kept apart from
 * the venue's live state on purpose: the consistency checks recompute each order's filled
 * quantity from the fills alone, so a bookkeeping bug in the matching code shows up here.
 */
export interface LedgerOrderRecord {
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: string;
  orderType: string;
  timeInForce: string;
  price: string;
  qty: string;
  /** Quantity in integer lots (qtyStep units). */
  qtyLots: number;
  createdTime: number;
  /** Every status the order went through, in order. */
  statuses: LedgerStatus[];
  via: 'rest' | 'ws';
  /** The API key that placed the order (absent for orders placed on the core directly). */
  apiKey?: string;
  amends?: number;
  lastAmendTime?: number;
}

export interface LedgerStatus {
  status: string;
  ts: number;
  cumExecQty: string;
  rejectReason?: string;
  /** Who cancelled it (Bybit's cancelType, e.g. `CancelByUser`, `CancelByDCP`), when known. */
  cancelType?: string;
}

export interface LedgerFillRecord {
  execId: string;
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: string;
  execPrice: string;
  execQty: string;
  execLots: number;
  execFee: string;
  isMaker: boolean;
  execTime: number;
}

export interface LedgerRejection {
  ts: number;
  op: string;
  retCode: number;
  retMsg: string;
  orderLinkId?: string;
}

export interface LedgerViolation {
  kind:
    'overfill' | 'fill-sum-mismatch' | 'duplicate-exec-id' | 'duplicate-order-link-id' | 'fill-without-order';
  detail: string;
}

export interface LedgerSnapshot {
  orders: LedgerOrderRecord[];
  fills: LedgerFillRecord[];
  rejections: LedgerRejection[];
  violations: LedgerViolation[];
}

export class Ledger {
  private readonly orders = new Map<string, LedgerOrderRecord>();
  private readonly fills: LedgerFillRecord[] = [];
  private readonly rejections: LedgerRejection[] = [];

  recordOrder(rec: Omit<LedgerOrderRecord, 'statuses'>): void {
    this.orders.set(rec.orderId, { ...rec, statuses: [] });
  }

  recordStatus(
    orderId: string,
    status: string,
    ts: number,
    cumExecQty: string,
    rejectReason?: string,
    cancelType?: string,
  ): void {
    const o = this.orders.get(orderId);
    if (!o) return;
    const last = o.statuses[o.statuses.length - 1];
    if (last && last.status === status && last.cumExecQty === cumExecQty) return;
    const entry: LedgerStatus = { status, ts, cumExecQty };
    if (rejectReason) entry.rejectReason = rejectReason;
    // UNKNOWN is Bybit's value for orders the time in force ended, not a cancel by anyone.
    if (status === 'Cancelled' && cancelType && cancelType !== 'UNKNOWN') entry.cancelType = cancelType;
    o.statuses.push(entry);
  }

  /** Amends change the size the overfill check compares against. */
  recordAmend(orderId: string, qty: string, qtyLots: number, price: string, ts: number): void {
    const o = this.orders.get(orderId);
    if (!o) return;
    o.qty = qty;
    o.qtyLots = qtyLots;
    o.price = price;
    o.amends = (o.amends ?? 0) + 1;
    o.lastAmendTime = ts;
  }

  recordFill(fill: LedgerFillRecord): void {
    this.fills.push(fill);
  }

  recordRejection(r: LedgerRejection): void {
    this.rejections.push(r);
  }

  get fillCount(): number {
    return this.fills.length;
  }

  violations(): LedgerViolation[] {
    const out: LedgerViolation[] = [];
    const seenExec = new Set<string>();
    const lotsByOrder = new Map<string, number>();
    for (const f of this.fills) {
      if (seenExec.has(f.execId)) out.push({ kind: 'duplicate-exec-id', detail: f.execId });
      seenExec.add(f.execId);
      if (!this.orders.has(f.orderId)) out.push({ kind: 'fill-without-order', detail: f.execId });
      lotsByOrder.set(f.orderId, (lotsByOrder.get(f.orderId) ?? 0) + f.execLots);
    }
    const seenLink = new Set<string>();
    for (const o of this.orders.values()) {
      if (o.orderLinkId) {
        if (seenLink.has(o.orderLinkId)) out.push({ kind: 'duplicate-order-link-id', detail: o.orderLinkId });
        seenLink.add(o.orderLinkId);
      }
      const filled = lotsByOrder.get(o.orderId) ?? 0;
      if (filled > o.qtyLots) {
        out.push({ kind: 'overfill', detail: `${o.orderId}: filled ${filled} lots of ${o.qtyLots}` });
      }
      const last = o.statuses[o.statuses.length - 1];
      if (last && Number(last.cumExecQty) > 0 && filled === 0) {
        out.push({
          kind: 'fill-sum-mismatch',
          detail: `${o.orderId}: status says filled, no fills recorded`,
        });
      }
    }
    return out;
  }

  snapshot(): LedgerSnapshot {
    return {
      orders: [...this.orders.values()],
      fills: [...this.fills],
      rejections: [...this.rejections],
      violations: this.violations(),
    };
  }
}
