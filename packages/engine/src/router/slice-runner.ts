import { execution, risk as riskNs, type impact as impactNs, type marketdata } from '@tranche/contracts';
import { Dec, type DecisionAction, type InstrumentRules } from '@tranche/execution-core';
import type { BaselinePlan } from './baseline-plan.js';
import type { ChildOrders, ImpactContext } from './child-orders.js';
import type { AcceptedDecision, DependencyCalls } from './dependency-calls.js';
import type { Emit, ExecutionDeps } from './execution-deps.js';
import { childId } from './ids.js';
import type { ParentRecord } from './parent-record.js';
import type { ParentReport, SliceCounters } from './parent-report.js';
import type { ParentSchedule } from './parent-schedule.js';
import { planSlice, type SlicePlan } from './slice-plan.js';
import { setChildState } from './wire.js';

/** What a slice may ask of the execution that runs it. */
export interface SliceHost {
  readonly signal: AbortSignal;
  isPaused(): boolean;
  pause(reason: string, pausedBy: 'owner' | 'risk'): Promise<void>;
  haltTrading(reason: string): Promise<void>;
  replan(fromSlice: number, next: BaselinePlan, why: string): Promise<void>;
}

/**
 * One slice of a parent: price it off a fresh snapshot, ask impact, decision and risk (through
 * DependencyCalls, with deadlines and local substitutes), act on the decision, and send the child
 * (through ChildOrders). Every slice leaves a trace: a child, a denial, or a SliceSkipped with its
 * reason.
 */
export class SliceRunner {
  /** The policy's last WAIT holds trading until then. */
  private waitUntilMs = 0;
  /** When this parent's last child was sent, for risk's minimum interval. */
  private lastChildAtMs: number | null = null;

  constructor(
    private readonly deps: ExecutionDeps,
    private readonly record: ParentRecord,
    private readonly rules: InstrumentRules,
    private readonly schedule: ParentSchedule,
    private readonly calls: DependencyCalls,
    private readonly children: ChildOrders,
    private readonly report: ParentReport,
    private readonly emit: Emit,
    private readonly host: SliceHost,
    /** Shared with the report, which counts what the slices did. */
    readonly counters: SliceCounters,
  ) {}

  /** The pacing state a checkpoint carries: the policy's WAIT and the last child's time. */
  get pacing(): { waitUntilMs: number; lastChildAtMs: number | null } {
    return { waitUntilMs: this.waitUntilMs, lastChildAtMs: this.lastChildAtMs };
  }

  restorePacing(p: { waitUntilMs: number; lastChildAtMs: number | null }): void {
    this.waitUntilMs = p.waitUntilMs;
    this.lastChildAtMs = p.lastChildAtMs;
  }

  /** A slice that sends nothing still leaves a trace saying why. */
  private skip(sliceIndex: number, reason: string): void {
    this.counters.skippedSlices++;
    this.emit({ sliceSkipped: { sliceIndex, reason } });
  }

  /** What the parent may still send: unfilled, less what children still working could yet fill. */
  private sendable(): Dec {
    return Dec.max(0, this.record.remaining().minus(this.children.openQuantity()));
  }

