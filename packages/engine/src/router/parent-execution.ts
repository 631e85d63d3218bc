import type { execution, marketdata } from '@tranche/contracts';
import { isTerminalParent, TrancheError, type InstrumentRules } from '@tranche/execution-core';
import { withSpan } from '@tranche/telemetry';
import type { VenueFill, VenueOrderUpdate } from '../ports/index.js';
import { InvalidRequestError, MarketDataUnavailableError } from '../services/errors.js';
import { planBaseline, type BaselinePlan, type BaselinePlanInput } from './baseline-plan.js';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint.js';
import { ChildOrders } from './child-orders.js';
import { DependencyCalls } from './dependency-calls.js';
import { EventLog } from './event-log.js';
import type { EventBody, ExecutionDeps } from './execution-deps.js';
import { ParentRecord } from './parent-record.js';
import { ParentReport } from './parent-report.js';
import { ParentSchedule } from './parent-schedule.js';
import { SliceRunner } from './slice-runner.js';

export type { ExecutionDeps } from './execution-deps.js';

/** An owner's change to a working parent; absent fields stay as they are. */
export interface ParentAmendment {
  /** New deadline, ms since epoch (already checked against the clock and the longest horizon). */
  deadlineMs?: number;
  /** New urgency in [0, 1]. */
  urgency?: number;
  /** New limit price (already rounded to the tick), or null to remove it. */
  limitPrice?: string | null;
  reason: string;
}

/**
 * Runs one parent order through its life: wakes at each slice of its schedule (ParentSchedule) and
 * hands it to the SliceRunner; takes the owner's pause, resume, cancel and amend and risk's halt;
 * re-plans in ADJUSTING; ends COMPLETE, CANCELLED or FAILED with its report (ParentReport). An
 * illegal state transition or any other fault halts the parent with the reason, never silently.
 */
export class ParentExecution {
  private readonly abort = new AbortController();
  private readonly record: ParentRecord;
  private readonly log: EventLog;
  private readonly calls: DependencyCalls;
  private readonly children: ChildOrders;
  private readonly schedule: ParentSchedule;
  private readonly reporter: ParentReport;
  private readonly slices: SliceRunner;
  private cancelReason: string | undefined;
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;
  /** Set while paused: resolves when resumed. */
  private paused: { resumed: Promise<void>; resume: () => void } | undefined;
  /** Paused because trading was halted, not by the owner: lifting the halt resumes it. */
  private pausedByHalt = false;
  /** Set by resume(): the next slice re-plans what is left before trading. */
  private resumedPending = false;
  /** The first slice not yet started: an amend re-plans from here. */
  private cursor = 0;
  /** Aborted by an amend so a wait for a slice (or a paused deadline) reads the new schedule. */
  private wake = new AbortController();
  /** Another replica owns the parent now (or this one is handing it over): stop, write nothing more. */
  private abandoned = false;
  /** Stopped because the store could not be reached: its router lets go so it can be taken over. */
  storeLost = false;
  /** Taken over from the store: settle the children it had before trading again. */
  private recovering = false;
  private readonly arrival: marketdata.IMarketSnapshot;

  constructor(
    private readonly deps: ExecutionDeps,
    parent: execution.ParentOrder,
    private readonly rules: InstrumentRules,
    planning: BaselinePlanInput,
    plan: BaselinePlan,
  ) {
    const arrival = planning.snapshot;
    this.arrival = arrival;
    this.record = new ParentRecord(deps, parent);
    this.log = new EventLog(deps, parent.parentId);
    const emit = (body: EventBody, causationId?: string) => this.log.emit(body, causationId);
    this.children = new ChildOrders(deps, this.record, emit);
    this.calls = new DependencyCalls(deps, this.record, rules, emit, () =>
      this.children.createdSince(deps.clock.now() - 60_000),
    );
    this.schedule = new ParentSchedule(
      deps,
      this.record,
      planning,
      plan,
      arrival,
      () => this.calls.impactAdjustment,
    );
    const counters = { slicesRun: 0, skippedSlices: 0, deniedSlices: 0 };
    this.reporter = new ParentReport(
      deps,
      this.record,
      rules,
      this.schedule,
      arrival,
      this.calls,
      counters,
      () => this.children.count,
    );
    this.slices = new SliceRunner(
      deps,
      this.record,
      rules,
      this.schedule,
      this.calls,
      this.children,
      this.reporter,
      emit,
      {
        signal: this.abort.signal,
        isPaused: () => this.paused !== undefined,
        pause: (reason, by) => this.pause(reason, by),
        haltTrading: (reason) => this.haltTrading(reason),
        replan: (from, next, why) => this.replan(from, next, why),
      },
      counters,
    );
    this.finished = new Promise((r) => (this.resolveFinished = r));
  }

