import type { Redis } from 'ioredis';
import { execution } from '@tranche/contracts';
import type { OrderStore } from '@tranche/engine';

/**
 * Parent, child and fill state in Redis, as protobuf bytes. Keys hang off the
 * parent id so one parent's state can be read in one round trip per kind:
 *   tranche:parent:{id}            ParentOrder
 *   tranche:parent:{id}:children   hash childId -> ChildOrder
 *   tranche:parent:{id}:fills      hash execId  -> Fill (HSETNX: a fill is recorded once)
 *   tranche:parent:{id}:seq        event sequence counter
 *   tranche:parent:{id}:report     ExecutionReport the parent ended with
 *   tranche:client-order:{key}     parent id, claimed with SET NX
 */
export class RedisOrderStore implements OrderStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'tranche',
  ) {}

  private k(...parts: string[]) {
    return [this.prefix, ...parts].join(':');
  }

  async createParent(parent: execution.ParentOrder) {
    if (parent.clientOrderId) {
      // The claim and the parent are two writes; the claim comes first, so a
      // retried submission finds it even if this process dies in between.
      const claimed = await this.redis.set(
        this.k('client-order', parent.clientOrderId),
        parent.parentId,
        'NX',
      );
      if (claimed !== 'OK') {
        const existingId = await this.redis.get(this.k('client-order', parent.clientOrderId));
        const existing = existingId ? await this.getParent(existingId) : undefined;
        if (existing) return { parent: existing, created: false };
        // Claimed but never written: the earlier attempt died before saving. Take it over.
        await this.redis.set(this.k('client-order', parent.clientOrderId), parent.parentId);
      }
    }
    await this.saveParent(parent);
    return { parent, created: true };
  }

  async saveParent(parent: execution.ParentOrder) {
    await this.redis.set(
      this.k('parent', parent.parentId),
      Buffer.from(execution.ParentOrder.encode(parent).finish()),
    );
  }

  async getParent(parentId: string) {
    const b = await this.redis.getBuffer(this.k('parent', parentId));
    return b ? execution.ParentOrder.decode(b) : undefined;
  }

  async saveChild(child: execution.ChildOrder) {
    await this.redis.hset(
      this.k('parent', child.parentId, 'children'),
      child.childId,
      Buffer.from(execution.ChildOrder.encode(child).finish()),
    );
  }

  async getChildren(parentId: string) {
    const h = await this.redis.hgetallBuffer(this.k('parent', parentId, 'children'));
    return Object.values(h)
      .map((b) => execution.ChildOrder.decode(b))
      .sort((a, b) => a.sliceIndex - b.sliceIndex || a.attempt - b.attempt);
  }

  async addFill(fill: execution.Fill) {
    const added = await this.redis.hsetnx(
      this.k('parent', fill.parentId, 'fills'),
      fill.execId,
      Buffer.from(execution.Fill.encode(fill).finish()),
    );
    return added === 1;
  }

  async getFills(parentId: string) {
    const h = await this.redis.hgetallBuffer(this.k('parent', parentId, 'fills'));
    return Object.values(h)
      .map((b) => execution.Fill.decode(b))
      .sort((a, b) => Number(a.tsEvent) - Number(b.tsEvent) || a.execId.localeCompare(b.execId));
  }

  async saveReport(parentId: string, report: execution.ExecutionReport) {
    await this.redis.set(
      this.k('parent', parentId, 'report'),
      Buffer.from(execution.ExecutionReport.encode(report).finish()),
    );
  }

  async getReport(parentId: string) {
    const b = await this.redis.getBuffer(this.k('parent', parentId, 'report'));
    return b ? execution.ExecutionReport.decode(b) : undefined;
  }

  async nextEventSequence(parentId: string) {
    return this.redis.incr(this.k('parent', parentId, 'seq'));
  }
}
