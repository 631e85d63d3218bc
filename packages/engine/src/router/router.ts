import { execution, risk, sideFromWire, type marketdata } from '@tranche/contracts';
import { checkParentLimits, Dec, isTerminalParent, type InstrumentRules } from '@tranche/execution-core';
import { context } from '@tranche/telemetry';
import { VenueRejectedError, type VenueFill, type VenueOrderUpdate } from '../ports/index.js';
import {
  InvalidRequestError,
  MarketDataUnavailableError,
  ParentLimitExceededError,
  ParentNotFoundError,
  VenueUnavailableError,
} from '../services/errors.js';
import { planBaseline, type BaselinePlanInput } from './baseline-plan.js';
import { newParentId, parentIdOf } from './ids.js';
import { ParentOwnership } from './ownership.js';
import { amendmentFrom } from './amendment.js';
import { checkSubmission } from './submission.js';
import { ParentExecution, type ExecutionDeps } from './parent-execution.js';
import { snapshotAgeMs } from './snapshot-age.js';
import { parentState, setParentState } from './wire.js';

/** A 32-bit seed from a parent id (FNV-1a), never 0. */
function seedFromId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h || 1;
}

/** A wall-clock wait that never keeps the process alive on its own. */
function wallTime(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Owns parent orders: accepts them, runs one ParentExecution each, routes venue
 * reports to the execution that owns the child, and answers status queries
 * from the store.
 */
export class Router {
  private readonly executions = new Map<string, ParentExecution>();

  private limitsTimer: NodeJS.Timeout | undefined;
  private readonly ownership: ParentOwnership;

  constructor(private readonly deps: ExecutionDeps) {
    this.ownership = new ParentOwnership(deps, this.executions, (symbol) => this.instrumentRules(symbol));
    deps.venue.subscribe({
      onFill: (f: VenueFill) => void this.forFill(f.orderLinkId, (e) => e.onFill(f)),
      onOrderUpdate: (u: VenueOrderUpdate) => void this.forFill(u.orderLinkId, (e) => e.onOrderUpdate(u)),
    });
    // The local fallback must apply the limits risk runs with, not built-in ones: read them now and
    // again on a cadence, keeping the last ones known while risk is unreachable.
    void this.refreshRiskLimits();
    if (deps.config.riskLimitsRefreshMs > 0) {
      this.limitsTimer = setInterval(() => void this.refreshRiskLimits(), deps.config.riskLimitsRefreshMs);
      this.limitsTimer.unref();
    }
  }

  /** Run the parents no router is running, now and on a cadence (see ParentOwnership). */
  start(): void {
    this.ownership.start();
  }

  renewLeases(): Promise<void> {
    return this.ownership.renewLeases();
  }

  takeOverOrphans(): Promise<number> {
    return this.ownership.takeOverOrphans();
  }

  /** Stop without ending anything: every running parent is left to another router. */
  async handOver(): Promise<void> {
    clearInterval(this.limitsTimer);
    await this.ownership.handOver();
  }

  /** Where a command for a parent must be applied: here, or at the replica that owns it. */
  locate(parentId: string): Promise<'here' | { owner: string }> {
    return this.ownership.locate(parentId);
  }

  /** True when this router runs the parent now. */
  runs(parentId: string): boolean {
    return this.ownership.runs(parentId);
  }

  /** Who runs a parent, and for how long, when some router does. */
  owner(parentId: string) {
    return this.ownership.owner(parentId);
  }

  /** Read the risk service's limits into the router's local fallback; false when risk did not answer. */
  async refreshRiskLimits(): Promise<boolean> {
    try {
      this.deps.config.localRiskLimits = await this.deps.risk.limits(this.deps.config.deadlines.riskMs * 4);
      return true;
    } catch (err) {
      this.deps.logger.warn('risk limits not refreshed; the local fallback keeps the last known', {
        error: (err as Error).message,
      });
      return false;
    }
  }

  private async forFill(orderLinkId: string, fn: (e: ParentExecution) => Promise<void>): Promise<void> {
    // Child ids start with their parent's id (see ids.ts), so a report finds its execution directly.
    const e = this.executions.get(parentIdOf(orderLinkId));
    if (!e || !e.owns(orderLinkId)) {
      this.deps.logger.warn('venue report for an unknown child order', { orderLinkId });
      return;
    }
    await fn(e).catch((err: Error) =>
      this.deps.logger.error('venue report not applied', { orderLinkId, error: err.message }),
    );
  }

  async submit(request: execution.ISubmitParentOrderRequest): Promise<execution.SubmitParentOrderResponse> {
    const { clock, config, store, market } = this.deps;
    const side = sideFromWire(request.side ?? undefined);
    if (!side) throw new InvalidRequestError('side must be SIDE_BUY or SIDE_SELL');
    if (!request.symbol) throw new InvalidRequestError('symbol is required, e.g. BTCUSDT');
    const rules = await this.instrumentRules(request.symbol);
    const { qty, horizonMs, requested, algorithm, slices, urgency, jitterRequest } = checkSubmission(
      request,
      rules,
      config,
    );

    // Without a fresh price at acceptance there is no arrival benchmark and no sane price band.
    let snap: marketdata.MarketSnapshot;
    try {
      snap = await market.snapshot(request.symbol, config.deadlines.marketDataMs * 4);
    } catch (err) {
      throw new MarketDataUnavailableError(
        `no market data for ${request.symbol}: ${(err as Error).message}; retry when market data is up`,
      );
    }
    const age = snapshotAgeMs(snap, clock.now());
    if (age > config.maxSnapshotAgeMs)
      throw new MarketDataUnavailableError(
        `market data for ${request.symbol} is ${Math.round(age)} ms old (limit ${config.maxSnapshotAgeMs} ms); ` +
          'retry when market data is moving again',
      );
    const breaches = checkParentLimits(
      {
        symbol: request.symbol,
        quantity: qty,
        price: snap.mid,
        // Volume over the last minute scaled to a day stands in when no daily average is known yet.
        dailyVolume: Number(snap.averageDailyVolume) || Number(snap.volume_1m || 0) * 1440,
      },
      config.parentLimits,
    );
    if (breaches.length > 0)
      throw new ParentLimitExceededError(
        `parent refused: ${breaches.map((b) => `${b.message} (${b.code})`).join('; ')}`,
      );
    const now = clock.now();
    const parentId = newParentId();
    // A parent without a seed gets one from its id, recorded, so its schedule can be made again.
    const jitter = jitterRequest
      ? execution.ScheduleJitter.create({
          seed: jitterRequest.seed || seedFromId(parentId),
          timingFraction: jitterRequest.timingFraction ?? 0,
          sizeFraction: jitterRequest.sizeFraction ?? 0,
        })
      : undefined;
    const parent = execution.ParentOrder.create({
      parentId,
      clientOrderId: request.clientOrderId ?? '',
      symbol: request.symbol,
      side: request.side,
      quantity: new Dec(qty).toFixed(),
      startTime: now,
      deadline: now + horizonMs,
      arrivalPrice: snap.mid,
      urgency,
      algorithm,
      slices,
      limits: request.limits ?? undefined,
      ...(jitter ? { jitter } : {}),
      filledQuantity: '0',
      averagePrice: '',
      createdAt: now,
      updatedAt: now,
    });
    setParentState(parent, 'INITIALIZED');
    const { parent: stored, created } = await store.createParent(parent);
    if (!created) return execution.SubmitParentOrderResponse.create({ parent: stored, duplicate: true });

    const planning: BaselinePlanInput = {
      algorithm: requested,
      side,
      quantity: parent.quantity,
      startMs: now,
      horizonMs,
      slices,
      rules,
      snapshot: snap,
      urgency,
      maxParticipation: request.limits?.maxParticipation || config.localRiskLimits.maxParticipation,
      ...(jitter
        ? {
            jitter: {
              seed: jitter.seed,
              timingFraction: jitter.timingFraction,
              sizeFraction: jitter.sizeFraction,
            },
          }
        : {}),
    };
    const plan = planBaseline(planning);
    // A new parent is this router's: its lease fences every write from here on.
    await this.ownership.claimNew(parent.parentId);
    setParentState(parent, 'ACTIVE');
    parent.stateReason = plan.reason;
    await store.saveParent(parent);
    const run = new ParentExecution(this.deps, parent, rules, planning, plan);
    await run.checkpoint();
    this.ownership.track(run);
    const accepted = run.emit(
      { parentAccepted: { parent: run.snapshotParent() } },
      request.clientOrderId || parent.parentId,
    );
    run.announcePlan(0, accepted);
    // The execution outlives this request but stays in its trace, so every slice links back to the submission.
    const ctx = context.active();
    void context.with(ctx, () => run.run());
    return execution.SubmitParentOrderResponse.create({ parent: run.snapshotParent(), duplicate: false });
  }

  /**
   * The instrument's rules from the venue. A symbol the venue does not list is the caller's mistake;
   * anything else (a 5xx, a timeout) is the venue's, retried with back-off within
   * instrumentRetryMs and then reported as unavailable, never as a bad request.
   */
  private async instrumentRules(symbol: string): Promise<InstrumentRules> {
    const budget = this.deps.config.instrumentRetryMs;
    const started = Date.now();
    let pause = 100;
    for (;;) {
      try {
        return await this.deps.venue.instrument(symbol);
      } catch (err) {
        if (err instanceof VenueRejectedError)
          throw new InvalidRequestError(`symbol ${symbol} cannot be traded: ${err.message}`);
        const left = budget - (Date.now() - started);
        if (left <= 0)
          throw new VenueUnavailableError(
            `could not read the ${symbol} instrument rules from the venue within ${budget} ms ` +
              `(${(err as Error).message}); nothing was submitted, retry shortly`,
          );
        this.deps.logger.warn('instrument look-up failed; retrying', {
          symbol,
          error: (err as Error).message,
        });
        await wallTime(Math.min(pause, left));
        pause = Math.min(pause * 2, 1000);
      }
    }
  }

  async cancel(request: execution.ICancelParentOrderRequest): Promise<execution.CancelParentOrderResponse> {
    const id = request.parentId ?? '';
    const run = this.executions.get(id);
    if (run) {
      run.cancel(request.reason || 'cancelled by user');
      await run.finished;
    }
    const parent = await this.deps.store.getParent(id);
    if (!parent) throw new ParentNotFoundError(id);
    return execution.CancelParentOrderResponse.create({ parent });
  }

  /**
   * A trading-state change from risk: parents of a HALTED symbol (or all, for a global halt) take
   * their working children off the venue and wait; when trading resumes, the parents the halt
   * paused slice again. Resolves once every affected parent has acted.
   */
  async onTradingStatus(status: risk.ITradingStatus): Promise<void> {
    const rank = { TRADING_STATE_ACTIVE: 0, TRADING_STATE_REDUCING: 1, TRADING_STATE_HALTED: 2 } as Record<
      string,
      number
    >;
    const name = (s: risk.TradingState | null | undefined) => risk.TradingState[s ?? 0] ?? '';
    const global = status.global;
    await Promise.all(
      [...this.executions.values()].map(async (run) => {
        const symbol = run.snapshotParent().symbol;
        const own = status.symbols?.find((e) => e.symbol === symbol);
        const strictest = [global, own].reduce<risk.ITradingStateEntry | undefined>(
          (a, e) => (e && (!a || (rank[name(e.state)] ?? 0) > (rank[name(a.state)] ?? 0)) ? e : a),
          undefined,
        );
        if (name(strictest?.state) === 'TRADING_STATE_HALTED')
          await run.haltTrading(strictest?.reason || 'trading state HALTED');
        else await run.tradingResumed();
      }),
    );
  }

  /** The owner stops a parent slicing until it resumes it; working children are cancelled. */
  async pause(request: execution.IPauseParentOrderRequest): Promise<execution.PauseParentOrderResponse> {
    const id = request.parentId ?? '';
    const run = this.executions.get(id);
    if (run) await run.pause(request.reason || 'paused by its owner', 'owner');
    const parent = await this.deps.store.getParent(id);
    if (!parent) throw new ParentNotFoundError(id);
    return execution.PauseParentOrderResponse.create({ parent });
  }

  async resume(request: execution.IResumeParentOrderRequest): Promise<execution.ResumeParentOrderResponse> {
    const id = request.parentId ?? '';
    const run = this.executions.get(id);
    if (run) await run.resume();
    const parent = await this.deps.store.getParent(id);
    if (!parent) throw new ParentNotFoundError(id);
    return execution.ResumeParentOrderResponse.create({ parent });
  }

  /**
   * The owner changes a working parent's deadline, urgency or limit price. Every field is checked
   * before anything changes, so a refused amend leaves the parent as it was.
   */
  async amend(request: execution.IAmendParentOrderRequest): Promise<execution.AmendParentOrderResponse> {
    const id = request.parentId ?? '';
    const parent = await this.deps.store.getParent(id);
    if (!parent) throw new ParentNotFoundError(id);
    const run = this.executions.get(id);
    if (!run || isTerminalParent(parentState(parent)))
      throw new InvalidRequestError(
        `parent ${id} is ${parentState(parent)}${run ? '' : ' and not running on this router'}: only a working parent can be amended`,
      );
    const change = await amendmentFrom(request, parent, this.deps, () => this.instrumentRules(parent.symbol));
    const changes = await run.amend(change);
    return execution.AmendParentOrderResponse.create({ parent: run.snapshotParent(), changes });
  }

  async get(request: execution.IGetParentOrderRequest): Promise<execution.GetParentOrderResponse> {
    const id = request.parentId ?? '';
    const parent = await this.deps.store.getParent(id);
    if (!parent) throw new ParentNotFoundError(id);
    const run = this.executions.get(id);
    // A running parent's report is computed now; an ended one's is the one it was stored with.
    const report = run ? await run.report() : await this.deps.store.getReport(id);
    const holder = await this.deps.leases.holder(id);
    return execution.GetParentOrderResponse.create({
      parent,
      children: await this.deps.store.getChildren(id),
      fills: await this.deps.store.getFills(id),
      report,
      owner: holder?.owner ?? '',
      leaseAgeMs: holder?.ageMs ?? 0,
    });
  }

  /** Resolves when the parent has reached a terminal state and its events are published. */
  async whenDone(parentId: string): Promise<execution.ParentOrder> {
    const run = this.executions.get(parentId);
    if (run) await run.finished;
    const parent = await this.deps.store.getParent(parentId);
    if (!parent) throw new ParentNotFoundError(parentId);
    return parent;
  }

  report(parentId: string): Promise<execution.ExecutionReport> | undefined {
    return this.executions.get(parentId)?.report();
  }

  /** Reconcile every working child with the venue, e.g. after its report stream reconnected. */
  async reconcileWorking(): Promise<number> {
    let n = 0;
    for (const e of this.executions.values()) n += await e.reconcileWorking();
    if (n > 0) this.deps.logger.info('reconciled working child orders with the venue', { children: n });
    return n;
  }

  /** Stop every execution (cancelling working children) and wait for them. */
  async stop(reason = 'router shutting down'): Promise<void> {
    clearInterval(this.limitsTimer);
    this.ownership.stop();
    const running = [...this.executions.values()].filter(
      (e) => !['COMPLETE', 'CANCELLED', 'FAILED'].includes(parentState(e.snapshotParent())),
    );
    for (const e of running) e.cancel(reason);
    await Promise.all(running.map((e) => e.finished));
  }
}