  /**
   * A parent another router ran (it crashed, or handed it over), rebuilt from the store: the same
   * plan inputs, its children and fills, its pacing. `run()` then settles the children with the
   * venue before trading, and re-plans what is left over the time left from the next unused slice.
   */
  static restore(
    deps: ExecutionDeps,
    parent: execution.ParentOrder,
    rules: InstrumentRules,
    checkpointText: string,
    children: readonly execution.ChildOrder[],
    fills: readonly execution.Fill[],
  ): ParentExecution {
    const { checkpoint, planning } = decodeCheckpoint(checkpointText, rules);
    const run = new ParentExecution(deps, parent, rules, planning, planBaseline(planning));
    run.record.recount(fills);
    for (const c of children)
      run.children.adopt(
        c,
        fills.filter((f) => f.childId === c.childId),
      );
    // A slice index is never used twice, so no child id can repeat one the venue already has.
    const used = children.reduce((m, c) => Math.max(m, c.sliceIndex + 1), 0);
    run.cursor = Math.max(checkpoint.cursor, used);
    run.slices.restorePacing(checkpoint);
    Object.assign(run.slices.counters, checkpoint.counters);
    run.calls.impactAdjustment = checkpoint.impactAdjustment;
    run.pausedByHalt = checkpoint.pausedByHalt;
    if (checkpoint.observed) run.schedule.restoreObserved(checkpoint.observed);
    if (run.record.state === 'PAUSED') {
      let resume!: () => void;
      const resumed = new Promise<void>((r) => (resume = r));
      run.paused = { resumed, resume };
    } else run.resumedPending = true;
    run.recovering = true;
    return run;
  }

  /** Write where the parent stands, before acting on it, for whoever runs it next. */
  async checkpoint(): Promise<void> {
    const { rules: _rules, snapshot: _snapshot, ...planning } = this.schedule.planning;
    await this.deps.store.saveCheckpoint(
      this.parentId,
      encodeCheckpoint({
        planning,
        arrival: this.arrival,
        cursor: this.cursor,
        ...this.slices.pacing,
        counters: { ...this.slices.counters },
        impactAdjustment: this.calls.impactAdjustment,
        pausedByHalt: this.pausedByHalt,
        observed: this.schedule.observed,
      }),
    );
  }

  /**
   * Stop running the parent without ending it: its lease was lost, or this router is handing it to
   * another. Nothing more is written; working children stay with the venue for the next owner.
   */
  abandon(): void {
    this.abandoned = true;
    this.abort.abort();
    this.paused?.resume();
    this.wake.abort();
  }

  get parentId(): string {
    return this.record.id;
  }

  snapshotParent(): execution.ParentOrder {
    return this.record.snapshot();
  }

  /** Publish an event in order; returns its id at once so it can be the cause of the next one. */
  emit(body: EventBody, causationId?: string): string {
    return this.log.emit(body, causationId);
  }

  flushEvents(): Promise<void> {
    return this.log.flush();
  }

  cancel(reason: string): void {
    this.cancelReason = reason;
    this.abort.abort();
    this.paused?.resume();
  }

  /**
   * Stop slicing until resumed: working children are taken off the venue, the deadline still runs.
   * By the owner's command, or by risk when the parent's shortfall crosses the IS alert.
   */
  async pause(reason: string, pausedBy: 'owner' | 'risk'): Promise<void> {
    const moved = await this.record.serial(async () => {
      const s = this.record.state;
      if (isTerminalParent(s) || this.paused) return false;
      await this.record.move('PAUSED', reason);
      let resume!: () => void;
      const resumed = new Promise<void>((r) => (resume = r));
      this.paused = { resumed, resume };
      this.emit({ parentPaused: { parent: this.snapshotParent(), reason, pausedBy } });
      return true;
    });
    if (moved) await this.children.cancelAll(`parent paused: ${reason}`);
  }

  /** The kill switch: working children come off the venue now and the parent waits. */
  async haltTrading(reason: string): Promise<void> {
    if (this.paused) return;
    await this.pause(`trading halted: ${reason}`, 'risk');
    if (this.paused) {
      this.pausedByHalt = true;
      await this.checkpoint().catch(() => undefined);
    }
  }

