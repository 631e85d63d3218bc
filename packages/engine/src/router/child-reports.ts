import { execution, type DomainChildState } from '@tranche/contracts';
import { applyFill, canTransitionChild, Dec, isTerminalChild } from '@tranche/execution-core';
import type { VenueFill, VenueOrderUpdate } from '../ports/index.js';

import type { Emit, ExecutionDeps } from './execution-deps.js';
import type { ParentRecord } from './parent-record.js';
import { setChildState } from './wire.js';
import { stateOf, type WorkingChild } from './working-child.js';

/**
 * What the venue reports about a parent's children, applied: fills once per exec id (never beyond a
 * child's quantity), status changes through the child transition table, the parent's filled
 * quantity and state, and the event for each change, including the impact each marketable child
 * really cost.
 */
export class ChildReports {
  constructor(
    private readonly deps: ExecutionDeps,
    private readonly parent: ParentRecord,
    private readonly emit: Emit,
    private readonly children: ReadonlyMap<string, WorkingChild>,
    private readonly openCount: () => number,
  ) {}

  onFill(f: VenueFill): Promise<void> {
    return this.parent.serial(async () => {
      const working = this.children.get(f.orderLinkId);
      if (!working) return;
      const domainFill = {
        execId: f.execId,
        childId: f.orderLinkId,
        price: f.price,
        quantity: f.qty,
        fee: f.fee,
        isMaker: f.isMaker,
        tsMs: f.tsMs,
      };
      const { child: next, outcome } = applyFill(working.fills, domainFill);
      if (outcome === 'DUPLICATE') return;
      if (outcome === 'OVERFILL') {
        this.deps.logger.error(
          'fill beyond the child quantity refused; reconcile the position with the venue',
          {
            childId: f.orderLinkId,
            execId: f.execId,
            qty: f.qty,
            filled: working.fills.filledQty,
            quantity: working.fills.quantity,
          },
        );
        return;
      }
      const wireFill = execution.Fill.create({
        execId: f.execId,
        childId: f.orderLinkId,
        parentId: this.parent.id,
        price: f.price,
        quantity: f.qty,
        fee: f.fee,
        isMaker: f.isMaker,
        tsEvent: f.tsMs,
      });
      if (!(await this.deps.store.addFill(wireFill))) return;
      await this.markAccepted(working);
      working.fills = next;
      working.wire.filledQuantity = next.filledQty;
      working.wire.averagePrice = next.avgPrice;
      setChildState(working.wire, next.state);
      await this.deps.store.saveChild(working.wire);

      this.parent.addFill(f.price, f.qty);
      const state = this.parent.state;
      // A fill reaching a parent between children (a late fill after a cancel) or one already
      // ended still counts; only the states that track partial fills move.
      if (state === 'EXECUTING' || state === 'FILLED' || state === 'ACTIVE')
        await this.parent.move(
          'FILLED',
          `filled ${this.parent.order.filledQuantity} of ${this.parent.order.quantity}`,
        );
      else await this.deps.store.saveParent(this.parent.order);
      this.emit({
        childFilled: {
          fill: wireFill,
          childFilledQuantity: next.filledQty,
          parentFilledQuantity: this.parent.order.filledQuantity,
        },
      });
      // A child the venue ended is settled only once every fill it reported executed is here:
      // its Cancelled status can overtake the fills.
      if (isTerminalChild(next.state) && new Dec(next.filledQty).gte(working.venueCumQty || '0'))
        await this.afterChildEnded(working);
    });
  }

  onOrderUpdate(u: VenueOrderUpdate): Promise<void> {
    return this.parent.serial(async () => {
      const working = this.children.get(u.orderLinkId);
      if (!working) return;
      working.wire.venueOrderId = u.venueOrderId || working.wire.venueOrderId;
      working.venueCumQty = u.cumExecQty;
      if (u.status === 'New' || u.status === 'Cancelled' || u.status === 'PartiallyFilled')
        await this.markAccepted(working);
      const current = stateOf(working);
      // Filled is taken from the fills themselves (each has an exec id); the status alone moves nothing.
      const target: DomainChildState | undefined =
        u.status === 'New'
          ? 'New'
          : u.status === 'Cancelled'
            ? 'Cancelled'
            : u.status === 'Rejected'
              ? 'Rejected'
              : undefined;
      if (target && target !== current && canTransitionChild(current, target)) {
        await this.moveChild(working, target);
        if (target === 'Rejected')
          this.emit({
            childRejected: { child: working.wire, reason: u.rejectReason ?? 'rejected by venue' },
          });
        if (target === 'Cancelled') this.emitCancelled(working, u);
      }
      if (isTerminalChild(stateOf(working)) && new Dec(working.fills.filledQty).gte(u.cumExecQty || '0'))
        await this.afterChildEnded(working);
    });
  }

