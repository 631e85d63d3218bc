import type { Redis } from 'ioredis';
import { execution, parentStateFromWire } from '@tranche/contracts';
import { isTerminalParent } from '@tranche/execution-core';
import { LeaseLostError, StoreUnavailableError, type OrderStore } from '@tranche/engine';
import { TrancheError } from '@tranche/execution-core';
import type { LeaseTokens } from './redis-parent-leases.js';

// A write for a leased parent runs only while the lease still carries this replica's token: a router
// that stalled past its lease (GC, a partition) cannot overwrite what the new owner has written.
const FENCED = `
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return redis.error_reply('LEASE_LOST') end
return redis.call(ARGV[2], KEYS[2], unpack(ARGV, 3))
`;

/**
 * Parent, child and fill state in Redis, as protobuf bytes. Keys hang off the
 * parent id so one parent's state can be read in one round trip per kind:
 *   tranche:parent:{id}            ParentOrder
 *   tranche:parent:{id}:children   hash childId -> ChildOrder
 *   tranche:parent:{id}:fills      hash execId  -> Fill (HSETNX: a fill is recorded once)
 *   tranche:parent:{id}:seq        event sequence counter
 *   tranche:parent:{id}:report     ExecutionReport the parent ended with
 *   tranche:parent:{id}:checkpoint where the running parent stands (JSON)
 *   tranche:parents:active         set of the parents not yet ended
 *   tranche:client-order:{key}     parent id, claimed with SET NX
 * With `tokens`, every write for a parent this replica holds a lease on is fenced by its token.
 */
export class RedisOrderStore implements OrderStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'tranche',
    private readonly tokens?: LeaseTokens,
  ) {}

  private k(...parts: string[]) {
    return [this.prefix, ...parts].join(':');
  }

  /** Run one write command, fenced by the parent's lease token when this replica holds one. */
  private async write(parentId: string, command: string, key: string, ...args: (string | Buffer | number)[]) {
    return reachable(() => this.fencedWrite(parentId, command, key, ...args));
  }

  private async fencedWrite(
    parentId: string,
    command: string,
    key: string,
    ...args: (string | Buffer | number)[]
  ) {
    const token = this.tokens?.get(parentId);
    if (token === undefined) return this.redis.call(command, key, ...args);
    try {
      return await this.redis.eval(
        FENCED,
        2,
        this.k('lease', parentId),
        key,
        String(token),
        command,
        ...args,
      );
    } catch (err) {
      if ((err as Error).message.includes('LEASE_LOST')) {
        this.tokens?.delete(parentId);
        throw new LeaseLostError(parentId);
      }
      throw err;
    }
  }

  async createParent(parent: execution.ParentOrder) {
    return reachable(async () => {
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
    });
  }

  async saveParent(parent: execution.ParentOrder) {
    await this.write(
      parent.parentId,
      'SET',
      this.k('parent', parent.parentId),
      Buffer.from(execution.ParentOrder.encode(parent).finish()),
    );
    const state = parentStateFromWire(parent.state ?? 0);
    await reachable(() =>
      state && isTerminalParent(state)
        ? this.redis.srem(this.k('parents', 'active'), parent.parentId)
        : this.redis.sadd(this.k('parents', 'active'), parent.parentId),
    );
  }

  async saveCheckpoint(parentId: string, checkpoint: string) {
    await this.write(parentId, 'SET', this.k('parent', parentId, 'checkpoint'), checkpoint);
  }

  async getCheckpoint(parentId: string) {
    return reachable(async () => {
      return (await this.redis.get(this.k('parent', parentId, 'checkpoint'))) ?? undefined;
    });
  }

  async activeParents() {
    return reachable(async () => {
      return this.redis.smembers(this.k('parents', 'active'));
    });
  }

  async getParent(parentId: string) {
    return reachable(async () => {
      const b = await this.redis.getBuffer(this.k('parent', parentId));
      return b ? execution.ParentOrder.decode(b) : undefined;
    });
  }

  async saveChild(child: execution.ChildOrder) {
    await this.write(
      child.parentId,
      'HSET',
      this.k('parent', child.parentId, 'children'),
      child.childId,
      Buffer.from(execution.ChildOrder.encode(child).finish()),
    );
  }

  async getChildren(parentId: string) {
    return reachable(async () => {
      const h = await this.redis.hgetallBuffer(this.k('parent', parentId, 'children'));
      return Object.values(h)
        .map((b) => execution.ChildOrder.decode(b))
        .sort((a, b) => a.sliceIndex - b.sliceIndex || a.attempt - b.attempt);
    });
  }

  async addFill(fill: execution.Fill) {
    const added = await this.write(
      fill.parentId,
      'HSETNX',
      this.k('parent', fill.parentId, 'fills'),
      fill.execId,
      Buffer.from(execution.Fill.encode(fill).finish()),
    );
    return added === 1;
  }

  async getFills(parentId: string) {
    return reachable(async () => {
      const h = await this.redis.hgetallBuffer(this.k('parent', parentId, 'fills'));
      return Object.values(h)
        .map((b) => execution.Fill.decode(b))
        .sort((a, b) => Number(a.tsEvent) - Number(b.tsEvent) || a.execId.localeCompare(b.execId));
    });
  }

  async saveReport(parentId: string, report: execution.ExecutionReport) {
    await this.write(
      parentId,
      'SET',
      this.k('parent', parentId, 'report'),
      Buffer.from(execution.ExecutionReport.encode(report).finish()),
    );
  }

  async getReport(parentId: string) {
    return reachable(async () => {
      const b = await this.redis.getBuffer(this.k('parent', parentId, 'report'));
      return b ? execution.ExecutionReport.decode(b) : undefined;
    });
  }

  async nextEventSequence(parentId: string) {
    return Number(await this.write(parentId, 'INCR', this.k('parent', parentId, 'seq')));
  }
}

/** Redis errors (connection lost, retries used up) become StoreUnavailableError; ours pass through. */
async function reachable<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof TrancheError) throw err;
    throw new StoreUnavailableError((err as Error).message);
  }
}
