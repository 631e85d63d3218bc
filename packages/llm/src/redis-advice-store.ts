import type { ChainableCommander, Redis } from 'ioredis';
import {
  emptyCounters,
  type AdviceStore,
  type CounterDelta,
  type ParentCounters,
  type ParentMemory,
  type SliceWrite,
  type StoredAdvice,
} from './advice-store.js';

/**
 * Advice, memory and counters per parent in Redis, so any replica of the decision service serves a
 * parent's next slice from the advice another replica obtained:
 *   tranche:llm:advice:<parent>  JSON, expiring with the advice;
 *   tranche:llm:parent:<parent>  JSON, the parent's memory (a day's TTL, renewed on every slice);
 *   tranche:llm:refresh:<parent> the refresh claim (SET NX PX), so one replica calls the model at a time;
 *   tranche:llm:stats:<parent>   a hash of counters (HINCRBY).
 */
export class RedisAdviceStore implements AdviceStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'tranche:llm',
    private readonly memoryTtlMs = 86_400_000,
  ) {}

  private key(kind: string, parentId: string) {
    return `${this.prefix}:${kind}:${parentId}`;
  }

  async read(parentId: string): Promise<{ advice?: StoredAdvice; memory?: ParentMemory }> {
    const [a, m] = await this.redis.mget(this.key('advice', parentId), this.key('parent', parentId));
    return {
      ...(a ? { advice: JSON.parse(a) as StoredAdvice } : {}),
      ...(m ? { memory: JSON.parse(m) as ParentMemory } : {}),
    };
  }

  async putAdvice(parentId: string, advice: StoredAdvice, ttlMs: number): Promise<void> {
    await this.redis.set(
      this.key('advice', parentId),
      JSON.stringify(advice),
      'PX',
      Math.max(1, Math.round(ttlMs)),
    );
  }

  async putMemory(parentId: string, memory: ParentMemory): Promise<void> {
    await this.redis.set(this.key('parent', parentId), JSON.stringify(memory), 'PX', this.memoryTtlMs);
  }

  async claimRefresh(parentId: string, holdMs: number): Promise<boolean> {
    const ok = await this.redis.set(
      this.key('refresh', parentId),
      '1',
      'PX',
      Math.max(1, Math.round(holdMs)),
      'NX',
    );
    return ok === 'OK';
  }

  async releaseRefresh(parentId: string): Promise<void> {
    await this.redis.del(this.key('refresh', parentId));
  }

  async count(parentId: string, delta: CounterDelta): Promise<void> {
    const p = this.redis.pipeline();
    this.countInto(p, parentId, delta);
    await p.exec();
  }

  async write(parentId: string, w: SliceWrite): Promise<void> {
    const p = this.redis.pipeline();
    p.set(this.key('parent', parentId), JSON.stringify(w.memory), 'PX', this.memoryTtlMs);
    if (w.advice)
      p.set(
        this.key('advice', parentId),
        JSON.stringify(w.advice.value),
        'PX',
        Math.max(1, Math.round(w.advice.ttlMs)),
      );
    this.countInto(p, parentId, w.count);
    await p.exec();
  }

  private countInto(p: ChainableCommander, parentId: string, delta: CounterDelta): void {
    const key = this.key('stats', parentId);
    for (const [k, v] of Object.entries(delta)) {
      if (k === 'fallback') p.hincrby(key, `fallback:${String(v)}`, 1);
      else if (typeof v === 'number' && v !== 0) p.hincrby(key, k, Math.round(v));
    }
    p.pexpire(key, this.memoryTtlMs);
  }

  async counters(parentId: string): Promise<ParentCounters> {
    const h = await this.redis.hgetall(this.key('stats', parentId));
    const c = emptyCounters();
    for (const [k, v] of Object.entries(h)) {
      if (k.startsWith('fallback:')) c.fallbacks[k.slice('fallback:'.length)] = Number(v);
      else if (k in c && k !== 'fallbacks') (c as unknown as Record<string, number>)[k] = Number(v);
    }
    return c;
  }
}
