import type { Redis } from 'ioredis';
import type { RateCounter } from '@tranche/engine';

// Trim, count and add in one script so concurrent risk replicas cannot both
// take the last slot of the window.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
local n = redis.call('ZCARD', KEYS[1])
if n >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/** Sliding-window counter in a Redis sorted set (score = ms timestamp), shared by every replica. */
export class RedisRateCounter implements RateCounter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'tranche:risk',
  ) {}

  async count(key: string, nowMs: number, windowMs: number): Promise<number> {
    const k = `${this.prefix}:${key}`;
    await this.redis.zremrangebyscore(k, '-inf', nowMs - windowMs);
    return this.redis.zcard(k);
  }

  async tryAcquire(
    key: string,
    nowMs: number,
    windowMs: number,
    max: number,
    member: string,
  ): Promise<boolean> {
    const r = await this.redis.eval(
      ACQUIRE,
      1,
      `${this.prefix}:${key}`,
      nowMs,
      windowMs,
      max,
      `${nowMs}:${member}`,
    );
    return r === 1;
  }
}
