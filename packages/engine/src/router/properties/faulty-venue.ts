import type { execution } from '@tranche/contracts';
import { Dec, mulberry32, type InstrumentRules } from '@tranche/execution-core';
import type { PaperVenue } from '../../adapters/paper-venue.js';
import {
  VenueAmbiguousError,
  VenueRejectedError,
  type VenueFill,
  type VenueListener,
  type VenueOrderRequest,
  type VenueOrderStatus,
  type VenueOrderUpdate,
  type VenuePort,
} from '../../ports/index.js';
import { parentIdOf } from '../ids.js';
import { WELL_BEHAVED, type CancelFault, type ChildFaults, type SubmitFault } from './scenario.js';
import { turn } from './scripted-dependencies.js';
import type { SteppedClock } from './stepped-clock.js';

/** One order as the venue holds it: the ground truth the router's own records are checked against. */
export interface LedgerOrder {
  request: VenueOrderRequest;
  venueOrderId: string;
  /** Virtual time at which the venue accepted it. */
  acceptedAtMs: number;
  status: VenueOrderStatus;
  cumExecQty: string;
  fills: VenueFill[];
  faults: ChildFaults;
  /** The paper venue has said how the order met the book (traded, rests, or was refused). */
  outcomeKnown: boolean;
  /** The touch the paper venue traded a marketable order at. */
  touchPrice?: string;
  cancelCalls: number;
}

/** One send attempt, whatever became of it. */
export interface SubmitRecord {
  orderLinkId: string;
  attempt: number;
  atMs: number;
  fault: SubmitFault;
  /** The risk verdict id the store held for this child when the attempt reached the venue's door. */
  storedVerdictId: string | undefined;
  reachedVenue: boolean;
}

export interface CancelRecord {
  orderLinkId: string;
  atMs: number;
  fault: CancelFault;
}

type Report = { fill: VenueFill } | { update: VenueOrderUpdate };

/** Reports held back until the router cancels or looks the order up, or until time has moved past `release`. */
interface Held {
  orderLinkId: string;
  release: 'on-request' | number;
  open: () => void;
}

const LIVE: ReadonlySet<VenueOrderStatus> = new Set(['New', 'PartiallyFilled']);
const TAKER_FEE = '0.00055';
const MAKER_FEE = '0.0002';

export const isLive = (o: LedgerOrder): boolean => LIVE.has(o.status);

/**
 * The paper venue behind a layer that misbehaves as real venues do, child by child as the scenario
 * says: sends refused or lost (before or after the venue took the order), executions reported in
 * pieces, late, twice or out of order, marketable orders only partly filled, resting orders filling
 * while they rest or just as they are cancelled, and cancels that fail.
 *
 * The paper venue decides whether an order trades and at what price; this layer decides how much
 * trades and how it is reported, and keeps the ledger the router is judged against.
 */
export class FaultyVenue implements VenuePort {
  readonly ledger = new Map<string, LedgerOrder>();
  readonly submits: SubmitRecord[] = [];
  readonly cancels: CancelRecord[] = [];
  /** Every acceptance, in order: an orderLinkId appearing twice would be a duplicate order. */
  readonly accepted: string[] = [];
  private readonly listeners: VenueListener[] = [];
  private readonly childIndex = new Map<string, number>();
  private held: Held[] = [];
  /** Batches of reports not yet fully delivered, held ones included. */
  private inFlight = 0;
  /** Per order, when its reports so far have all been delivered (in-order streams only). */
  private readonly delivered = new Map<string, Promise<void>>();
  private execSeq = 0;
  private inner!: PaperVenue;
  private store!: { getChildren(parentId: string): Promise<execution.ChildOrder[]> };

  constructor(
    private readonly faults: readonly ChildFaults[],
    private readonly clock: SteppedClock,
    private readonly rules: ReadonlyMap<string, InstrumentRules>,
    /**
     * 'independent': like Bybit's separate order and execution streams, a later report on an order
     * (its cancel, say) can overtake earlier ones still in flight. 'in-order': each order's reports
     * arrive in the order the venue produced them.
     */
    private readonly streams: 'independent' | 'in-order' = 'independent',
  ) {
    clock.onAdvance((now) => this.open((h) => h.release !== 'on-request' && h.release < now));
  }

