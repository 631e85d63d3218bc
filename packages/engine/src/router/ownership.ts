import { isTerminalParent, type InstrumentRules } from '@tranche/execution-core';
import type { ParentLease } from '../ports/index.js';
import type { ExecutionDeps } from './execution-deps.js';
import { ParentExecution } from './parent-execution.js';
import { parentState, setParentState } from './wire.js';

/** How long an ended parent's execution still takes venue reports (fills racing its last cancels). */
const ENDED_PARENT_KEPT_MS = 60_000;

/**
 * Which parents this router runs, across replicas: the lease of each (taken at birth or on take-over,
 * renewed, given up at the end or on hand-over), the scan for parents nobody runs, and where a
 * command for a parent must go.
 */
export class ParentOwnership {
  /** The leases this router holds, one per parent it runs. */
  private readonly held = new Map<string, ParentLease>();
  private timer: NodeJS.Timeout | undefined;
  private takingOver = false;

  constructor(
    private readonly deps: ExecutionDeps,
    private readonly executions: Map<string, ParentExecution>,
    private readonly instrumentRules: (symbol: string) => Promise<InstrumentRules>,
  ) {}

  /** The lease of a parent just created here: it fences every write from here on. */
  async claimNew(parentId: string): Promise<void> {
    const lease = await this.deps.leases.acquire(parentId);
    if (!lease) throw new Error(`parent ${parentId} was leased by another router at birth`);
    this.held.set(parentId, lease);
  }

  /** Keep a running parent, and give up its lease once it has ended. */
  track(run: ParentExecution): void {
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
    this.timer = setInterval(
      () => {
        void this.renewLeases();
        void this.takeOverOrphans();
      },
      Math.max(100, Math.min(leaseRenewMs, takeoverScanMs)),
    );
    this.timer.unref();
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
    clearInterval(this.timer);
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

  stop(): void {
    clearInterval(this.timer);
  }
}
