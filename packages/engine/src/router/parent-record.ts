import { execution, sideFromWire, type DomainParentState } from '@tranche/contracts';
import { Dec, transitionParent, type Side } from '@tranche/execution-core';
import type { ExecutionDeps } from './execution-deps.js';
import { parentState, setParentState } from './wire.js';

/**
 * The parent order as this execution holds it, and the only place its state changes. Fills, venue
 * reports, commands and the slice loop all mutate it, so every change goes through `serial`.
 * Transitions follow execution-core's table: an illegal one throws, and the execution halts the
 * parent with the reason rather than carrying on from a state it cannot be in.
 */
export class ParentRecord {
  readonly side: Side;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: Pick<ExecutionDeps, 'clock' | 'store'>,
    readonly order: execution.ParentOrder,
  ) {
    const side = sideFromWire(order.side);
    if (!side) throw new Error(`parent ${order.parentId} has no side`);
    this.side = side;
  }

  get id(): string {
    return this.order.parentId;
  }

  get state(): DomainParentState {
    return parentState(this.order);
  }

  /** A copy, safe to hand out while this one keeps changing. */
  snapshot(): execution.ParentOrder {
    return execution.ParentOrder.fromObject(execution.ParentOrder.toObject(this.order));
  }

  remaining(): Dec {
    return new Dec(this.order.quantity).minus(this.order.filledQuantity || '0');
  }

  filled(): Dec {
    return new Dec(this.order.filledQuantity || '0');
  }

  /** Serialise state changes: fills, order updates, commands and the slice loop share one parent. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn);
    this.chain = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /**
   * Move to `to` and save. Staying in EXECUTING or FILLED is a real transition in the table (another
   * child, another partial fill); staying in any other state is a no-op. Throws IllegalTransitionError.
   */
  async move(to: DomainParentState, reason: string): Promise<void> {
    const from = this.state;
    if (from === to && to !== 'EXECUTING' && to !== 'FILLED') return;
    transitionParent(from, to);
    setParentState(this.order, to);
    this.order.stateReason = reason;
    this.order.updatedAt = this.deps.clock.now();
    await this.deps.store.saveParent(this.order);
  }

  /** Save a change that is not a state change (an amended deadline, urgency or limit). */
  async save(): Promise<void> {
    this.order.updatedAt = this.deps.clock.now();
    await this.deps.store.saveParent(this.order);
  }

  /**
   * Recount filled quantity and average price from every recorded fill: after a restart the fills
   * are the record, and the parent saved before the last of them may lag behind.
   */
  recount(fills: readonly execution.IFill[]): void {
    this.order.filledQuantity = '0';
    this.order.averagePrice = '';
    for (const f of fills) this.addFill(f.price ?? '0', f.quantity ?? '0');
  }

  /** Add a fill to the parent's filled quantity and volume-weighted average price. */
  addFill(price: string, quantity: string): void {
    const prevFilled = this.filled();
    const newFilled = prevFilled.plus(quantity);
    const prevAvg = new Dec(this.order.averagePrice || '0');
    this.order.averagePrice = prevAvg
      .times(prevFilled)
      .plus(new Dec(price).times(quantity))
      .div(newFilled)
      .toDecimalPlaces(12)
      .toFixed();
    this.order.filledQuantity = newFilled.toFixed();
  }
}