  /** Trading resumed: a parent the halt paused slices again; one its owner paused stays paused. */
  async tradingResumed(): Promise<void> {
    if (!this.pausedByHalt) return;
    this.pausedByHalt = false;
    await this.resume();
  }

  /** Slice again; the remainder is re-planned over the time left at the next slice. */
  async resume(): Promise<void> {
    await this.record.serial(async () => {
      if (!this.paused || this.record.state !== 'PAUSED') return;
      await this.record.move('ACTIVE', 'resumed');
      this.emit({ parentResumed: { parent: this.snapshotParent() } });
      const p = this.paused;
      this.paused = undefined;
      this.resumedPending = true;
      p.resume();
    });
  }

  /**
   * The owner changes a working parent: a new deadline or urgency re-plans what is left from the
   * next slice on (a paused parent re-plans when it resumes); a limit price is enforced by risk from
   * the next child. A deadline brought forward takes working children off the venue first, since they
   * were priced to rest past it. Returns what changed, also published as ParentAmended.
   */
  async amend(change: ParentAmendment): Promise<string[]> {
    const replanning = change.deadlineMs !== undefined || change.urgency !== undefined;
    // Read the market before changing anything: without it no re-plan can be made, and a refused
    // amend must leave the parent exactly as it was.
    let snap: marketdata.MarketSnapshot | undefined;
    if (replanning && !this.paused) {
      snap = await this.calls.snapshot(this.cursor);
      if (!snap)
        throw new MarketDataUnavailableError(
          `no fresh market data for ${this.record.order.symbol} to re-plan on; the parent is unchanged, retry shortly`,
        );
    }
    const order = this.record.order;
    const broughtForward = change.deadlineMs !== undefined && change.deadlineMs < Number(order.deadline);
    const changes = await this.record.serial(async () => {
      if (isTerminalParent(this.record.state))
        throw new InvalidRequestError(
          `parent ${this.parentId} is ${this.record.state}: only a working parent can be amended`,
        );
      const made: string[] = [];
      if (change.deadlineMs !== undefined && change.deadlineMs !== Number(order.deadline)) {
        made.push(
          `deadline ${new Date(Number(order.deadline)).toISOString()} -> ${new Date(change.deadlineMs).toISOString()}`,
        );
        order.deadline = change.deadlineMs;
      }
      if (change.urgency !== undefined && change.urgency !== order.urgency) {
        made.push(`urgency ${order.urgency} -> ${change.urgency}`);
        order.urgency = change.urgency;
        this.schedule.planning.urgency = change.urgency;
      }
      if (change.limitPrice !== undefined) {
        const before = order.limits?.limitPrice || 'none';
        const after = change.limitPrice ?? 'none';
        if (before !== after) {
          made.push(`limit price ${before} -> ${after}`);
          order.limits = {
            ...(order.limits ?? {}),
            limitPrice: change.limitPrice ?? '',
          } as execution.ParentOrderLimits;
        }
      }
      if (made.length === 0) return made;
      await this.record.save();
      this.emit({ parentAmended: { parent: this.snapshotParent(), changes: made, reason: change.reason } });
      return made;
    });
    if (changes.length === 0) return changes;
    if (broughtForward) await this.children.cancelAll('parent amended: deadline brought forward');
    if (snap && replanning && !this.paused) {
      const from = this.cursor;
      const left = Math.max(
        1,
        Number(order.deadline) - Math.max(this.deps.clock.now(), this.schedule.at(from)?.dueMs ?? 0),
      );
      const slices = Math.max(
        1,
        Math.min(this.deps.config.maxSlices, Math.round(left / Math.max(1, this.schedule.sliceMs))),
      );
      await this.replan(
        from,
        this.schedule.remainder(from, snap, slices),
        `amended by its owner: ${changes.join('; ')}`,
      );
    }
    await this.checkpoint();
    this.wake.abort();
    return changes;
  }

  /** Wait out a pause: until resumed, cancelled, amended, or the deadline passes. */
  private async whilePaused(): Promise<void> {
    for (;;) {
      const p = this.paused;
      if (!p || this.abort.signal.aborted) return;
      const left = Number(this.record.order.deadline) - this.deps.clock.now();
      if (left <= 0) return;
      this.wake = new AbortController();
      const woken = AbortSignal.any([this.abort.signal, this.wake.signal]);
      // A slice at a time: a virtual clock jumps by the whole sleep, and a resume or amend that
      // arrives meanwhile must find the deadline still ahead.
      const step = Math.min(left, Math.max(1, this.schedule.sliceMs));
      await Promise.race([p.resumed, this.deps.clock.sleep(step, woken)]);
    }
  }

