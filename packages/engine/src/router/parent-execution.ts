import {
  algorithmToWire,
  execution,
  risk as riskNs,
  type impact as impactNs,
  type marketdata,
} from '@tranche/contracts';
import {
  Dec,
  implementationShortfallBps,
  isTerminalParent,
  type DecisionAction,
  type InstrumentRules,
  type TapePoint,
  type ScheduledSlice,
} from '@tranche/execution-core';
import { withSpan } from '@tranche/telemetry';
import type { VenueFill, VenueOrderUpdate } from '../ports/index.js';
import { planBaseline, type BaselinePlan, type BaselinePlanInput } from './baseline-plan.js';
import { ChildOrders, type ImpactContext } from './child-orders.js';
import { DependencyCalls } from './dependency-calls.js';
import { EventLog } from './event-log.js';
import type { EventBody, ExecutionDeps } from './execution-deps.js';
import { childId } from './ids.js';
import { ParentRecord } from './parent-record.js';
import { parentTca, type PricedAt } from './parent-tca.js';
import { planSlice, type SlicePlan } from './slice-plan.js';
import { setChildState } from './wire.js';

export type { ExecutionDeps } from './execution-deps.js';

/**
 * Runs one parent order: wakes at each slice of its schedule, prices it off a fresh snapshot, asks
 * impact, decision and risk (each through DependencyCalls, with deadlines and local substitutes),
 * and sends the child (through ChildOrders). Every slice leaves a trace: a child, a denial, or a
 * SliceSkipped with its reason.
 */
export class ParentExecution {
  private readonly abort = new AbortController();
  private readonly record: ParentRecord;
  private readonly log: EventLog;
  private readonly calls: DependencyCalls;
  private readonly children: ChildOrders;
  private slicesRun = 0;
  private skippedSlices = 0;
  private deniedSlices = 0;
  private cancelReason: string | undefined;
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;
  /** Slice due times and quantities; a re-plan replaces everything from `replanFrom` on. */
  private schedule: ScheduledSlice[];
  private plan: BaselinePlan;
  private replanFrom = 0;
  /** Filled quantity when the current plan was made: its targets count from there. */
  private replanBase = new Dec(0);
  /** POV: market volume observed since the parent started, and when it was last sampled. */
  private observedVolume = 0;
  private observedAtMs: number | undefined;
  /** The policy's last WAIT holds trading until then. */
  private waitUntilMs = 0;
  /** The market as the router saw it, one point per snapshot it priced from, for the TCA. */
  private readonly tape: TapePoint[] = [];
  private lastTapeMs: number | undefined;
  /** Per child: the mid and spread it was priced from. */
  private readonly pricedAt = new Map<string, PricedAt>();
  /** When this parent's last child was sent, for risk's minimum interval. */
  private lastChildAtMs: number | null = null;
  /** Set while paused: resolves when resumed. */
  private paused: { resumed: Promise<void>; resume: () => void } | undefined;
  private readonly arrival: marketdata.IMarketSnapshot;

