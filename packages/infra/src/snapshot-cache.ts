import type { Redis } from 'ioredis';
import { marketdata } from '@tranche/contracts';

/** Latest snapshot per symbol in Redis with a TTL: a stale price must expire, not linger. */
export class RedisSnapshotCache {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
    private readonly prefix = 'tranche:md:snapshot',
  ) {}

  async put(s: marketdata.MarketSnapshot): Promise<void> {
    await this.redis.set(
      `${this.prefix}:${s.symbol}`,
      Buffer.from(marketdata.MarketSnapshot.encode(s).finish()),
      'PX',
      this.ttlMs,
    );
  }

  async get(symbol: string): Promise<marketdata.MarketSnapshot | undefined> {
    const b = await this.redis.getBuffer(`${this.prefix}:${symbol}`);
    return b ? marketdata.MarketSnapshot.decode(b) : undefined;
  }
}