  async run(sliceIndex: number, isLast: boolean, restUntilMs: number | undefined): Promise<void> {
    const remaining = this.sendable();
    if (remaining.lte(0)) return;
    this.counters.slicesRun++;
    const now = this.deps.clock.now();
    if (!isLast && now < this.waitUntilMs)
      return this.skip(
        sliceIndex,
        `waiting as the policy decided, ${Math.ceil((this.waitUntilMs - now) / 1000)} s more`,
      );
    const snap = await this.calls.snapshot(sliceIndex);
    // No fresh price: trading blind is never the fallback.
    if (!snap) return this.skip(sliceIndex, 'no fresh market data');
    this.report.observe(snap);

    const plan = this.schedule.plan;
    const pov = plan.algorithm === 'POV';
    const target =
      sliceIndex < this.schedule.length
        ? this.schedule.targetThrough(sliceIndex, snap)
        : new Dec(this.record.order.quantity);
    const behind = Dec.max(0, target.minus(this.record.filled()));
    // The last slice takes whatever is left, except under POV, which never outruns the market's volume.
    const baseline = isLast && !pov ? remaining : Dec.min(behind, remaining);
    if (baseline.lte(0))
      return this.skip(
        sliceIndex,
        pov
          ? `POV: ${this.record.filled().toFixed()} filled already keeps up with ${((plan.participation ?? 0) * 100).toFixed(1)}% of observed volume`
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

    const first = this.planChild(decided, baseline, isLast && !pov, snap);
    if ('skip' in first) return this.skip(sliceIndex, first.skip);

    // Risk may clamp a child (depth, participation, notional): the rest of the slice goes out as
    // further children, each after the minimum interval and on a fresh snapshot, until the slice is
    // done or the next one is due. Each child id is (parent, slice, n), so each is still one order.
    let current = first;
    let market = snap;
    let left = new Dec(first.quantity);
    for (let attempt = 0; ; attempt++) {
      const r = await this.sendChild(sliceIndex, attempt, current, market, impactEstimate, restUntilMs);
      if (r === 'stop' || !r.clamped) return;
      left = left.minus(r.sent);
      if (left.lt(this.rules.minOrderQty) || this.sendable().lte(0)) return;
      const gap = this.deps.config.localRiskLimits.minIntervalMs;
      const until = restUntilMs ?? Number(this.record.order.deadline);
      if (this.deps.clock.now() + gap >= until) return;
      await this.deps.clock.sleep(gap, this.host.signal);
      if (this.host.signal.aborted || this.host.isPaused()) return;
      const fresh = await this.calls.snapshot(sliceIndex);
      if (!fresh) return;
      this.report.observe(fresh);
      // The last slice's children stay marketable, as the slice itself was.
      // What is left of the slice is the size now, not the policy's child size again.
      const rest = decided ? { ...decided, quantity: undefined } : undefined;
      const again = this.planChild(rest, Dec.min(left, this.sendable()), isLast && !pov, fresh);
      if ('skip' in again) return;
      current = again;
      market = fresh;
    }
  }

  private planChild(
    decided: AcceptedDecision | undefined,
    baseline: Dec,
    mustTrade: boolean,
    snap: marketdata.MarketSnapshot,
  ): SlicePlan | { skip: string } {
    return planSlice({
      action: decided?.action,
      ...(decided?.limitPrice !== undefined ? { limitPrice: decided.limitPrice } : {}),
      ...(decided?.quantity !== undefined ? { quantity: decided.quantity } : {}),
      baseline,
      remaining: this.sendable(),
      isLast: mustTrade,
      snapshot: snap,
      rules: this.rules,
      side: this.record.side,
      symbol: this.record.order.symbol,
      maxSlippageBps: this.deps.config.maxSlippageBps,
      ...(this.record.order.limits?.limitPrice
        ? { parentLimitPrice: this.record.order.limits.limitPrice }
        : {}),
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
      this.waitUntilMs = Math.min(now + action.durationMs, this.schedule.lastDueMs - 1);
      return `decision WAIT ${Math.round(action.durationMs / 1000)} s`;
    }
    if (action.kind === 'CANCEL') {
      await this.children.cancelAll(`policy CANCEL: ${action.reason}`);
      if (sliceIndex + 1 < this.schedule.length)
        await this.host.replan(
          sliceIndex + 1,
          this.schedule.remainder(sliceIndex + 1, snap),
          `policy CANCEL: ${action.reason}; re-planning the remainder`,
        );
      return `decision CANCEL: ${action.reason}`;
    }
    return undefined;
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
    const id = childId(this.record.id, sliceIndex, attempt);
    const wire = execution.ChildOrder.create({
      childId: id,
      parentId: this.record.id,
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
    const halted = verdict.tradingState === riskNs.TradingState.TRADING_STATE_HALTED;
    if (halted || verdict.pauseParent || verdict.decision === riskNs.RiskDecision.RISK_DECISION_DENY) {
      setChildState(wire, 'Denied');
      await this.deps.store.saveChild(wire);
      this.counters.deniedSlices++;
      this.emit({ childDenied: { child: wire, verdict } }, riskEvent);
      // Risk halted the symbol (an operator, or a volatility spike): nothing trades until it lifts.
      if (halted) await this.host.haltTrading(verdict.reasons[0]?.message ?? 'trading state HALTED');
      // The shortfall crossed the IS alert: stop and let a person look before trading on.
      else if (verdict.pauseParent)
        await this.host.pause(
          verdict.reasons.find((r) => r.code === 'IS_ALERT')?.message ?? 'risk asked to pause',
          'risk',
        );
      return 'stop';
    }
    const clamped = verdict.decision === riskNs.RiskDecision.RISK_DECISION_CLAMP;
    if (clamped) wire.quantity = verdict.quantity;
    this.report.priced(id, snap);
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
    await this.children.sendAndAwait(wire, plan, impact, restUntilMs, this.host.signal);
    return { clamped, sent: new Dec(wire.quantity) };
  }
}
