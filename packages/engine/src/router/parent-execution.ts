import {
  childStateFromWire,
  decision as decisionNs,
  execution,
  impact as impactNs,
  risk as riskNs,
  sideFromWire,
  type DomainChildState,
  type DomainParentState,
  type marketdata,
} from '@tranche/contracts';
import {
  applyFill,
  canTransitionChild,
  canTransitionParent,
  Dec,
  evaluateRisk,
  implementationShortfallBps,
  isTerminalChild,
  isTerminalParent,
  roundPriceToTick,
  roundQtyDown,
  validateDecision,
  type ChildFillState,
  type DecisionAction,
  type InstrumentRules,
  type ScheduledSlice,
  type Side,
} from '@tranche/execution-core';
import { withSpan } from '@tranche/telemetry';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { toWireVerdict } from '../services/risk-validator.js';
import { estimateImpact } from '../services/impact-model.js';
import { actionFromWire } from '../services/heuristic-decider.js';
import {
  VenueAmbiguousError,
  VenueRejectedError,
  type Clock,
  type DecisionPort,
  type EventSink,
  type ImpactPort,
  type Logger,
  type MarketDataPort,
  type OrderStore,
  type RiskPort,
  type VenueFill,
  type VenueOrderRequest,
  type VenueOrderUpdate,
  type VenuePort,
} from '../ports/index.js';
import type { RouterConfig } from './config.js';
import { DependencyStats, type Dependency } from './dependency-stats.js';
import { childId } from './ids.js';
import { snapshotAgeMs } from './snapshot-age.js';
import { parentState, setChildState, setParentState } from './wire.js';