  /** The paper venue and the router's store exist only once the system is built around this venue. */
  attach(inner: PaperVenue, store: { getChildren(parentId: string): Promise<execution.ChildOrder[]> }): void {
    this.inner = inner;
    this.store = store;
    inner.subscribe({
      onFill: (f) => {
        const o = this.ledger.get(f.orderLinkId);
        if (o && !o.outcomeKnown) o.touchPrice = f.price;
      },
      onOrderUpdate: (u) => {
        const o = this.ledger.get(u.orderLinkId);
        // Only the paper venue's first word on an order counts; what follows is this layer's to say.
        if (!o || o.outcomeKnown) return;
        o.outcomeKnown = true;
        this.onOutcome(o, u);
      },
    });
  }

  instrument(symbol: string): Promise<InstrumentRules> {
    return this.inner.instrument(symbol);
  }

  subscribe(listener: VenueListener): void {
    this.listeners.push(listener);
  }

  async submit(order: VenueOrderRequest): Promise<{ venueOrderId: string }> {
    const faults = this.faultsFor(order.orderLinkId);
    const attempt = this.submits.filter((s) => s.orderLinkId === order.orderLinkId).length + 1;
    const fault = faults.submits[attempt - 1] ?? 'ok';
    const record: SubmitRecord = {
      orderLinkId: order.orderLinkId,
      attempt,
      atMs: this.clock.now(),
      fault,
      storedVerdictId: await this.storedVerdict(order.orderLinkId),
      reachedVenue: false,
    };
    this.submits.push(record);
    if (fault === 'reject') throw new VenueRejectedError('110007', 'ab not enough for new order');
    if (fault === 'lost-before-venue')
      throw new VenueAmbiguousError('request timed out: the venue may or may not have the order');
    // In the ledger before the paper venue can report on it.
    const pending: LedgerOrder = {
      request: { ...order },
      venueOrderId: '',
      acceptedAtMs: this.clock.now(),
      status: 'New',
      cumExecQty: '0',
      fills: [],
      faults,
      outcomeKnown: false,
      cancelCalls: 0,
    };
    const earlier = this.ledger.get(order.orderLinkId);
    if (!earlier) this.ledger.set(order.orderLinkId, pending);
    let ack: { venueOrderId: string };
    try {
      ack = await this.inner.submit(order);
    } catch (err) {
      if (!earlier) this.ledger.delete(order.orderLinkId);
      throw err;
    }
    pending.venueOrderId = ack.venueOrderId;
    record.reachedVenue = true;
    this.accepted.push(order.orderLinkId);
    if (fault === 'lost-after-venue')
      throw new VenueAmbiguousError('response lost: the venue may or may not have the order');
    for (let i = 0; i < faults.ackTurns; i++) await turn();
    return ack;
  }

  async cancel(_symbol: string, orderLinkId: string): Promise<void> {
    const o = this.ledger.get(orderLinkId);
    const fault = o ? (o.faults.cancels[o.cancelCalls++] ?? 'ok') : 'ok';
    this.cancels.push({ orderLinkId, atMs: this.clock.now(), fault });
    this.releaseOnRequest(orderLinkId);
    if (fault === 'fail') throw new VenueAmbiguousError('cancel request timed out');
    if (!o || !isLive(o)) {
      if (fault === 'lost') throw new VenueAmbiguousError('cancel response lost');
      return;
    }
    // Whatever the paper venue would still have said about this order comes too late now.
    o.outcomeKnown = true;
    const reports: Report[] = [];
    if (fault === 'fill-first' && o.request.timeInForce !== 'IOC' && o.request.timeInForce !== 'FOK') {
      // The book reached the resting order just before the cancel did.
      const fills = this.execute(o, this.remainingOf(o), o.request.price ?? o.touchPrice ?? '0', true);
      if (!isLive(o)) {
        this.send(o, [...fills, ...this.statusReports(o)]);
        throw new VenueRejectedError('110001', 'order does not exist or is too late to cancel');
      }
      reports.push(...fills);
    }
    o.status = 'Cancelled';
    // The cancel is acknowledged first; a fill that beat it is reported after it.
    this.send(o, [{ update: this.updateOf(o) }, ...reports]);
    if (fault === 'lost') throw new VenueAmbiguousError('cancel response lost');
  }

