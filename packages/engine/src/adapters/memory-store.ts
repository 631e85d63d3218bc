import type { execution } from '@tranche/contracts';
import type { OrderStore } from '../ports/index.js';

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

  async createParent(parent: execution.ParentOrder) {
    const existingId = parent.clientOrderId ? this.byClientId.get(parent.clientOrderId) : undefined;
    if (existingId) {
      const existing = this.parents.get(existingId);
      if (existing) return { parent: clone(existing), created: false };
    }
    this.parents.set(parent.parentId, clone(parent));
    if (parent.clientOrderId) this.byClientId.set(parent.clientOrderId, parent.parentId);
    return { parent: clone(parent), created: true };
  }

  async saveParent(parent: execution.ParentOrder) {
    this.parents.set(parent.parentId, clone(parent));
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