/** A wall-clock wait that never keeps the process alive on its own. */
function wallTime(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export interface ExecutionDeps {
  clock: Clock;
  market: MarketDataPort;
  impact: ImpactPort;
  decision: DecisionPort;
  risk: RiskPort;
  venue: VenuePort;
  store: OrderStore;
  events: EventSink;
  logger: Logger;
  config: RouterConfig;
}

type EventBody = Omit<
  execution.IExecutionEvent,
  'eventId' | 'correlationId' | 'causationId' | 'tsEvent' | 'tsInit' | 'sequence'
>;

interface WorkingChild {
  wire: execution.ChildOrder;
  fills: ChildFillState;
  venueCumQty: string;
  /** The venue has acknowledged it (ChildAccepted emitted). */
  accepted: boolean;
  /** Set when the router asked the venue to cancel it, and why. */
  cancelReason?: string;
  done: () => void;
  finished: Promise<void>;
}

interface SlicePlan {
  quantity: string;
  orderType: 'Market' | 'Limit';
  timeInForce: VenueOrderRequest['timeInForce'];
  price?: string;
  aggressive: boolean;
}

/**
 * Runs one parent order: wakes at each slice, asks impact, decision and risk
 * (each under a deadline, each with a local substitute), sends the child
 * order and applies its fills. Nothing here needs any dependency to answer for
 * the order to finish: a missing answer becomes a recorded FallbackUsed event.
 */
export class ParentExecution {
  private readonly abort = new AbortController();
  private readonly children = new Map<string, WorkingChild>();
  private eventChain: Promise<void> = Promise.resolve();
  private stateChain: Promise<void> = Promise.resolve();
  private lastSnapshot: marketdata.MarketSnapshot | undefined;
  private readonly side: Side;
  private readonly fallbackSliceIndexes = new Set<number>();
  private readonly stats = new DependencyStats();
  private slicesRun = 0;
  private skippedSlices = 0;
  private deniedSlices = 0;
  private lastEventId = '';
  private cancelReason: string | undefined;
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;

  constructor(
    private readonly deps: ExecutionDeps,
    private readonly parent: execution.ParentOrder,
    private readonly rules: InstrumentRules,
    private readonly schedule: readonly ScheduledSlice[],
  ) {
    const side = sideFromWire(parent.side);
    if (!side) throw new Error(`parent ${parent.parentId} has no side`);
    this.side = side;
    this.finished = new Promise((r) => (this.resolveFinished = r));
  }

  get parentId(): string {
    return this.parent.parentId;
  }

  snapshotParent(): execution.ParentOrder {
    return execution.ParentOrder.fromObject(execution.ParentOrder.toObject(this.parent));
  }

  /** Publish an event in order; returns its id at once so it can be the cause of the next one. */
  emit(body: EventBody, causationId = this.lastEventId): string {
    const eventId = randomUUID();
    const now = this.deps.clock.now();
    this.lastEventId = eventId;
    // Freeze the payload now: it references live objects (the child, the parent) that keep changing.
    const frozen = execution.ExecutionEvent.decode(
      execution.ExecutionEvent.encode(execution.ExecutionEvent.create(body)).finish(),
    );
    this.eventChain = this.eventChain.then(async () => {
      const sequence = await this.deps.store.nextEventSequence(this.parent.parentId);
      const evt = execution.ExecutionEvent.create({
        ...frozen,
        eventId,
        correlationId: this.parent.parentId,
        causationId,
        tsEvent: now,
        tsInit: this.deps.clock.now(),
        sequence,
      });
      try {
        await this.deps.events.publish(evt);
      } catch (err) {
        // The store is the record; a lost event is logged loudly but must not stop trading.
        this.deps.logger.error('execution event not published', {
          parentId: this.parent.parentId,
          sequence,
          error: (err as Error).message,
        });
      }
    });
    return eventId;
  }

  async flushEvents(): Promise<void> {
    await this.eventChain;
  }

  cancel(reason: string): void {
    this.cancelReason = reason;
    this.abort.abort();
  }

  async run(): Promise<void> {
    try {
      await this.runSchedule();
    } catch (err) {
      this.deps.logger.error('parent order failed', {
        parentId: this.parent.parentId,
        error: (err as Error).message,
      });
      await this.serial(async () => {
        if (!isTerminalParent(parentState(this.parent))) {
          await this.moveParent('FAILED', `internal error: ${(err as Error).message}`);
          this.emit({ parentFailed: { parent: this.snapshotParent(), reason: (err as Error).message } });
        }
      });
    } finally {
      await this.flushEvents();
      this.resolveFinished();
    }
  }

  private async runSchedule(): Promise<void> {
    const { clock, config } = this.deps;
    const n = this.schedule.length;
    for (let i = 0; i < n; i++) {
      const slice = this.schedule[i];
      if (!slice) continue;
      await clock.sleep(slice.dueMs - clock.now(), this.abort.signal);
      if (this.abort.signal.aborted) return this.finishCancelled();
      await withSpan('router.slice', { 'tranche.parent_id': this.parent.parentId, 'tranche.slice': i }, () =>
        this.runSlice(i, this.cumulativeTarget(i), i === n - 1, slice),
      );
      if (this.remaining().lte(0)) break;
    }
    const interval = Math.max(
      250,
      Math.floor(Number(this.parent.deadline) - Number(this.parent.startTime)) / Math.max(1, n) / 4,
    );
    for (let k = 0; k < config.catchUpSlices && this.remaining().gte(this.rules.minOrderQty); k++) {
      if (this.abort.signal.aborted) return this.finishCancelled();
      await clock.sleep(interval, this.abort.signal);
      if (this.abort.signal.aborted) return this.finishCancelled();
      const index = n + k;
      await withSpan(
        'router.slice',
        { 'tranche.parent_id': this.parent.parentId, 'tranche.slice': index, 'tranche.catch_up': true },
        () => this.runSlice(index, this.parent.quantity, true, undefined),
      );
    }
    if (this.abort.signal.aborted) return this.finishCancelled();
    await this.finish();
  }

  private remaining(): Dec {
    return new Dec(this.parent.quantity).minus(this.parent.filledQuantity || '0');
  }

  private cumulativeTarget(i: number): string {
    let sum = new Dec(0);
    for (let k = 0; k <= i; k++) sum = sum.plus(this.schedule[k]?.quantity ?? '0');
    return sum.toFixed();
  }

  private async finish(): Promise<void> {
    await this.serial(async () => {
      if (isTerminalParent(parentState(this.parent))) return;
      const left = this.remaining();
      if (left.lte(0)) {
        await this.moveParent('COMPLETE', 'filled');
        this.emit({ parentCompleted: { parent: this.snapshotParent(), report: await this.report() } });
      } else {
        const reason = `horizon ended with ${left.toFixed()} of ${this.parent.quantity} unfilled`;
        await this.moveParent('FAILED', reason);
        this.emit({ parentFailed: { parent: this.snapshotParent(), reason } });
      }
    });
  }

  private async finishCancelled(): Promise<void> {
    const reason = this.cancelReason ?? 'cancelled';
    const open = [...this.children.values()].filter(
      (c) => !isTerminalChild(childStateFromWire(c.wire.state) ?? 'PendingNew'),
    );
    for (const c of open) {
      c.cancelReason = `parent cancelled: ${reason}`;
      await this.deps.venue.cancel(c.wire.symbol, c.wire.childId).catch((err: Error) =>
        this.deps.logger.warn('cancel of working child failed', {
          childId: c.wire.childId,
          error: err.message,
        }),
      );
    }
    // The venue's reports settle each child before the parent is closed, so the trail ends with the
    // parent; a report that does not come in time is looked up instead.
    await Promise.race([
      Promise.all(open.map((c) => c.finished)),
      wallTime(this.deps.config.venueReportTimeoutMs),
    ]);
    for (const c of open)
      if (!isTerminalChild(childStateFromWire(c.wire.state) ?? 'PendingNew')) await this.reconcile(c);
    await this.serial(async () => {
      if (isTerminalParent(parentState(this.parent))) return;
      await this.moveParent('CANCELLED', reason);
      this.emit({ parentCancelled: { parent: this.snapshotParent(), reason } });
    });
  }

  /** Serialise state changes: fills, order updates and the slice loop all mutate the same parent. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.stateChain.then(fn);
    this.stateChain = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private async moveParent(to: DomainParentState, reason: string): Promise<void> {
    const from = parentState(this.parent);
    if (from === to && to !== 'EXECUTING' && to !== 'FILLED') return;
    if (!canTransitionParent(from, to)) {
      this.deps.logger.warn('parent transition skipped', { parentId: this.parent.parentId, from, to });
      return;
    }
    setParentState(this.parent, to);
    this.parent.stateReason = reason;
    this.parent.updatedAt = this.deps.clock.now();
    await this.deps.store.saveParent(this.parent);
  }

  /** The router went on without a dependency: recorded as an event and in the report's statistics. */
  private fellBack(sliceIndex: number, dependency: Dependency, reason: string, substitute: string): void {
    this.stats.recordFallback(dependency);
    this.fallbackSliceIndexes.add(sliceIndex);
    this.emit({ fallbackUsed: { sliceIndex, dependency, reason, substitute } });
  }

  /** A slice that sends nothing still leaves a trace saying why. */
  private skip(sliceIndex: number, reason: string): void {
    this.skippedSlices++;
    this.emit({ sliceSkipped: { sliceIndex, reason } });
  }

  /** Call a dependency, recording its wall-time latency whether it answers or fails. */
  private async timed<T>(dependency: Dependency, call: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await call();
    } finally {
      this.stats.recordCall(dependency, performance.now() - t0);
    }
  }

  /**
   * The snapshot this slice is priced from: a fresh one from market-data, else the last one if it is
   * still young enough. A snapshot older than maxSnapshotAgeMs is never used: a frozen feed would
   * price limits off a market that has moved on.
   */
  private async latestSnapshot(sliceIndex: number): Promise<marketdata.MarketSnapshot | undefined> {
    const maxAge = this.deps.config.maxSnapshotAgeMs;
    let problem: string;
    try {
      const snap = await this.timed('market-data', () =>
        this.deps.market.snapshot(this.parent.symbol, this.deps.config.deadlines.marketDataMs),
      );
      const age = snapshotAgeMs(snap, this.deps.clock.now());
      if (age <= maxAge) {
        this.lastSnapshot = snap;
        return snap;
      }
      problem = `snapshot is ${Math.round(age)} ms old, over the ${maxAge} ms limit`;
    } catch (err) {
      problem = (err as Error).message;
    }
    const last = this.lastSnapshot;
    const usable =
      last !== undefined && snapshotAgeMs(last, this.deps.clock.now()) <= maxAge ? last : undefined;
    this.fellBack(sliceIndex, 'market-data', problem, usable ? 'last-snapshot' : 'none');
    return usable;
  }

  private async runSlice(
    sliceIndex: number,
    cumulativeTarget: string,
    isLast: boolean,
    slice: ScheduledSlice | undefined,
  ): Promise<void> {
    const { clock } = this.deps;
    const remaining = this.remaining();
    if (remaining.lte(0)) return;
    this.slicesRun++;
    const snap = await this.latestSnapshot(sliceIndex);
    // No fresh price: trading blind is never the fallback.
    if (!snap) return this.skip(sliceIndex, 'no fresh market data');

    const behind = Dec.max(0, new Dec(cumulativeTarget).minus(this.parent.filledQuantity || '0'));
    const baseline = isLast ? remaining : Dec.min(behind, remaining);
    if (baseline.lte(0)) return this.skip(sliceIndex, 'ahead of schedule: nothing due this slice');

    const impactEstimate = await this.estimateImpact(sliceIndex, baseline.toFixed(), snap);
    const decided = await this.decide(sliceIndex, baseline.toFixed(), snap, impactEstimate);
    if (decided) this.emit({ decisionTaken: { sliceIndex, decision: decided.wire, impact: impactEstimate } });

    const plan = this.plan(decided?.action, baseline, remaining, isLast, snap);
    if ('skip' in plan) return this.skip(sliceIndex, plan.skip);

    const id = childId(this.parent.parentId, sliceIndex, 0);
    const wire = execution.ChildOrder.create({
      childId: id,
      parentId: this.parent.parentId,
      sliceIndex,
      attempt: 0,
      symbol: this.parent.symbol,
      side: this.parent.side,
      orderType: plan.orderType,
      timeInForce: plan.timeInForce,
      quantity: plan.quantity,
      price: plan.price ?? '',
      filledQuantity: '0',
      averagePrice: '',
      createdAt: clock.now(),
    });
    setChildState(wire, 'PendingNew');

    const verdict = await this.checkRisk(sliceIndex, wire, plan, snap);
    wire.riskVerdictId = verdict.verdictId;
    const riskEvent = this.emit({ riskChecked: { childId: id, verdict } });
    if (verdict.decision === riskNs.RiskDecision.RISK_DECISION_DENY) {
      setChildState(wire, 'Denied');
      await this.deps.store.saveChild(wire);
      this.deniedSlices++;
      this.emit({ childDenied: { child: wire, verdict } }, riskEvent);
      return;
    }
    if (verdict.decision === riskNs.RiskDecision.RISK_DECISION_CLAMP) wire.quantity = verdict.quantity;

    await this.sendAndAwait(wire, plan, slice, isLast);
  }

  private async estimateImpact(
    sliceIndex: number,
    qty: string,
    snap: marketdata.MarketSnapshot,
  ): Promise<impactNs.ImpactEstimate> {
    const request = impactNs.ImpactRequest.create({
      parentId: this.parent.parentId,
      symbol: this.parent.symbol,
      side: this.parent.side,
      quantity: qty,
      remainingQuantity: this.remaining().toFixed(),
      horizonMs: Math.max(0, Number(this.parent.deadline) - this.deps.clock.now()),
      snapshot: snap,
    });
    try {
      return await this.timed('impact', () =>
        this.deps.impact.estimate(request, this.deps.config.deadlines.impactMs),
      );
    } catch (err) {
      this.fellBack(sliceIndex, 'impact', (err as Error).message, 'local-square-root');
      try {
        return estimateImpact(request);
      } catch {
        return impactNs.ImpactEstimate.create({
          model: 'none',
          reasoning: 'no volume data for a local estimate',
        });
      }
    }
  }

  private async decide(
    sliceIndex: number,
    baseline: string,
    snap: marketdata.MarketSnapshot,
    impactEstimate: impactNs.ImpactEstimate,
  ): Promise<{ wire: decisionNs.ExecutionDecision; action: DecisionAction } | undefined> {
    if (!this.deps.config.consultDecisionPolicy) return undefined;
    const now = this.deps.clock.now();
    const span = Math.max(1, Number(this.parent.deadline) - Number(this.parent.startTime));
    const request = decisionNs.DecisionRequest.create({
      parentId: this.parent.parentId,
      symbol: this.parent.symbol,
      side: this.parent.side,
      targetQuantity: this.parent.quantity,
      filledQuantity: this.parent.filledQuantity || '0',
      elapsedFraction: Math.min(1, Math.max(0, (now - Number(this.parent.startTime)) / span)),
      sliceIndex,
      baselineQuantity: baseline,
      snapshot: snap,
      impact: impactEstimate,
      now,
    });
    let answer: decisionNs.ExecutionDecision;
    try {
      answer = await this.timed('decision', () =>
        this.deps.decision.decide(request, this.deps.config.deadlines.decisionMs),
      );
    } catch (err) {
      this.fellBack(sliceIndex, 'decision', (err as Error).message, 'twap-slice');
      return undefined;
    }
    const action = actionFromWire(answer);
    const source = { 1: 'LLM', 2: 'HEURISTIC', 3: 'FALLBACK' }[answer.source as 1 | 2 | 3] ?? 'UNKNOWN';
    const checked = validateDecision(
      {
        action,
        confidence: answer.confidence,
        reasoning: answer.reasoning,
        validUntilMs: Number(answer.validUntil),
        source,
      },
      {
        nowMs: this.deps.clock.now(),
        remainingQty: this.remaining().toNumber(),
        arrivalPrice: Number(this.parent.arrivalPrice),
        maxPriceDeviationBps: this.deps.config.localRiskLimits.maxPriceDeviationBps,
      },
    );
    if (!checked.ok) {
      this.fellBack(
        sliceIndex,
        'decision',
        `decision refused: ${checked.reasons.map((r) => `${r.code} ${r.message}`).join('; ')}`,
        'twap-slice',
      );
      return undefined;
    }
    return { wire: answer, action: checked.decision.action };
  }

  /** Turn the baseline and the decision into a concrete order, or nothing for this slice. */
  private plan(
    action: DecisionAction | undefined,
    baseline: Dec,
    remaining: Dec,
    isLast: boolean,
    snap: marketdata.MarketSnapshot,
  ): SlicePlan | { skip: string } {
    let qty = baseline;
    let passiveTicks: number | undefined;
    let offsetBps = this.deps.config.maxSlippageBps;
    switch (action?.kind) {
      case 'WAIT':
      case 'CANCEL':
        // The last slice must trade: advice cannot push an order past its horizon.
        if (!isLast) return { skip: `decision ${action.kind}` };
        break;
      case 'ACCELERATE':
        qty = baseline.times(Math.max(1, action.factor));
        break;
      case 'DECELERATE':
        if (!isLast) qty = baseline.times(Math.min(1, Math.max(0, action.factor)));
        break;
      case 'PASSIVE':
        if (!isLast) passiveTicks = Math.max(0, action.offsetTicks);
        break;
      case 'AGGRESSIVE':
        offsetBps = Math.min(this.deps.config.maxSlippageBps, Math.max(0, action.limitOffsetBps));
        break;
      default:
        break;
    }
    qty = Dec.min(qty, remaining);
    const rounded = roundQtyDown(qty.toFixed(), this.rules);
    if (new Dec(rounded).lt(this.rules.minOrderQty))
      return {
        skip: `quantity ${qty.toFixed()} is below the ${this.parent.symbol} minimum ${this.rules.minOrderQty}: carried to a later slice`,
      };
    const bid = snap.bestBid;
    const ask = snap.bestAsk;
    if (!bid || !ask) return { skip: 'the snapshot has no best bid or ask' };
    if (passiveTicks !== undefined) {
      const tick = new Dec(this.rules.tickSize).times(passiveTicks);
      const price = this.side === 'BUY' ? new Dec(bid).minus(tick) : new Dec(ask).plus(tick);
      return {
        quantity: rounded,
        orderType: 'Limit',
        timeInForce: 'PostOnly',
        price: roundPriceToTick(price.toFixed(), this.rules, 'nearest'),
        aggressive: false,
      };
    }
    // A marketable limit, not a market order: it takes liquidity but can never
    // trade further than offsetBps through the touch.
    const touch = new Dec(this.side === 'BUY' ? ask : bid);
    const factor = new Dec(1).plus(new Dec(offsetBps).div(1e4).times(this.side === 'BUY' ? 1 : -1));
    const price = roundPriceToTick(
      touch.times(factor).toFixed(),
      this.rules,
      this.side === 'BUY' ? 'down' : 'up',
    );
    return { quantity: rounded, orderType: 'Limit', timeInForce: 'IOC', price, aggressive: true };
  }

  private async checkRisk(
    sliceIndex: number,
    child: execution.ChildOrder,
    plan: SlicePlan,
    snap: marketdata.MarketSnapshot,
  ): Promise<riskNs.RiskVerdict> {
    const reference = this.side === 'BUY' ? snap.bestAsk : snap.bestBid;
    const request = riskNs.RiskRequest.create({
      parentId: this.parent.parentId,
      childId: child.childId,
      symbol: this.parent.symbol,
      side: this.parent.side,
      quantity: child.quantity,
      price: plan.price ?? '',
      referencePrice: reference,
      arrivalPrice: this.parent.arrivalPrice,
      remainingQuantity: this.remaining().toFixed(),
      aggressive: plan.aggressive,
      spreadBps: snap.spreadBps,
      recentVolume: snap.volume_1m || '0',
      volatilityBps: (snap.dailyVolatility ?? 0) * 1e4,
      now: this.deps.clock.now(),
    });
    try {
      return await this.timed('risk', () =>
        this.deps.risk.validate(request, this.deps.config.deadlines.riskMs),
      );
    } catch (err) {
      // Risk unreachable: the same rules, applied here with the last known limits.
      // The local check has no shared order counter, so it is stricter on rate, never looser.
      this.fellBack(sliceIndex, 'risk', (err as Error).message, 'local-risk-rules');
      const result = evaluateRisk(
        {
          parentId: this.parent.parentId,
          symbol: this.parent.symbol,
          side: this.side,
          quantity: child.quantity,
          limitPrice: plan.price,
          referencePrice: reference,
          arrivalPrice: this.parent.arrivalPrice,
          remainingQty: this.remaining().toFixed(),
          aggressive: plan.aggressive,
        },
        this.deps.config.localRiskLimits,
        {
          nowMs: this.deps.clock.now(),
          ordersInLastMinute: [...this.children.values()].filter(
            (c) => Number(c.wire.createdAt) > this.deps.clock.now() - 60_000,
          ).length,
          lastOrderAtMs: null,
          spreadBps: snap.spreadBps,
          recentVolume: Number(snap.volume_1m || 0),
          volatilityBps: (snap.dailyVolatility ?? 0) * 1e4,
          tradingState: 'ACTIVE',
        },
        this.rules,
      );
      return toWireVerdict(result, randomUUID(), this.deps.clock.now(), 'router-local');
    }
  }

  private async sendAndAwait(
    wire: execution.ChildOrder,
    plan: SlicePlan,
    slice: ScheduledSlice | undefined,
    isLast: boolean,
  ): Promise<void> {
    const { venue, store, clock, config } = this.deps;
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
      done,
      finished,
    };
    this.children.set(wire.childId, working);
    // Persisted before it leaves the process: after a crash the id is known and can be looked up at the venue.
    await store.saveChild(wire);
    await this.serial(() => this.moveParent('EXECUTING', `child ${wire.childId} working`));

    const request: VenueOrderRequest = {
      symbol: wire.symbol,
      side: this.side === 'BUY' ? 'Buy' : 'Sell',
      orderType: plan.orderType,
      qty: wire.quantity,
      price: plan.price,
      timeInForce: plan.timeInForce,
      orderLinkId: wire.childId,
    };
    // "Submitted" means sent: it precedes any fill or rejection, whichever the venue reports first.
    this.emit({ childSubmitted: { child: wire } });
    let accepted = false;
    let lastError = '';
    let pauseMs = 0;
    for (let attempt = 1; attempt <= config.maxSendAttempts && !accepted; attempt++) {
      // Back off before a retry: a venue shedding load (rate limit, 5xx) only gets worse when hammered.
      if (pauseMs > 0) await wallTime(pauseMs);
      try {
        const ack = await venue.submit(request);
        wire.venueOrderId = ack.venueOrderId;
        accepted = true;
        await this.serial(() => this.markAccepted(working));
      } catch (err) {
        if (err instanceof VenueRejectedError && err.venueCode !== '110072') {
          await this.serial(async () => {
            await this.moveChild(working, 'Rejected');
            this.emit({ childRejected: { child: wire, reason: `${err.venueCode} ${err.message}` } });
            await this.afterChildEnded();
          });
          return;
        }
        // Ambiguous, or the venue already has this orderLinkId: look it up before anything else.
        lastError = (err as Error).message;
        const found = await this.reconcile(working);
        if (found) {
          accepted = true;
        } else {
          const hinted = err instanceof VenueAmbiguousError ? err.retryAfterMs : undefined;
          pauseMs = Math.max(hinted ?? 0, config.sendRetryBackoffMs * 2 ** (attempt - 1));
          this.deps.logger.warn('ambiguous send, order not at venue; retrying with the same orderLinkId', {
            childId: wire.childId,
            attempt,
            error: (err as Error).message,
          });
        }
      }
    }
    if (!accepted) {
      await this.serial(async () => {
        await this.moveChild(working, 'Rejected');
        this.emit({
          childRejected: {
            child: wire,
            reason: `venue unreachable after ${config.maxSendAttempts} attempts: ${lastError}`,
          },
        });
        await this.afterChildEnded();
      });
      return;
    }

    // Wait until the child is done, but never past the next slice: a resting order is then cancelled.
    const nextDue = slice
      ? slice.dueMs +
        Math.max(0, Number(this.parent.deadline) - Number(this.parent.startTime)) /
          Math.max(1, this.schedule.length)
      : clock.now();
    if (plan.timeInForce === 'PostOnly' && !isLast) {
      // A resting order works in market time, until the next slice.
      await Promise.race([finished, clock.sleep(Math.max(0, nextDue - clock.now() - 1), this.abort.signal)]);
    } else {
      // A taking order ends at once at the venue; its report is awaited in wall time whatever the
      // clock, so a virtual or simulated clock is not pushed forward while a message is in flight.
      await Promise.race([finished, wallTime(config.venueReportTimeoutMs)]);
    }
    const s = childStateFromWire(wire.state);
    if (s && !isTerminalChild(s)) {
      working.cancelReason =
        plan.timeInForce === 'PostOnly'
          ? 'resting order unfilled at the next slice'
          : 'no final report from the venue in time';
      await venue
        .cancel(wire.symbol, wire.childId)
        .catch((err: Error) =>
          this.deps.logger.warn('cancel failed', { childId: wire.childId, error: err.message }),
        );
      await Promise.race([finished, wallTime(config.venueReportTimeoutMs)]);
      if (!isTerminalChild(childStateFromWire(wire.state) ?? 'PendingNew')) await this.reconcile(working);
    }
  }

  /** Ask the venue about a child and apply what it knows (state and fills). True when the venue has the order. */
  private async reconcile(working: WorkingChild): Promise<boolean> {
    let q;
    try {
      q = await this.deps.venue.query(working.wire.symbol, working.wire.childId);
    } catch (err) {
      this.deps.logger.warn('venue look-up failed', {
        childId: working.wire.childId,
        error: (err as Error).message,
      });
      return false;
    }
    if (!q) return false;
    working.wire.venueOrderId = q.venueOrderId;
    for (const f of q.fills) await this.onFill(f);
    await this.onOrderUpdate(q);
    return true;
  }

  owns(orderLinkId: string): boolean {
    return this.children.has(orderLinkId);
  }

  /**
   * Look up every child that is not known to be finished. Called when the venue's report stream
   * was interrupted: whatever happened meanwhile (fills, cancels) was never delivered.
   */
  async reconcileWorking(): Promise<number> {
    const open = [...this.children.values()].filter(
      (c) => !isTerminalChild(childStateFromWire(c.wire.state) ?? 'PendingNew'),
    );
    for (const c of open) await this.reconcile(c);
    return open.length;
  }

  onFill(f: VenueFill): Promise<void> {
    return this.serial(async () => {
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
        parentId: this.parent.parentId,
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

      const prevFilled = new Dec(this.parent.filledQuantity || '0');
      const newFilled = prevFilled.plus(f.qty);
      const prevAvg = new Dec(this.parent.averagePrice || '0');
      this.parent.averagePrice = prevAvg
        .times(prevFilled)
        .plus(new Dec(f.price).times(f.qty))
        .div(newFilled)
        .toDecimalPlaces(12)
        .toFixed();
      this.parent.filledQuantity = newFilled.toFixed();
      await this.moveParent('FILLED', `filled ${this.parent.filledQuantity} of ${this.parent.quantity}`);
      this.emit({
        childFilled: {
          fill: wireFill,
          childFilledQuantity: next.filledQty,
          parentFilledQuantity: this.parent.filledQuantity,
        },
      });
      if (isTerminalChild(next.state)) await this.afterChildEnded(working);
    });
  }

  onOrderUpdate(u: VenueOrderUpdate): Promise<void> {
    return this.serial(async () => {
      const working = this.children.get(u.orderLinkId);
      if (!working) return;
      working.wire.venueOrderId = u.venueOrderId || working.wire.venueOrderId;
      working.venueCumQty = u.cumExecQty;
      if (u.status === 'New' || u.status === 'Cancelled' || u.status === 'PartiallyFilled')
        await this.markAccepted(working);
      const current = childStateFromWire(working.wire.state) ?? 'PendingNew';
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
      const s = childStateFromWire(working.wire.state) ?? 'PendingNew';
      if (isTerminalChild(s) && new Dec(working.fills.filledQty).gte(u.cumExecQty || '0'))
        await this.afterChildEnded(working);
    });
  }

  /**
   * The first sign the venue has the order (its ack, a status, a fill) makes it accepted, once:
   * a child still PendingNew becomes New, so the event shows the state it announces.
   */
  private async markAccepted(working: WorkingChild): Promise<void> {
    if (working.accepted) return;
    working.accepted = true;
    if (childStateFromWire(working.wire.state) === 'PendingNew') await this.moveChild(working, 'New');
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

  private async moveChild(working: WorkingChild, to: DomainChildState): Promise<void> {
    setChildState(working.wire, to);
    working.fills = { ...working.fills, state: to };
    await this.deps.store.saveChild(working.wire);
  }

  /** Called inside serial(): settle the parent's state once a child can trade no more. */
  private async afterChildEnded(working?: WorkingChild): Promise<void> {
    working?.done();
    const stillWorking = [...this.children.values()].some(
      (c) => !isTerminalChild(childStateFromWire(c.wire.state) ?? 'PendingNew'),
    );
    const s = parentState(this.parent);
    if (!stillWorking && s === 'EXECUTING') {
      await this.moveParent(
        new Dec(this.parent.filledQuantity || '0').gt(0) ? 'FILLED' : 'ACTIVE',
        'between slices',
      );
    }
  }

  async report(): Promise<execution.ExecutionReport> {
    const fills = await this.deps.store.getFills(this.parent.parentId);
    const isBps = this.parent.arrivalPrice
      ? implementationShortfallBps(
          this.side,
          Number(this.parent.arrivalPrice),
          fills.map((f) => ({ price: Number(f.price), quantity: Number(f.quantity) })),
        )
      : 0;
    const fees = fills.reduce((s, f) => s.plus(f.fee || '0'), new Dec(0));
    return execution.ExecutionReport.create({
      filledQuantity: this.parent.filledQuantity || '0',
      averagePrice: this.parent.averagePrice || '',
      implementationShortfallBps: isBps,
      childOrders: this.children.size,
      fallbackSlices: this.fallbackSliceIndexes.size,
      deniedSlices: this.deniedSlices,
      fees: fees.toFixed(),
      slicesRun: this.slicesRun,
      skippedSlices: this.skippedSlices,
      dependencies: this.stats.toWire(),
    });
  }
}