  async query(_symbol: string, orderLinkId: string) {
    this.releaseOnRequest(orderLinkId);
    const o = this.ledger.get(orderLinkId);
    if (!o) return undefined;
    return { ...this.updateOf(o), fills: o.fills.map((f) => ({ ...f })) };
  }

  /** Deliver everything held back and wait until every report has reached the router. */
  async settle(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      this.open(() => true);
      while (this.inFlight > 0) {
        this.open(() => true);
        await turn();
      }
      // The router applies each report through a chain of awaits: let it finish.
      for (let i = 0; i < 20; i++) await turn();
      if (this.held.length === 0 && this.inFlight === 0) return;
    }
    throw new Error('the venue kept producing reports while settling');
  }

  /** Orders of one parent, in the order the venue accepted them. */
  ordersOf(parentId: string): LedgerOrder[] {
    return [...this.ledger.values()]
      .filter((o) => parentIdOf(o.request.orderLinkId) === parentId && o.venueOrderId !== '')
      .sort((a, b) => a.acceptedAtMs - b.acceptedAtMs);
  }

  private faultsFor(orderLinkId: string): ChildFaults {
    let n = this.childIndex.get(orderLinkId);
    if (n === undefined) this.childIndex.set(orderLinkId, (n = this.childIndex.size));
    return this.faults[n] ?? WELL_BEHAVED;
  }

  private async storedVerdict(orderLinkId: string): Promise<string | undefined> {
    const children = await this.store.getChildren(parentIdOf(orderLinkId));
    return children.find((c) => c.childId === orderLinkId)?.riskVerdictId;
  }

  private remainingOf(o: LedgerOrder): Dec {
    return new Dec(o.request.qty).minus(o.cumExecQty);
  }

  /** How the order met the book, as the paper venue decided; how much trades is this layer's choice. */
  private onOutcome(o: LedgerOrder, u: VenueOrderUpdate): void {
    if (u.status === 'Filled' && o.touchPrice !== undefined) {
      const qty = this.share(o, o.faults.executes);
      const fills = this.execute(o, qty, o.touchPrice, false);
      // A marketable order (IOC) that could not trade in full has its remainder expire.
      if (isLive(o)) o.status = 'Cancelled';
      this.send(o, [...fills, ...this.statusReports(o)]);
      return;
    }
    if (u.status === 'New') {
      const reports: Report[] = [{ update: this.updateOf(o) }];
      const qty = this.share(o, o.faults.restingFill);
      if (qty.gt(0)) {
        reports.push(...this.execute(o, qty, o.request.price ?? '0', true));
        reports.push(...this.statusReports(o));
      }
      this.send(o, reports);
      return;
    }
    o.status = u.status;
    this.send(o, [
      { update: { ...this.updateOf(o), ...(u.rejectReason ? { rejectReason: u.rejectReason } : {}) } },
    ]);
  }

  /** All, about half (on the lot step) or none of what is left of the order. */
  private share(o: LedgerOrder, how: 'all' | 'part' | 'none'): Dec {
    const left = this.remainingOf(o);
    if (how === 'all') return left;
    if (how === 'none') return new Dec(0);
    const step = new Dec(this.rules.get(o.request.symbol)?.qtyStep ?? '1');
    return left.div(step).div(2).floor().times(step);
  }

  /** Trade qty of the order now, as `pieces` executions; the ledger changes at once, reports follow. */
  private execute(o: LedgerOrder, qty: Dec, price: string, isMaker: boolean): Report[] {
    if (qty.lte(0)) return [];
    const step = new Dec(this.rules.get(o.request.symbol)?.qtyStep ?? '1');
    const units = qty.div(step).floor().toNumber();
    const pieces = Math.max(1, Math.min(o.faults.pieces, units));
    const reports: Report[] = [];
    let done = new Dec(0);
    for (let k = 0; k < pieces; k++) {
      const part = k === pieces - 1 ? qty.minus(done) : new Dec(Math.floor(units / pieces)).times(step);
      done = done.plus(part);
      const fill: VenueFill = {
        execId: `${o.venueOrderId}-x${++this.execSeq}`,
        orderLinkId: o.request.orderLinkId,
        symbol: o.request.symbol,
        price,
        qty: part.toFixed(),
        fee: new Dec(price)
          .times(part)
          .times(isMaker ? MAKER_FEE : TAKER_FEE)
          .toFixed(8),
        isMaker,
        tsMs: this.clock.now(),
      };
      o.fills.push(fill);
      o.cumExecQty = new Dec(o.cumExecQty).plus(part).toFixed();
      o.status = this.remainingOf(o).lte(0) ? 'Filled' : 'PartiallyFilled';
      reports.push({ fill: { ...fill } });
      if (k < pieces - 1) reports.push({ update: this.updateOf(o) });
    }
    return reports;
  }

  private statusReports(o: LedgerOrder): Report[] {
    return [{ update: this.updateOf(o) }];
  }

  private updateOf(o: LedgerOrder): VenueOrderUpdate {
    return {
      orderLinkId: o.request.orderLinkId,
      venueOrderId: o.venueOrderId,
      symbol: o.request.symbol,
      status: o.status,
      cumExecQty: o.cumExecQty,
    };
  }

  /** Reorder and duplicate an order's reports as its faults say, then deliver or hold them. */
  private send(o: LedgerOrder, reports: Report[]): void {
    if (reports.length === 0) return;
    let out = reports;
    const order = o.faults.order;
    if (order === 'status-first')
      out = [...reports.filter((r) => 'update' in r), ...reports.filter((r) => 'fill' in r)];
    else if (order !== 'venue') {
      const rand = mulberry32(order.shuffle);
      out = [...reports];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
    }
    // A replay of the whole batch, as after a reconnect of the venue's stream.
    if (o.faults.duplicated) out = [...out, ...out];
    const id = o.request.orderLinkId;
    switch (o.faults.delivery) {
      case 'prompt':
        return this.deliver(id, out, 1);
      case 'turns':
        return this.deliver(id, out, 5);
      case 'after-cancel':
        return this.deliver(id, out, 1, 'on-request');
      case 'next-slice':
        return this.deliver(id, out, 1, this.clock.now());
    }
  }

  /** Open the gates of the held reports that `due` picks. */
  private open(due: (h: Held) => boolean): void {
    const opened = this.held.filter(due);
    if (opened.length === 0) return;
    this.held = this.held.filter((h) => !opened.includes(h));
    for (const h of opened) h.open();
  }

  private releaseOnRequest(orderLinkId: string): void {
    // Delivered after the request has been answered, as a report racing the answer would be.
    this.open((h) => h.release === 'on-request' && h.orderLinkId === orderLinkId);
  }

  /**
   * Each report in its own turn of the event loop, in order, `turnsFirst` turns after the batch may
   * go: at once, or once its hold is released. On in-order streams a batch also waits for the
   * order's earlier batches.
   */
  private deliver(orderLinkId: string, reports: Report[], turnsFirst: number, hold?: Held['release']): void {
    this.inFlight++;
    const gate =
      hold === undefined
        ? Promise.resolve()
        : new Promise<void>((open) => this.held.push({ orderLinkId, release: hold, open }));
    const after =
      this.streams === 'in-order' ? (this.delivered.get(orderLinkId) ?? Promise.resolve()) : undefined;
    const done = Promise.all([gate, after]).then(async () => {
      try {
        for (let i = 0; i < turnsFirst; i++) await turn();
        for (const r of reports) {
          for (const l of this.listeners)
            if ('fill' in r) l.onFill({ ...r.fill });
            else l.onOrderUpdate({ ...r.update });
          await turn();
        }
      } finally {
        this.inFlight--;
      }
    });
    if (after) this.delivered.set(orderLinkId, done);
  }
}