  /** Sleep until slice i is due; an amend wakes the wait so the (re-planned) due time is read again. */
  private async untilDue(i: number): Promise<void> {
    for (;;) {
      const slice = this.schedule.at(i);
      const wait = slice ? slice.dueMs - this.deps.clock.now() : 0;
      if (wait <= 0 || this.abort.signal.aborted) return;
      this.wake = new AbortController();
      await this.deps.clock.sleep(wait, AbortSignal.any([this.abort.signal, this.wake.signal]));
    }
  }

  owns(orderLinkId: string): boolean {
    return this.children.owns(orderLinkId);
  }

  onFill(f: VenueFill): Promise<void> {
    return this.children.onFill(f);
  }

  onOrderUpdate(u: VenueOrderUpdate): Promise<void> {
    return this.children.onOrderUpdate(u);
  }

  reconcileWorking(): Promise<number> {
    return this.children.reconcileWorking();
  }

  report(): Promise<execution.ExecutionReport> {
    return this.reporter.build();
  }

  async run(): Promise<void> {
    try {
      if (this.recovering) {
        this.recovering = false;
        const open = await this.children.settleAdopted(
          'taken over by another router: re-planning the remainder',
        );
        await this.record.serial(async () => {
          // Mid re-plan, or accepted but never started: trading goes on from ACTIVE.
          if (this.record.state === 'ADJUSTING' || this.record.state === 'INITIALIZED')
            await this.record.move('ACTIVE', 'taken over by another router');
        });
        this.emit({
          parentTakenOver: {
            parent: this.snapshotParent(),
            owner: this.deps.leases.owner,
            childrenSettled: open,
          },
        });
        await this.checkpoint();
      }
      await this.runSchedule();
    } catch (err) {
      if (this.abandoned || (err instanceof TrancheError && err.code === 'LEASE_LOST')) {
        this.abandoned = true;
        this.deps.logger.warn('parent left to its new owner', {
          parentId: this.parentId,
          reason: (err as Error).message,
        });
        return;
      }
      if (err instanceof TrancheError && err.code === 'STORE_UNAVAILABLE') {
        // Nothing can be recorded, so nothing may be traded: stop here and let the parent be taken
        // over from its checkpoint (by this router or another) once the store answers again.
        this.abandoned = true;
        this.storeLost = true;
        this.abort.abort();
        this.deps.logger.error(
          'order store unreachable: the parent stops and is taken over when it is back',
          {
            parentId: this.parentId,
            error: err.message,
          },
        );
        return;
      }
      // An illegal state transition or any other fault: the parent stops here with the reason, loudly.
      const reason = `internal error: ${(err as Error).message}`;
      this.deps.logger.error('parent order halted', {
        parentId: this.parentId,
        error: (err as Error).message,
      });
      await this.children.cancelAll(`parent halted: ${reason}`).catch(() => undefined);
      await this.record.serial(async () => {
        if (isTerminalParent(this.record.state)) return;
        await this.record.move('FAILED', reason);
        this.emit({ parentFailed: { parent: this.snapshotParent(), reason } });
      });
    } finally {
      await this.flushEvents().catch(() => undefined);
      this.resolveFinished();
    }
  }

  /** Announce the plan in force from a slice on: at acceptance and after every re-plan. */
  announcePlan(fromSlice: number, causationId?: string): void {
    this.emit(this.schedule.planned(fromSlice), causationId);
  }