  constructor(
    private readonly deps: ExecutionDeps,
    parent: execution.ParentOrder,
    private readonly rules: InstrumentRules,
    /** How the plan was made, so an ADAPTIVE parent can make it again as the market changes. */
    private readonly planning: BaselinePlanInput,
    plan: BaselinePlan,
  ) {
    this.plan = plan;
    this.schedule = [...plan.slices];
    this.arrival = planning.snapshot;
    this.record = new ParentRecord(deps, parent);
    this.log = new EventLog(deps, parent.parentId);
    const emit = (body: EventBody, causationId?: string) => this.log.emit(body, causationId);
    this.children = new ChildOrders(deps, this.record, emit);
    this.calls = new DependencyCalls(deps, this.record, rules, emit, () =>
      this.children.createdSince(deps.clock.now() - 60_000),
    );
    this.finished = new Promise((r) => (this.resolveFinished = r));
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

  /** Paused because trading was halted, not by the owner: lifting the halt resumes it. */
  private pausedByHalt = false;

  /** The kill switch: working children come off the venue now and the parent waits. */
  async haltTrading(reason: string): Promise<void> {
    if (this.paused) return;
    await this.pause(`trading halted: ${reason}`, 'risk');
    if (this.paused) this.pausedByHalt = true;
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

  /** Set by resume(): the next slice re-plans what is left before trading. */
  private resumedPending = false;

  /** Wait out a pause: until resumed, cancelled, or the deadline passes. */
  private async whilePaused(): Promise<void> {
    const p = this.paused;
    if (!p) return;
    const left = Number(this.record.order.deadline) - this.deps.clock.now();
    await Promise.race([p.resumed, this.deps.clock.sleep(Math.max(0, left), this.abort.signal)]);
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

  async run(): Promise<void> {
    try {
      await this.runSchedule();
    } catch (err) {
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
      await this.flushEvents();
      this.resolveFinished();
    }
  }

  /** Announce the plan in force from a slice on: at acceptance and after every re-plan. */
  announcePlan(fromSlice: number, causationId?: string): void {
    this.emit(
      {
        schedulePlanned: {
          fromSlice,
          algorithm: algorithmToWire(this.plan.algorithm),
          reason: this.plan.reason,
          sliceQuantities: this.schedule.slice(fromSlice).map((s) => s.quantity),
          warnings: this.plan.warnings,
        },
      },
      causationId,
    );
  }

  private get sliceMs(): number {
    const p = this.record.order;
    return Math.max(0, Number(p.deadline) - Number(p.startTime)) / Math.max(1, this.planning.slices);
  }

  private async runSchedule(): Promise<void> {
    const { clock, config } = this.deps;
    // The schedule can grow or shrink when an ADAPTIVE parent re-plans, so its length is read each time.
    for (let i = 0; i < this.schedule.length; i++) {
      const slice = this.schedule[i]!;
      await clock.sleep(slice.dueMs - clock.now(), this.abort.signal);
      if (this.abort.signal.aborted) return this.finishCancelled();
      if (this.paused) {
        await this.whilePaused();
        if (this.abort.signal.aborted) return this.finishCancelled();
        // Still paused at the deadline: the horizon has ended.
        if (this.paused) break;
      }
      if (this.resumedPending) {
        this.resumedPending = false;
        const snap = await this.calls.snapshot(i);
        if (snap) await this.replan(i, this.planRemainder(i, snap), 're-planning after a pause');
      } else if (i > 0) await this.maybeReplan(i);
      const isLast = i === this.schedule.length - 1;
      const next = this.schedule[i + 1];
      // A resting child works until just before the next slice.
      const restUntil = next ? next.dueMs - 1 : undefined;
      await withSpan('router.slice', { 'tranche.parent_id': this.parentId, 'tranche.slice': i }, () =>
        this.runSlice(i, isLast, restUntil),
      );
      if (this.record.remaining().lte(0)) break;
    }
    const n = this.schedule.length;
    // POV follows the market's volume: it is not forced to finish after its last slice.
    const catchUps = this.plan.algorithm === 'POV' ? 0 : config.catchUpSlices;
    const interval = Math.max(250, Math.floor(this.sliceMs / 4));
    for (
      let k = 0;
      k < catchUps && !this.paused && this.record.remaining().gte(this.rules.minOrderQty);
      k++
    ) {
      if (this.abort.signal.aborted) return this.finishCancelled();
      await clock.sleep(interval, this.abort.signal);
      if (this.abort.signal.aborted) return this.finishCancelled();
      const index = n + k;
      await withSpan(
        'router.slice',
        { 'tranche.parent_id': this.parentId, 'tranche.slice': index, 'tranche.catch_up': true },
        () => this.runSlice(index, true, undefined),
      );
    }
    // A cancel that arrives once everything is filled changes nothing: the parent is complete.
    if (this.abort.signal.aborted && this.record.remaining().gt(0)) return this.finishCancelled();
    await this.finish();
  }

  /** What should be filled by the end of slice i: the plan's running total, or for POV the volume share. */
  private targetThrough(i: number, snap: marketdata.MarketSnapshot): Dec {
    if (this.plan.algorithm === 'POV') {
      const now = this.deps.clock.now();
      const perMs = Number(snap.volume_1m || 0) / 60_000;
      if (this.observedAtMs !== undefined)
        this.observedVolume += perMs * Math.max(0, now - this.observedAtMs);
      this.observedAtMs = now;
      return Dec.min(
        this.record.order.quantity,
        new Dec(this.observedVolume).times(this.plan.participation ?? 0),
      );
    }
    let sum = this.replanBase;
    for (let k = this.replanFrom; k <= i && k < this.schedule.length; k++)
      sum = sum.plus(this.schedule[k]!.quantity);
    return sum;
  }

  /**
   * An ADAPTIVE parent looks at the market every few slices and re-plans its remainder when the
   * regime has changed: ADJUSTING while it does, with the new plan announced as an event.
   */
  private async maybeReplan(i: number): Promise<void> {
    const every = this.deps.config.adaptiveReviewSlices;
    if (this.planning.algorithm !== 'ADAPTIVE' || i % every !== 0) return;
    const remainingSlices = this.schedule.length - i;
    if (remainingSlices < 2) return;
    const snap = await this.calls.snapshot(i);
    if (!snap) return;
    const next = this.planRemainder(i, snap);
    if (next.regime === this.plan.regime) return;
    await this.replan(i, next, `re-planning from slice ${i}: ${next.regime}`);
  }

  /** A plan for what is left, from slice i to the deadline, on the market as it is now. */
  private planRemainder(i: number, snap: marketdata.MarketSnapshot): BaselinePlan {
    const arrivalMid = Number(this.record.order.arrivalPrice);
    const due = Math.max(this.deps.clock.now(), this.schedule[i]?.dueMs ?? 0);
    const remainingSlices = Math.max(1, this.schedule.length - i);
    return planBaseline({
      ...this.planning,
      quantity: this.record.remaining().toFixed(),
      startMs: due,
      horizonMs: Math.max(1, Number(this.record.order.deadline) - due),
      slices: Math.max(1, Math.round(this.planning.slices * (remainingSlices / this.schedule.length))),
      snapshot: snap,
      impactAdjustment: this.calls.impactAdjustment,
      regime: {
        trendBps: arrivalMid > 0 ? (Number(snap.mid) / arrivalMid - 1) * 1e4 : 0,
        windowMs: Math.max(1, this.deps.clock.now() - Number(this.record.order.startTime)),
        arrivalDailyVolatility: this.arrival.dailyVolatility ?? 0,
        arrivalSpreadBps: this.arrival.spreadBps ?? 0,
      },
    });
  }

  /** Replace the schedule from slice i on: ADJUSTING while it happens, announced as an event. */
  private async replan(i: number, next: BaselinePlan, why: string): Promise<void> {
    await this.record.serial(async () => {
      if (isTerminalParent(this.record.state)) return;
      await this.record.move('ADJUSTING', why);
      this.plan = next;
      this.replanFrom = i;
      this.replanBase = this.record.filled();
      this.schedule = [...this.schedule.slice(0, i), ...next.slices];
      this.announcePlan(i);
      await this.record.move('ACTIVE', next.reason);
    });
  }

  private async finish(): Promise<void> {
    await this.record.serial(async () => {
      if (isTerminalParent(this.record.state)) return;
      const left = this.record.remaining();
      if (left.lte(0)) {
        await this.record.move('COMPLETE', 'filled');
        this.emit({ parentCompleted: { parent: this.snapshotParent(), report: await this.finalReport() } });
      } else {
        const reason = `horizon ended with ${left.toFixed()} of ${this.record.order.quantity} unfilled`;
        await this.finalReport();
        await this.record.move('FAILED', reason);
        this.emit({ parentFailed: { parent: this.snapshotParent(), reason } });
      }
    });
  }

  private async finishCancelled(): Promise<void> {
    const reason = this.cancelReason ?? 'cancelled';
    // The venue's reports settle each child before the parent is closed, so the trail ends with it.
    await this.children.cancelAll(`parent cancelled: ${reason}`);
    await this.record.serial(async () => {
      if (isTerminalParent(this.record.state)) return;
      await this.finalReport();
      await this.record.move('CANCELLED', reason);
      this.emit({ parentCancelled: { parent: this.snapshotParent(), reason } });
    });
  }

  /**
   * WAIT holds trading for its duration, bounded so the last slice still trades; CANCEL takes the
   * parent's working children off the venue and re-plans what is left over the remaining slices.
   * Neither can end the parent: only its owner can. Returns the reason this slice sends nothing.
   */
  private async actOnWaitOrCancel(
    sliceIndex: number,
    action: DecisionAction,
    mustTrade: boolean,
    snap: marketdata.MarketSnapshot,
  ): Promise<string | undefined> {
    if (mustTrade) return undefined;
    const now = this.deps.clock.now();
    if (action.kind === 'WAIT') {
      const lastDue = this.schedule[this.schedule.length - 1]?.dueMs ?? Number(this.record.order.deadline);
      this.waitUntilMs = Math.min(now + action.durationMs, lastDue - 1);
      return `decision WAIT ${Math.round(action.durationMs / 1000)} s`;
    }
    if (action.kind === 'CANCEL') {
      await this.children.cancelAll(`policy CANCEL: ${action.reason}`);
      if (sliceIndex + 1 < this.schedule.length)
        await this.replan(
          sliceIndex + 1,
          this.planRemainder(sliceIndex + 1, snap),
          `policy CANCEL: ${action.reason}; re-planning the remainder`,
        );
      return `decision CANCEL: ${action.reason}`;
    }
    return undefined;
  }

  /** A slice that sends nothing still leaves a trace saying why. */
  private skip(sliceIndex: number, reason: string): void {
    this.skippedSlices++;
    this.emit({ sliceSkipped: { sliceIndex, reason } });
  }

  private async runSlice(
    sliceIndex: number,
    isLast: boolean,
    restUntilMs: number | undefined,
  ): Promise<void> {
    const remaining = this.record.remaining();
    if (remaining.lte(0)) return;
    this.slicesRun++;
    const now = this.deps.clock.now();
    if (!isLast && now < this.waitUntilMs)
      return this.skip(
        sliceIndex,
        `waiting as the policy decided, ${Math.ceil((this.waitUntilMs - now) / 1000)} s more`,
      );
    const snap = await this.calls.snapshot(sliceIndex);
    // No fresh price: trading blind is never the fallback.
    if (!snap) return this.skip(sliceIndex, 'no fresh market data');
    this.observeTape(snap);

    const pov = this.plan.algorithm === 'POV';
    const target =
      sliceIndex < this.schedule.length
        ? this.targetThrough(sliceIndex, snap)
        : new Dec(this.record.order.quantity);
    const behind = Dec.max(0, target.minus(this.record.filled()));
    // The last slice takes whatever is left, except under POV, which never outruns the market's volume.
    const baseline = isLast && !pov ? remaining : Dec.min(behind, remaining);
    if (baseline.lte(0))
      return this.skip(
        sliceIndex,
        pov
          ? `POV: ${this.record.filled().toFixed()} filled already keeps up with ${((this.plan.participation ?? 0) * 100).toFixed(1)}% of observed volume`
          : 'ahead of schedule: nothing due this slice',
      );

    const impactEstimate = await this.calls.impact(sliceIndex, baseline.toFixed(), snap);
    const decided = await this.calls.decide(sliceIndex, baseline.toFixed(), snap, impactEstimate);
    if (decided) {
      this.emit({ decisionTaken: { sliceIndex, decision: decided.wire, impact: impactEstimate } });
      if (decided.impactAdjustment !== undefined) this.calls.impactAdjustment = decided.impactAdjustment;
      const handled = await this.actOnWaitOrCancel(sliceIndex, decided.action, isLast && !pov, snap);
      if (handled) return this.skip(sliceIndex, handled);
    }

    const plan = planSlice({
      action: decided?.action,
      ...(decided?.limitPrice !== undefined ? { limitPrice: decided.limitPrice } : {}),
      baseline,
      remaining,
      isLast: isLast && !pov,
      snapshot: snap,
      rules: this.rules,
      side: this.record.side,
      symbol: this.record.order.symbol,
      maxSlippageBps: this.deps.config.maxSlippageBps,
    });
    if ('skip' in plan) return this.skip(sliceIndex, plan.skip);

    // Risk may clamp a child (depth, participation, notional): the rest of the slice goes out as
    // further children, each after the minimum interval and on a fresh snapshot, until the slice is
    // done or the next one is due. Each child id is (parent, slice, n), so each is still one order.
    let current = plan;
    let market = snap;
    let left = new Dec(plan.quantity);
    for (let attempt = 0; ; attempt++) {
      const r = await this.sendChild(sliceIndex, attempt, current, market, impactEstimate, restUntilMs);
      if (r === 'stop' || !r.clamped) return;
      left = left.minus(r.sent);
      if (left.lt(this.rules.minOrderQty) || this.record.remaining().lte(0)) return;
      const gap = this.deps.config.localRiskLimits.minIntervalMs;
      const until = restUntilMs ?? Number(this.record.order.deadline);
      if (this.deps.clock.now() + gap >= until) return;
      await this.deps.clock.sleep(gap, this.abort.signal);
      if (this.abort.signal.aborted || this.paused) return;
      const fresh = await this.calls.snapshot(sliceIndex);
      if (!fresh) return;
      this.observeTape(fresh);
      const again = planSlice({
        action: decided?.action,
        ...(decided?.limitPrice !== undefined ? { limitPrice: decided.limitPrice } : {}),
        baseline: Dec.min(left, this.record.remaining()),
        remaining: this.record.remaining(),
        // The last slice's children stay marketable, as the slice itself was.
        isLast: isLast && !pov,
        snapshot: fresh,
        rules: this.rules,
        side: this.record.side,
        symbol: this.record.order.symbol,
        maxSlippageBps: this.deps.config.maxSlippageBps,
      });
      if ('skip' in again) return;
      current = again;
      market = fresh;
    }
  }

  /** One child: risk-checked, recorded, sent and awaited. 'stop' when risk denied it or paused the parent. */
  private async sendChild(
    sliceIndex: number,
    attempt: number,
    plan: SlicePlan,
    snap: marketdata.MarketSnapshot,
    impactEstimate: impactNs.ImpactEstimate,
    restUntilMs: number | undefined,
  ): Promise<'stop' | { clamped: boolean; sent: Dec }> {
    const p = this.record.order;
    const id = childId(this.parentId, sliceIndex, attempt);
    const wire = execution.ChildOrder.create({
      childId: id,
      parentId: this.parentId,
      sliceIndex,
      attempt,
      symbol: p.symbol,
      side: p.side,
      orderType: plan.orderType,
      timeInForce: plan.timeInForce,
      quantity: plan.quantity,
      price: plan.price ?? '',
      filledQuantity: '0',
      averagePrice: '',
      createdAt: this.deps.clock.now(),
    });
    setChildState(wire, 'PendingNew');

    const verdict = await this.calls.risk(sliceIndex, id, wire.quantity, plan, snap, this.lastChildAtMs);
    wire.riskVerdictId = verdict.verdictId;
    const riskEvent = this.emit({ riskChecked: { childId: id, verdict } });
    if (verdict.tradingState === riskNs.TradingState.TRADING_STATE_HALTED) {
      // Risk halted the symbol (an operator, or a volatility spike): nothing trades until it lifts.
      setChildState(wire, 'Denied');
      await this.deps.store.saveChild(wire);
      this.deniedSlices++;
      this.emit({ childDenied: { child: wire, verdict } }, riskEvent);
      await this.haltTrading(verdict.reasons[0]?.message ?? 'trading state HALTED');
      return 'stop';
    }
    if (verdict.pauseParent) {
      // The shortfall crossed the IS alert: stop and let a person look before trading on.
      const why = verdict.reasons.find((r) => r.code === 'IS_ALERT')?.message ?? 'risk asked to pause';
      setChildState(wire, 'Denied');
      await this.deps.store.saveChild(wire);
      this.deniedSlices++;
      this.emit({ childDenied: { child: wire, verdict } }, riskEvent);
      await this.pause(why, 'risk');
      return 'stop';
    }
    if (verdict.decision === riskNs.RiskDecision.RISK_DECISION_DENY) {
      setChildState(wire, 'Denied');
      await this.deps.store.saveChild(wire);
      this.deniedSlices++;
      this.emit({ childDenied: { child: wire, verdict } }, riskEvent);
      return 'stop';
    }
    const clamped = verdict.decision === riskNs.RiskDecision.RISK_DECISION_CLAMP;
    if (clamped) wire.quantity = verdict.quantity;
    this.pricedAt.set(id, { mid: Number(snap.mid), spreadBps: snap.spreadBps ?? 0 });
    this.lastChildAtMs = Number(wire.createdAt);
    const impact: ImpactContext = {
      decisionMid: snap.mid,
      predictedBps: impactEstimate.finalBps,
      model: impactEstimate.model,
      dailyVolume: Number(snap.averageDailyVolume) || Number(snap.volume_1m || 0) * 1440,
      dailyVolatility: snap.dailyVolatility ?? 0,
      spreadBps: snap.spreadBps ?? 0,
      // Risk priced the walk of this child on the same levels; only a walk the book could hold
      // is a cost, a partial one would understate it.
      bookWalkBps:
        verdict.bookWalkQuantity && new Dec(verdict.bookWalkQuantity).gte(wire.quantity)
          ? verdict.bookWalkCostBps
          : 0,
    };
    await this.children.sendAndAwait(wire, plan, impact, restUntilMs, this.abort.signal);
    return { clamped, sent: new Dec(wire.quantity) };
  }

  /** A tape point per snapshot: its mid, and the market volume since the previous point. */
  private observeTape(snap: marketdata.MarketSnapshot): void {
    const t = this.deps.clock.now();
    const perMs = Number(snap.volume_1m || 0) / 60_000;
    const since = this.lastTapeMs ?? Number(this.record.order.startTime);
    this.lastTapeMs = t;
    const price = Number(snap.mid);
    if (price > 0) this.tape.push({ tsMs: t, price, volume: perMs * Math.max(0, t - since) });
  }

  /** The report a parent ends with, kept with it in the store. */
  private async finalReport(): Promise<execution.ExecutionReport> {
    const report = await this.report();
    await this.deps.store.saveReport(this.parentId, report);
    return report;
  }

  async report(): Promise<execution.ExecutionReport> {
    const p = this.record.order;
    const fills = await this.deps.store.getFills(this.parentId);
    const isBps = p.arrivalPrice
      ? implementationShortfallBps(
          this.record.side,
          Number(p.arrivalPrice),
          fills.map((f) => ({ price: Number(f.price), quantity: Number(f.quantity) })),
        )
      : 0;
    const fees = fills.reduce((s, f) => s.plus(f.fee || '0'), new Dec(0));
    return execution.ExecutionReport.create({
      filledQuantity: p.filledQuantity || '0',
      averagePrice: p.averagePrice || '',
      implementationShortfallBps: isBps,
      childOrders: this.children.count,
      fallbackSlices: this.calls.fallbackSlices.size,
      deniedSlices: this.deniedSlices,
      fees: fees.toFixed(),
      slicesRun: this.slicesRun,
      skippedSlices: this.skippedSlices,
      dependencies: this.calls.stats.toWire(),
      tca: parentTca({
        side: this.record.side,
        quantity: p.quantity,
        arrivalPrice: Number(p.arrivalPrice),
        startMs: Number(p.startTime),
        endMs: Math.max(Number(p.startTime) + 1, Math.min(this.deps.clock.now(), Number(p.deadline))),
        slices: this.planning.slices,
        rules: this.rules,
        fills,
        pricedAt: this.pricedAt,
        tape: this.tape,
        targetParticipation: this.planning.maxParticipation,
        dailyVolume: Number(this.arrival.averageDailyVolume) || Number(this.arrival.volume_1m || 0) * 1440,
        dailyVolatility: this.arrival.dailyVolatility ?? 0,
        takerFeeBps: this.deps.config.takerFeeBps,
      }),
    });
  }
}
