import { algorithmFromWire, execution, risk, sideFromWire, type marketdata } from '@tranche/contracts';
import {
  checkParentLimits,
  Dec,
  isQtyOnStep,
  isTerminalParent,
  type InstrumentRules,
} from '@tranche/execution-core';
import { context } from '@tranche/telemetry';
import {
  VenueRejectedError,
  type ParentLease,
  type VenueFill,
  type VenueOrderUpdate,
} from '../ports/index.js';
import {
  InvalidRequestError,
  MarketDataUnavailableError,
  ParentLimitExceededError,
  ParentNotFoundError,
  VenueUnavailableError,
} from '../services/errors.js';
import { planBaseline, type BaselinePlanInput } from './baseline-plan.js';
import { newParentId, parentIdOf } from './ids.js';
import { ParentExecution, type ExecutionDeps, type ParentAmendment } from './parent-execution.js';
import { snapshotAgeMs } from './snapshot-age.js';
import { parentState, setParentState } from './wire.js';

const DEFAULT_SLICE_MS = 60_000;
/** How long an ended parent's execution still takes venue reports (fills racing its last cancels). */
const ENDED_PARENT_KEPT_MS = 60_000;
/** An amended deadline leaves at least this long to trade what is left. */
const MIN_AMENDED_HORIZON_MS = 5_000;

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
  private ownershipTimer: NodeJS.Timeout | undefined;
  /** The leases this router holds, one per parent it runs. */
  private readonly held = new Map<string, ParentLease>();
  private takingOver = false;

  constructor(private readonly deps: ExecutionDeps) {
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

  /** Keep a running parent, and give up its lease once it has ended. */
  private track(run: ParentExecution): void {
    this.executions.set(run.parentId, run);
    void run.finished.then(async () => {
      // An ended parent stays reachable for a while for fills racing its last cancels, then goes:
      // the store answers for it, and the router's memory does not grow with every parent.
      setTimeout(() => {
        if (this.executions.get(run.parentId) === run) this.executions.delete(run.parentId);
      }, ENDED_PARENT_KEPT_MS).unref();
      const lease = this.held.get(run.parentId);
      if (lease && run.storeLost) {
        // Stopped mid-order by a store outage: let go, so the next scan takes it over afresh.
        this.held.delete(run.parentId);
        this.executions.delete(run.parentId);
        await this.deps.leases.release(lease).catch(() => undefined);
        return;
      }
      if (!lease || !isTerminalParent(parentState(run.snapshotParent()))) return;
      this.held.delete(run.parentId);
      await this.deps.leases.release(lease).catch(() => undefined);
    });
  }

  /**
   * Run the parents no router is running: at start-up those this router (or a crashed one) left,
   * and from then on, every `takeoverScanMs`, any whose owner stopped renewing its lease. Each is
   * rebuilt from the store, its children settled with the venue, and traded on from where it stood.
   */
  start(): void {
    const { leaseRenewMs, takeoverScanMs } = this.deps.config;
    void this.takeOverOrphans();
    this.ownershipTimer = setInterval(
      () => {
        void this.renewLeases();
        void this.takeOverOrphans();
      },
      Math.max(100, Math.min(leaseRenewMs, takeoverScanMs)),
    );
    this.ownershipTimer.unref();
  }

  /** Renew every lease held; a parent whose lease was lost is left to its new owner at once. */
  async renewLeases(): Promise<void> {
    for (const [id, lease] of [...this.held]) {
      const ok = await this.deps.leases.renew(lease).catch(() => undefined);
      // A Redis hiccup is not a loss: the lease has seconds left; only a refusal is.
      if (ok !== false) continue;
      this.held.delete(id);
      const run = this.executions.get(id);
      this.executions.delete(id);
      run?.abandon();
      this.deps.logger.warn('lease lost: another router owns the parent now', { parentId: id });
    }
  }

  /** Take over every active parent nobody holds. Returns how many were taken. */
  async takeOverOrphans(): Promise<number> {
    if (this.takingOver) return 0;
    this.takingOver = true;
    let taken = 0;
    try {
      for (const id of await this.deps.store.activeParents()) {
        if (this.executions.has(id) || this.held.has(id)) continue;
        if (
          await this.takeOver(id).catch((err: Error) => {
            this.deps.logger.error('take-over failed; retrying on the next scan', {
              parentId: id,
              error: err.message,
            });
            return false;
          })
        )
          taken++;
      }
    } catch (err) {
      // The store is unreachable: nothing can be taken over now; the next scan tries again.
      this.deps.logger.warn('looking for parents to take over failed', { error: (err as Error).message });
    } finally {
      this.takingOver = false;
    }
    return taken;
  }

  private async takeOver(parentId: string): Promise<boolean> {
    const { store, leases, logger } = this.deps;
    if (await leases.holder(parentId)) return false;
    const lease = await leases.acquire(parentId);
    if (!lease) return false;
    this.held.set(parentId, lease);
    try {
      const parent = await store.getParent(parentId);
      const checkpoint = await store.getCheckpoint(parentId);
      if (!parent || isTerminalParent(parentState(parent)) || !checkpoint) {
        // Ended meanwhile, or died before its first checkpoint (nothing was sent yet): nothing to run.
        if (parent && !checkpoint && !isTerminalParent(parentState(parent))) {
          setParentState(parent, 'FAILED');
          parent.stateReason = 'its router stopped before the first slice; submit it again';
          await store.saveParent(parent);
        }
        this.held.delete(parentId);
        await leases.release(lease);
        return false;
      }
      const rules = await this.instrumentRules(parent.symbol);
      const run = ParentExecution.restore(
        this.deps,
        parent,
        rules,
        checkpoint,
        await store.getChildren(parentId),
        await store.getFills(parentId),
      );
      this.track(run);
      logger.info('took over a parent', { parentId, owner: leases.owner, filled: parent.filledQuantity });
      void run.run();
      return true;
    } catch (err) {
      this.held.delete(parentId);
      await leases.release(lease).catch(() => undefined);
      throw err;
    }
  }

  /**
   * Stop without ending anything: every running parent is left as it stands (its working children
   * with the venue) and its lease released, so another router takes it over at once.
   */
  async handOver(): Promise<void> {
    clearInterval(this.limitsTimer);
    clearInterval(this.ownershipTimer);
    const running = [...this.executions.values()];
    for (const run of running) run.abandon();
    await Promise.all(running.map((r) => r.finished));
    for (const [id, lease] of [...this.held]) {
      this.held.delete(id);
      await this.deps.leases.release(lease).catch(() => undefined);
    }
  }

  /**
   * Where a command for a parent must be applied: here (a parent nobody runs is taken over first),
   * or at the replica that owns it.
   */
  async locate(parentId: string): Promise<'here' | { owner: string }> {
    if (this.executions.has(parentId)) return 'here';
    const h = await this.deps.leases.holder(parentId);
    if (h && h.owner !== this.deps.leases.owner) return { owner: h.owner };
    if (!h)
      await this.takeOver(parentId).catch((err: Error) =>
        this.deps.logger.warn('take-over for a command failed', { parentId, error: err.message }),
      );
    return 'here';
  }

  /** True when this router runs the parent now. */
  runs(parentId: string): boolean {
    return this.executions.has(parentId);
  }

  /** Who runs a parent, and for how long, when some router does. */
  owner(parentId: string) {
    return this.deps.leases.holder(parentId);
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
    const qty = request.quantity ?? '';
    if (!/^\d+(\.\d+)?$/.test(qty) || new Dec(qty).lte(0))
      throw new InvalidRequestError(`quantity must be a positive decimal string, got ${JSON.stringify(qty)}`);
    if (!isQtyOnStep(qty, rules))
      throw new InvalidRequestError(
        `quantity ${qty} is not a multiple of the ${request.symbol} quantity step ${rules.qtyStep}`,
      );
    if (new Dec(qty).lt(rules.minOrderQty))
      throw new InvalidRequestError(
        `quantity ${qty} is below the ${request.symbol} minimum order quantity ${rules.minOrderQty}`,
      );
    const horizonMs = Number(request.horizonMs ?? 0);
    if (!(horizonMs > 0) || horizonMs > config.maxHorizonMs)
      throw new InvalidRequestError(
        `horizon_ms must be between 1 and ${config.maxHorizonMs}, got ${horizonMs}`,
      );
    const requested = request.algorithm ? algorithmFromWire(request.algorithm) : 'TWAP';
    if (!requested)
      throw new InvalidRequestError(
        `algorithm ${request.algorithm} is not one of ALGORITHM_TWAP, ALGORITHM_VWAP, ALGORITHM_IS, ALGORITHM_POV, ALGORITHM_ADAPTIVE`,
      );
    const algorithm = execution.Algorithm[`ALGORITHM_${requested}`];
    const slices =
      request.slices || Math.max(1, Math.min(config.maxSlices, Math.round(horizonMs / DEFAULT_SLICE_MS)));
    if (slices > config.maxSlices)
      throw new InvalidRequestError(`slices must be at most ${config.maxSlices}, got ${slices}`);
    const urgency = Math.min(1, Math.max(0, Number.isFinite(request.urgency) ? (request.urgency ?? 0) : 0));
    const jitterRequest = request.jitter ?? undefined;
    for (const [field, v] of [
      ['timing_fraction', jitterRequest?.timingFraction ?? 0],
      ['size_fraction', jitterRequest?.sizeFraction ?? 0],
    ] as const)
      if (!Number.isFinite(v) || v < 0 || v > 0.5)
        throw new InvalidRequestError(`jitter.${field} must be between 0 and 0.5, got ${v}`);

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
    const lease = await this.deps.leases.acquire(parent.parentId);
    if (!lease) throw new Error(`parent ${parent.parentId} was leased by another router at birth`);
    this.held.set(parent.parentId, lease);
    setParentState(parent, 'ACTIVE');
    parent.stateReason = plan.reason;
    await store.saveParent(parent);
    const run = new ParentExecution(this.deps, parent, rules, planning, plan);
    await run.checkpoint();
    this.track(run);
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
    const change: ParentAmendment = { reason: request.reason || 'amended by its owner' };
    // An int64 left unset may decode as a Long zero: read it through its text.
    const deadline = Number(String(request.deadline ?? 0));
    if (deadline) {
      const now = this.deps.clock.now();
      const latest = Number(parent.startTime) + this.deps.config.maxHorizonMs;
      if (!Number.isFinite(deadline) || deadline <= now + MIN_AMENDED_HORIZON_MS || deadline > latest)
        throw new InvalidRequestError(
          `deadline must be at least ${MIN_AMENDED_HORIZON_MS / 1000} s from now and no later than ` +
            `${new Date(latest).toISOString()} (the longest horizon from the parent's start), got ${new Date(deadline).toISOString()}`,
        );
      change.deadlineMs = deadline;
    }
    if (request.urgency !== undefined && request.urgency !== null) {
      const u = Number(request.urgency);
      if (!Number.isFinite(u) || u < 0 || u > 1)
        throw new InvalidRequestError(`urgency must be between 0 and 1, got ${request.urgency}`);
      change.urgency = u;
    }
    if (request.clearLimitPrice && request.limitPrice)
      throw new InvalidRequestError('give either limit_price or clear_limit_price, not both');
    if (request.clearLimitPrice) change.limitPrice = null;
    else if (request.limitPrice) {
      const lp = request.limitPrice;
      const rules = await this.instrumentRules(parent.symbol);
      if (!/^\d+(\.\d+)?$/.test(lp) || new Dec(lp).lte(0))
        throw new InvalidRequestError(
          `limit_price must be a positive decimal string, got ${JSON.stringify(lp)}`,
        );
      if (!new Dec(lp).mod(rules.tickSize).eq(0))
        throw new InvalidRequestError(
          `limit_price ${lp} is not a multiple of the ${parent.symbol} tick size ${rules.tickSize}`,
        );
      change.limitPrice = new Dec(lp).toFixed();
    }
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
    clearInterval(this.ownershipTimer);
    const running = [...this.executions.values()].filter(
      (e) => !['COMPLETE', 'CANCELLED', 'FAILED'].includes(parentState(e.snapshotParent())),
    );
    for (const e of running) e.cancel(reason);
    await Promise.all(running.map((e) => e.finished));
  }
}