  /**
   * The first sign the venue has the order (its ack, a status, a fill) makes it accepted, once:
   * a child still PendingNew becomes New, so the event shows the state it announces.
   */
  async markAccepted(working: WorkingChild): Promise<void> {
    if (working.accepted) return;
    working.accepted = true;
    if (stateOf(working) === 'PendingNew') await this.moveChild(working, 'New');
    this.emit({ childAccepted: { child: working.wire } });
  }

  /**
   * A cancelled child is an event with its reason. The venue cancelling an IOC remainder on its own
   * is that order type working as designed, so it is an expiry; anything else it cancels by itself
   * (a PostOnly order that would have taken liquidity) says why in the venue's own words.
   */
  private emitCancelled(working: WorkingChild, u: VenueOrderUpdate): void {
    const child = working.wire;
    const quantity = new Dec(child.quantity);
    const unfilled = quantity.minus(working.fills.filledQty || '0').toFixed();
    if (working.cancelReason !== undefined) {
      this.emit({ childCancelled: { child, reason: working.cancelReason, byVenue: false } });
    } else if (child.timeInForce === 'IOC' || child.timeInForce === 'FOK') {
      this.emit({
        childExpired: {
          child,
          reason: `${child.timeInForce} remainder ${unfilled} of ${quantity.toFixed()} not filled at once`,
        },
      });
    } else {
      this.emit({
        childCancelled: { child, reason: u.rejectReason ?? 'cancelled by the venue', byVenue: true },
      });
    }
  }

  /**
   * Once a marketable child has ended with fills, what it cost against the mid it was priced from,
   * next to what the model predicted: the impact service recalibrates from these. Resting children
   * are left out: they earn the spread rather than pay impact, and would drag the models down.
   */
  private observeImpact(working: WorkingChild): void {
    const ctx = working.impact;
    const filled = new Dec(working.fills.filledQty || '0');
    if (working.wire.timeInForce !== 'IOC' && working.wire.timeInForce !== 'FOK') return;
    if (!ctx || working.observed || filled.lte(0) || !(Number(ctx.decisionMid) > 0)) return;
    working.observed = true;
    const sign = this.parent.side === 'BUY' ? 1 : -1;
    const realisedBps = sign * (Number(working.fills.avgPrice) / Number(ctx.decisionMid) - 1) * 1e4;
    this.emit({
      impactObserved: {
        childId: working.wire.childId,
        symbol: working.wire.symbol,
        side: working.wire.side,
        filledQuantity: filled.toFixed(),
        averagePrice: working.fills.avgPrice,
        decisionMid: ctx.decisionMid,
        predictedBps: ctx.predictedBps,
        realisedBps,
        model: ctx.model,
        dailyVolume: ctx.dailyVolume,
        dailyVolatility: ctx.dailyVolatility,
        spreadBps: ctx.spreadBps,
        bookWalkBps: ctx.bookWalkBps,
      },
    });
  }

  async moveChild(working: WorkingChild, to: DomainChildState): Promise<void> {
    setChildState(working.wire, to);
    working.fills = { ...working.fills, state: to };
    await this.deps.store.saveChild(working.wire);
  }

  /** Called inside serial(): settle the parent's state once a child can trade no more. */
  async afterChildEnded(working: WorkingChild): Promise<void> {
    working.done();
    this.observeImpact(working);
    if (this.openCount() === 0 && this.parent.state === 'EXECUTING')
      await this.parent.move(this.parent.filled().gt(0) ? 'FILLED' : 'ACTIVE', 'between slices');
  }
}