  private async runSchedule(): Promise<void> {
    const { config } = this.deps;
    // The schedule can grow or shrink when a parent re-plans, so its length is read each time.
    for (let i = this.cursor; i < this.schedule.length; i++) {
      await this.untilDue(i);
      if (this.abort.signal.aborted) return this.finishCancelled();
      if (this.paused) {
        await this.whilePaused();
        if (this.abort.signal.aborted) return this.finishCancelled();
        // Still paused at the deadline: the horizon has ended.
        if (this.paused) break;
      }
      // A pause can outlast the horizon: nothing trades after the deadline.
      if (i >= this.schedule.length || this.deps.clock.now() >= Number(this.record.order.deadline)) break;
      this.cursor = i + 1;
      await this.checkpoint();
      // Taken over (or resumed) with nothing left: the parent only needs its ending.
      if (this.record.remaining().lte(0)) break;
      if (this.resumedPending) {
        this.resumedPending = false;
        const snap = await this.calls.snapshot(i);
        if (snap) await this.replan(i, this.schedule.remainder(i, snap), 're-planning after a pause');
      } else if (i > 0) await this.maybeReplan(i);
      const isLast = i === this.schedule.length - 1;
      const next = this.schedule.at(i + 1);
      // A resting child works until just before the next slice.
      const restUntil = next ? next.dueMs - 1 : undefined;
      await withSpan('router.slice', { 'tranche.parent_id': this.parentId, 'tranche.slice': i }, () =>
        this.slices.run(i, isLast, restUntil),
      );
      if (this.record.remaining().lte(0)) break;
    }
    // Catch-up slices number on from the last slice used, so their child ids are new too.
    const n = Math.max(this.schedule.length, this.cursor);
    // POV follows the market's volume: it is not forced to finish after its last slice.
    const catchUps = this.schedule.plan.algorithm === 'POV' ? 0 : config.catchUpSlices;
    const interval = Math.max(250, Math.floor(this.schedule.sliceMs / 4));
    for (
      let k = 0;
      k < catchUps && !this.paused && this.record.remaining().gte(this.rules.minOrderQty);
      k++
    ) {
      if (this.abort.signal.aborted) return this.finishCancelled();
      // Never past the deadline, amended or not.
      if (this.deps.clock.now() + interval >= Number(this.record.order.deadline)) break;
      await this.deps.clock.sleep(interval, this.abort.signal);
      if (this.abort.signal.aborted) return this.finishCancelled();
      const index = n + k;
      this.cursor = index + 1;
      await this.checkpoint();
      await withSpan(
        'router.slice',
        { 'tranche.parent_id': this.parentId, 'tranche.slice': index, 'tranche.catch_up': true },
        () => this.slices.run(index, true, undefined),
      );
    }
    // A cancel that arrives once everything is filled changes nothing: the parent is complete.
    if (this.abort.signal.aborted && this.record.remaining().gt(0)) return this.finishCancelled();
    if (this.abandoned) return;
    await this.finish();
  }

  /**
   * An ADAPTIVE parent looks at the market every few slices and re-plans its remainder when the
   * regime has changed: ADJUSTING while it does, with the new plan announced as an event.
   */
  private async maybeReplan(i: number): Promise<void> {
    const every = this.deps.config.adaptiveReviewSlices;
    if (this.schedule.planning.algorithm !== 'ADAPTIVE' || i % every !== 0) return;
    if (this.schedule.length - i < 2) return;
    const snap = await this.calls.snapshot(i);
    if (!snap) return;
    const next = this.schedule.remainder(i, snap);
    if (next.regime === this.schedule.plan.regime) return;
    await this.replan(i, next, `re-planning from slice ${i}: ${next.regime}`);
  }

  /** Replace the schedule from slice i on: ADJUSTING while it happens, announced as an event. */
  private async replan(i: number, next: BaselinePlan, why: string): Promise<void> {
    await this.record.serial(async () => {
      if (isTerminalParent(this.record.state) || this.record.state === 'PAUSED') return;
      await this.record.move('ADJUSTING', why);
      this.schedule.adopt(i, next);
      this.announcePlan(i);
      // A child may still be working (a resting order, or one sent while the plan changed).
      await this.record.move(this.children.working > 0 ? 'EXECUTING' : 'ACTIVE', next.reason);
    });
  }

  private async finish(): Promise<void> {
    // Nothing may stay working at the venue once the parent has ended.
    if (this.children.working > 0) await this.children.cancelAll('parent ending');
    await this.record.serial(async () => {
      if (isTerminalParent(this.record.state)) return;
      const left = this.record.remaining();
      if (left.lte(0)) {
        await this.record.move('COMPLETE', 'filled');
        this.emit({
          parentCompleted: { parent: this.snapshotParent(), report: await this.reporter.final() },
        });
      } else {
        const reason = `horizon ended with ${left.toFixed()} of ${this.record.order.quantity} unfilled`;
        await this.reporter.final();
        await this.record.move('FAILED', reason);
        this.emit({ parentFailed: { parent: this.snapshotParent(), reason } });
      }
    });
  }

  private async finishCancelled(): Promise<void> {
    if (this.abandoned) return;
    const reason = this.cancelReason ?? 'cancelled';
    // The venue's reports settle each child before the parent is closed, so the trail ends with it.
    await this.children.cancelAll(`parent cancelled: ${reason}`);
    await this.record.serial(async () => {
      if (isTerminalParent(this.record.state)) return;
      await this.reporter.final();
      await this.record.move('CANCELLED', reason);
      this.emit({ parentCancelled: { parent: this.snapshotParent(), reason } });
    });
  }
}
