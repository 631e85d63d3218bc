import { childStateFromWire, type execution } from '@tranche/contracts';
import { Dec, isTerminalChild } from '@tranche/execution-core';
import {
  VenueAmbiguousError,
  VenueRejectedError,
  type VenueFill,
  type VenueOrderRequest,
  type VenueOrderUpdate,
} from '../ports/index.js';
import { ChildReports } from './child-reports.js';
import { wallTime, type Emit, type ExecutionDeps } from './execution-deps.js';
import type { ParentRecord } from './parent-record.js';
import type { SlicePlan } from './slice-plan.js';
import { stateOf, type ImpactContext, type WorkingChild } from './working-child.js';

export type { ImpactContext } from './working-child.js';

/**
 * A parent's child orders at the venue: sending (persisted first, ambiguous results looked up by
 * orderLinkId before any retry, under the same id), the venue's reports (fills once per exec id,
 * status changes), cancels, and the events that record each child's every state change.
 */
export class ChildOrders {
  private readonly children = new Map<string, WorkingChild>();
  private readonly reports: ChildReports;

  constructor(
    private readonly deps: ExecutionDeps,
    private readonly parent: ParentRecord,
    private readonly emit: Emit,
  ) {
    this.reports = new ChildReports(deps, parent, emit, this.children, () => this.open().length);
  }

  get count(): number {
    return this.children.size;
  }

  /**
   * Take over a child this parent sent before (from the store, after a restart or a takeover), with
   * the fills recorded for it. A child that had not ended is settled by `settleAdopted`.
   */
  adopt(wire: execution.ChildOrder, fills: readonly execution.IFill[]): void {
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    let filled = new Dec(0);
    let notional = new Dec(0);
    for (const f of fills) {
      filled = filled.plus(f.quantity ?? '0');
      notional = notional.plus(new Dec(f.price ?? '0').times(f.quantity ?? '0'));
    }
    const state = childStateFromWire(wire.state) ?? 'PendingNew';
    const working: WorkingChild = {
      wire,
      fills: {
        childId: wire.childId,
        quantity: wire.quantity,
        filledQty: filled.toFixed(),
        avgPrice: filled.gt(0) ? notional.div(filled).toFixed() : '0',
        state,
        execIds: fills.map((f) => f.execId ?? ''),
      },
      venueCumQty: filled.toFixed(),
      accepted: state !== 'PendingNew',
      observed: true,
      done,
      finished,
    };
    this.children.set(wire.childId, working);
    if (isTerminalChild(state)) done();
  }

  /**
   * Settle adopted children that had not ended: each is looked up at the venue by its orderLinkId
   * (its fills and status applied, each fill once); one the venue never received was never sent and
   * ends Rejected with that reason; one still open there is cancelled, since its slice was planned by
   * a router that is gone. Returns how many were still open.
   */
  async settleAdopted(reason: string): Promise<number> {
    const open = this.open();
    for (const c of open) {
      // A failed look-up is retried: a child given up as never sent must really be unknown there.
      // Only a child the venue says it has never seen was never sent; one that could not be looked up
      // is treated as working: it is cancelled by its orderLinkId below, whatever it turns out to be.
      if ((await this.lookUp(c, 3)) !== 'absent' || stateOf(c) !== 'PendingNew') continue;
      // A send still on the wire when its router died could yet land: cancel the id all the same.
      await this.cancelOnce(c);
      await this.parent.serial(async () => {
        await this.reports.moveChild(c, 'Rejected');
        this.emit({
          childRejected: {
            child: c.wire,
            reason: 'never reached the venue: its router stopped before sending it',
          },
        });
        await this.reports.afterChildEnded(c);
      });
    }
    const still = this.open().length;
    if (still > 0) await this.cancelAll(reason);
    return still;
  }

  /** Children still working at the venue (or not yet known to be done). */
  get working(): number {
    return this.open().length;
  }

  owns(childId: string): boolean {
    return this.children.has(childId);
  }

  createdSince(ms: number): number {
    return [...this.children.values()].filter((c) => Number(c.wire.createdAt) > ms).length;
  }

  private open(): WorkingChild[] {
    return [...this.children.values()].filter((c) => !isTerminalChild(stateOf(c)));
  }

