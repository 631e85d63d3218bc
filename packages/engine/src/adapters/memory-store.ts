import { parentStateFromWire, type execution } from '@tranche/contracts';
import { isTerminalParent } from '@tranche/execution-core';
import type { LeaseHolder, LeasePort, OrderStore, ParentLease } from '../ports/index.js';

/**
 * In-process store for the embedded mode and unit tests. Values are copied in
 * and out so callers cannot mutate stored state by accident, as with Redis.
 */
export class MemoryOrderStore implements OrderStore {
  private readonly parents = new Map<string, execution.ParentOrder>();
  private readonly byClientId = new Map<string, string>();
  private readonly children = new Map<string, Map<string, execution.ChildOrder>>();
  private readonly fills = new Map<string, Map<string, execution.Fill>>();
  private readonly sequences = new Map<string, number>();
  private readonly reports = new Map<string, execution.ExecutionReport>();
  private readonly checkpoints = new Map<string, string>();
  private readonly active = new Set<string>();

  async createParent(parent: execution.ParentOrder) {
    const existingId = parent.clientOrderId ? this.byClientId.get(parent.clientOrderId) : undefined;
    if (existingId) {
      const existing = this.parents.get(existingId);
      if (existing) return { parent: clone(existing), created: false };
    }
    await this.saveParent(parent);
    if (parent.clientOrderId) this.byClientId.set(parent.clientOrderId, parent.parentId);
    return { parent: clone(parent), created: true };
  }

  async saveParent(parent: execution.ParentOrder) {
    this.parents.set(parent.parentId, clone(parent));
    const state = parentStateFromWire(parent.state ?? 0);
    if (state && isTerminalParent(state)) this.active.delete(parent.parentId);
    else this.active.add(parent.parentId);
  }

  async saveCheckpoint(parentId: string, checkpoint: string) {
    this.checkpoints.set(parentId, checkpoint);
  }

  async getCheckpoint(parentId: string) {
    return this.checkpoints.get(parentId);
  }

  async activeParents() {
    return [...this.active];
  }

  async getParent(parentId: string) {
    const p = this.parents.get(parentId);
    return p ? clone(p) : undefined;
  }

  async saveChild(child: execution.ChildOrder) {
    let m = this.children.get(child.parentId);
    if (!m) this.children.set(child.parentId, (m = new Map()));
    m.set(child.childId, clone(child));
  }

  async getChildren(parentId: string) {
    return [...(this.children.get(parentId)?.values() ?? [])].map(clone);
  }

  async addFill(fill: execution.Fill) {
    let m = this.fills.get(fill.parentId);
    if (!m) this.fills.set(fill.parentId, (m = new Map()));
    if (m.has(fill.execId)) return false;
    m.set(fill.execId, clone(fill));
    return true;
  }

  async getFills(parentId: string) {
    return [...(this.fills.get(parentId)?.values() ?? [])].map(clone);
  }

  async saveReport(parentId: string, report: execution.ExecutionReport) {
    this.reports.set(parentId, clone(report));
  }

  async getReport(parentId: string) {
    const r = this.reports.get(parentId);
    return r ? clone(r) : undefined;
  }

  async nextEventSequence(parentId: string) {
    const n = (this.sequences.get(parentId) ?? 0) + 1;
    this.sequences.set(parentId, n);
    return n;
  }
}

/**
 * Leases in memory: the embedded mode has a single router, which owns every parent. Routers that
 * share one table (`as`) exercise take-overs in tests; a lease not renewed within `ttlMs` lapses.
 */
export class MemoryLeases implements LeasePort {
  private tokens = { next: 0 };

  constructor(
    readonly owner = 'embedded',
    private readonly now: () => number = Date.now,
    private readonly ttlMs = Number.POSITIVE_INFINITY,
    private readonly table = new Map<
      string,
      { owner: string; token: number; since: number; until: number }
    >(),
  ) {}

  /** The same leases seen by another router replica. */
  as(owner: string): MemoryLeases {
    const other = new MemoryLeases(owner, this.now, this.ttlMs, this.table);
    other.tokens = this.tokens;
    return other;
  }

  private live(parentId: string) {
    const h = this.table.get(parentId);
    return h && h.until > this.now() ? h : undefined;
  }

  async acquire(parentId: string): Promise<ParentLease | undefined> {
    const h = this.live(parentId);
    if (h && h.owner !== this.owner) return undefined;
    const token = h?.token ?? ++this.tokens.next;
    this.table.set(parentId, {
      owner: this.owner,
      token,
      since: h?.since ?? this.now(),
      until: this.now() + this.ttlMs,
    });
    return { parentId, owner: this.owner, token };
  }

  async renew(lease: ParentLease): Promise<boolean> {
    const h = this.live(lease.parentId);
    if (!h || h.owner !== lease.owner || h.token !== lease.token) return false;
    h.until = this.now() + this.ttlMs;
    return true;
  }

  async release(lease: ParentLease): Promise<void> {
    const h = this.table.get(lease.parentId);
    if (h && h.owner === lease.owner && h.token === lease.token) this.table.delete(lease.parentId);
  }

  async holder(parentId: string): Promise<LeaseHolder | undefined> {
    const h = this.live(parentId);
    return h ? { owner: h.owner, token: h.token, ageMs: this.now() - h.since } : undefined;
  }
}

function clone<T extends object>(v: T): T {
  const ctor = (
    v as {
      constructor: { create?: (p: object) => T; toObject?: (m: T) => object; fromObject?: (o: object) => T };
    }
  ).constructor;
  // Protobuf instances round-trip through their own class so they stay instances.
  if (ctor.toObject && ctor.fromObject) return ctor.fromObject(ctor.toObject(v));
  return structuredClone(v);
}
