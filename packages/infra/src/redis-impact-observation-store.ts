import type { Redis } from 'ioredis';
import type { ImpactObservation, ImpactObservationStore } from '@tranche/engine';

// Check the child, append, cap and bump the version in one step, so two replicas handed the same
// observation (a redelivery) cannot both keep it, and a reader never sees a list without its version.
const APPEND = `
if redis.call('ZSCORE', KEYS[2], ARGV[2]) then return 0 end
local v = redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
redis.call('ZADD', KEYS[2], v, ARGV[2])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[5]) + 1))
redis.call('RPUSH', KEYS[1], ARGV[3])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[4]), -1)
return v
`;

const NUMBER_FIELDS = [
  'quantity',
  'averagePrice',
  'decisionMid',
  'predictedBps',
  'realisedBps',
  'dailyVolume',
  'dailyVolatility',
  'spreadBps',
  'bookWalkBps',
] as const;

function parse(text: string): ImpactObservation | undefined {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    if (typeof o.childId !== 'string' || typeof o.symbol !== 'string') return undefined;
    for (const f of NUMBER_FIELDS) if (typeof o[f] !== 'number') return undefined;
    return {
      childId: o.childId,
      symbol: o.symbol,
      side: o.side === 'BUY' || o.side === 'SELL' ? o.side : undefined,
      model: typeof o.model === 'string' ? o.model : '',
      quantity: o.quantity as number,
      averagePrice: o.averagePrice as number,
      decisionMid: o.decisionMid as number,
      predictedBps: o.predictedBps as number,
      realisedBps: o.realisedBps as number,
      dailyVolume: o.dailyVolume as number,
      dailyVolatility: o.dailyVolatility as number,
      spreadBps: o.spreadBps as number,
      bookWalkBps: o.bookWalkBps as number,
    };
  } catch {
    return undefined;
  }
}

/**
 * Impact observations in Redis: `<prefix>:obs:<SYMBOL>` is a list, oldest first, capped at
 * `capacity`; `<prefix>:seen:<SYMBOL>` the child ids already kept (a sorted set by version, capped
 * at `seenCapacity`); `<prefix>:version` a hash of each symbol's version.
 */
export class RedisImpactObservationStore implements ImpactObservationStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: { prefix?: string; capacity?: number; seenCapacity?: number } = {},
  ) {}

  private get prefix(): string {
    return this.options.prefix ?? 'tranche:impact';
  }

  private get capacity(): number {
    return this.options.capacity ?? 1000;
  }

  async append(observation: ImpactObservation): Promise<number | null> {
    const symbol = observation.symbol;
    const v = await this.redis.eval(
      APPEND,
      3,
      `${this.prefix}:obs:${symbol}`,
      `${this.prefix}:seen:${symbol}`,
      `${this.prefix}:version`,
      symbol,
      observation.childId,
      JSON.stringify(observation),
      this.capacity,
      this.options.seenCapacity ?? this.capacity * 10,
    );
    return typeof v === 'number' && v > 0 ? v : null;
  }

  async load(symbol: string, limit: number): Promise<ImpactObservation[]> {
    const rows = await this.redis.lrange(`${this.prefix}:obs:${symbol}`, -Math.max(1, limit), -1);
    // An entry that does not parse (written by a different version, or by hand) is skipped, not fatal.
    return rows.map(parse).filter((o): o is ImpactObservation => o !== undefined);
  }

  async versions(): Promise<Record<string, number>> {
    const all = await this.redis.hgetall(`${this.prefix}:version`);
    return Object.fromEntries(Object.entries(all).map(([s, v]) => [s, Number(v)]));
  }
}