  /**
   * Send a child (already risk-checked) and wait until it is done, but never past `restUntilMs` for
   * a resting order: one still working then is cancelled and looked up.
   */
  async sendAndAwait(
    wire: execution.ChildOrder,
    plan: SlicePlan,
    impact: ImpactContext | undefined,
    restUntilMs: number | undefined,
    abort: AbortSignal,
  ) {
    const { store, clock, config } = this.deps;
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const working: WorkingChild = {
      wire,
      fills: {
        childId: wire.childId,
        quantity: wire.quantity,
        filledQty: '0',
        avgPrice: '0',
        state: 'PendingNew',
        execIds: [],
      },
      venueCumQty: '0',
      accepted: false,
      observed: false,
      ...(impact ? { impact } : {}),
      done,
      finished,
    };
    this.children.set(wire.childId, working);
    // Persisted before it leaves the process: after a crash the id is known and can be looked up at the venue.
    await store.saveChild(wire);
    await this.parent.serial(() => this.parent.move('EXECUTING', `child ${wire.childId} working`));

    const request: VenueOrderRequest = {
      symbol: wire.symbol,
      side: this.parent.side === 'BUY' ? 'Buy' : 'Sell',
      orderType: plan.orderType,
      qty: wire.quantity,
      price: plan.price,
      timeInForce: plan.timeInForce,
      orderLinkId: wire.childId,
    };
    // "Submitted" means sent: it precedes any fill or rejection, whichever the venue reports first.
    this.emit({ childSubmitted: { child: wire } });
    const outcome = await this.send(working, request);
    if (outcome !== 'accepted') {
      await this.parent.serial(async () => {
        await this.reports.moveChild(working, 'Rejected');
        this.emit({ childRejected: { child: wire, reason: outcome.reason } });
        await this.reports.afterChildEnded(working);
      });
      return;
    }
    if (plan.timeInForce === 'PostOnly' && restUntilMs !== undefined) {
      // A resting order works in market time, until the next slice.
      await Promise.race([finished, clock.sleep(Math.max(0, restUntilMs - clock.now()), abort)]);
    } else {
      // A taking order ends at once at the venue; its report is awaited in wall time whatever the
      // clock, so a virtual or simulated clock is not pushed forward while a message is in flight.
      await Promise.race([finished, wallTime(config.venueReportTimeoutMs)]);
    }
    if (!isTerminalChild(stateOf(working)))
      await this.cancelUntilEnded(
        working,
        plan.timeInForce === 'PostOnly'
          ? 'resting order unfilled at the next slice'
          : 'no final report from the venue in time',
      );
    // Ended with more executed than has reached us: look the rest up before the next slice sizes.
    if (this.unsettled(working)) await this.reconcile(working);
  }

  /**
   * One cancel, retried while the venue sheds it for its rate limit: the venue says when its window
   * resets (Bybit allows 10 cancels a second per key), which is far sooner than a report timeout, and
   * a child left working meanwhile can still trade. True when the venue took the cancel.
   */
  private async cancelOnce(c: WorkingChild): Promise<boolean> {
    const deadline = Date.now() + this.deps.config.venueReportTimeoutMs;
    for (;;) {
      try {
        await this.deps.venue.cancel(c.wire.symbol, c.wire.childId);
        return true;
      } catch (err) {
        const wait = err instanceof VenueAmbiguousError ? err.retryAfterMs : undefined;
        if (wait === undefined || Date.now() + wait > deadline || isTerminalChild(stateOf(c))) {
          this.deps.logger.warn('cancel of working child failed', {
            childId: c.wire.childId,
            error: (err as Error).message,
          });
          return false;
        }
        await wallTime(Math.min(Math.max(wait, 10), 1000));
      }
    }
  }

  /** The venue says more executed than the fills received so far. */
  private unsettled(working: WorkingChild): boolean {
    return new Dec(working.venueCumQty || '0').gt(working.fills.filledQty || '0');
  }

  /**
   * Cancel a child until the venue shows it ended: a cancel can fail, or be lost, and an order left
   * working could fill past the deadline or the parent's quantity. Backs off between attempts.
   */
  private async cancelUntilEnded(working: WorkingChild, reason: string): Promise<void> {
    const { config } = this.deps;
    working.cancelReason ??= reason;
    let pauseMs = config.sendRetryBackoffMs;
    for (let attempt = 1; attempt <= config.maxSendAttempts; attempt++) {
      await this.cancelOnce(working);
      await Promise.race([working.finished, wallTime(attempt === 1 ? this.reportWaitMs : pauseMs)]);
      if (!isTerminalChild(stateOf(working))) await this.reconcile(working, 3);
      if (isTerminalChild(stateOf(working))) return;
      await wallTime(pauseMs);
      pauseMs *= 2;
    }
    this.deps.logger.error('child order still working at the venue after every cancel attempt', {
      childId: working.wire.childId,
      attempts: config.maxSendAttempts,
    });
  }

  /** What children still working could yet fill: sized out of what the parent may still send. */
  openQuantity(): Dec {
    return this.open().reduce(
      (s, c) => s.plus(new Dec(c.wire.quantity).minus(c.fills.filledQty || '0')),
      new Dec(0),
    );
  }

  /** Up to maxSendAttempts sends under one orderLinkId, each ambiguous one followed by a look-up. */
  private async send(
    working: WorkingChild,
    request: VenueOrderRequest,
  ): Promise<'accepted' | { reason: string }> {
    const { venue, config } = this.deps;
    let lastError = '';
    let pauseMs = 0;
    for (let attempt = 1; attempt <= config.maxSendAttempts; attempt++) {
      // Back off before a retry: a venue shedding load (rate limit, 5xx) only gets worse when hammered.
      if (pauseMs > 0) await wallTime(pauseMs);
      let ack: { venueOrderId: string };
      try {
        ack = await venue.submit(request);
      } catch (err) {
        if (err instanceof VenueRejectedError && err.venueCode !== '110072')
          return { reason: `${err.venueCode} ${err.message}` };
        // Ambiguous, or the venue already has this orderLinkId: look it up before anything else.
        lastError = (err as Error).message;
        if (await this.reconcile(working)) return 'accepted';
        const hinted = err instanceof VenueAmbiguousError ? err.retryAfterMs : undefined;
        pauseMs = Math.max(hinted ?? 0, config.sendRetryBackoffMs * 2 ** (attempt - 1));
        this.deps.logger.warn('ambiguous send, order not at venue; retrying with the same orderLinkId', {
          childId: working.wire.childId,
          attempt,
          error: lastError,
        });
        continue;
      }
      // Outside the try: only the venue's answer decides ambiguity; our own failures propagate.
      working.wire.venueOrderId = ack.venueOrderId;
      await this.parent.serial(() => this.reports.markAccepted(working));
      return 'accepted';
    }
    return { reason: `venue unreachable after ${config.maxSendAttempts} attempts: ${lastError}` };
  }

  /** Ask the venue about a child and apply what it knows (state and fills). True when the venue has the order. */
  private async reconcile(working: WorkingChild, attempts = 1): Promise<boolean> {
    return (await this.lookUp(working, attempts)) === 'found';
  }

  /**
   * Ask the venue about a child and apply what it knows: 'found' (state and fills applied),
   * 'absent' (the venue has never seen it) or 'unknown' (the look-up itself failed every time).
   */
  private async lookUp(working: WorkingChild, attempts: number): Promise<'found' | 'absent' | 'unknown'> {
    let q;
    for (let attempt = 1; ; attempt++) {
      try {
        q = await this.deps.venue.query(working.wire.symbol, working.wire.childId);
        break;
      } catch (err) {
        this.deps.logger.warn('venue look-up failed', {
          childId: working.wire.childId,
          attempt,
          error: (err as Error).message,
        });
        if (attempt >= attempts) return 'unknown';
        await wallTime(this.deps.config.sendRetryBackoffMs);
      }
    }
    if (!q) return 'absent';
    working.wire.venueOrderId = q.venueOrderId;
    for (const f of q.fills) await this.onFill(f);
    await this.onOrderUpdate(q);
    return 'found';
  }

  /**
   * Look up every child that is not known to be finished. Called when the venue's report stream
   * was interrupted: whatever happened meanwhile (fills, cancels) was never delivered.
   */
  async reconcileWorking(): Promise<number> {
    const open = this.open();
    for (const c of open) await this.reconcile(c);
    return open.length;
  }

  /** Cancel every working child and wait for the venue to confirm (or look each one up). */
  async cancelAll(reason: string): Promise<void> {
    const open = this.open();
    // Every cancel goes out at once (the kill switch is measured by how fast the venue is flat);
    // each child then keeps being cancelled until the venue shows it ended.
    await Promise.all(
      open.map(async (c) => {
        c.cancelReason = reason;
        await this.cancelOnce(c);
      }),
    );
    // A cancel the venue answered "nothing working" (the order had ended) brings no report: look
    // such children up soon rather than waiting out the whole report timeout.
    await Promise.race([Promise.all(open.map((c) => c.finished)), wallTime(this.reportWaitMs)]);
    for (const c of open) if (!isTerminalChild(stateOf(c))) await this.reconcile(c, 3);
    for (const c of open) if (!isTerminalChild(stateOf(c))) await this.cancelUntilEnded(c, reason);
  }

  /** How long to wait for a cancel's report before looking the order up instead. */
  private get reportWaitMs(): number {
    return Math.min(1000, this.deps.config.venueReportTimeoutMs);
  }

  onFill(f: VenueFill): Promise<void> {
    return this.reports.onFill(f);
  }

  onOrderUpdate(u: VenueOrderUpdate): Promise<void> {
    return this.reports.onOrderUpdate(u);
  }
}
