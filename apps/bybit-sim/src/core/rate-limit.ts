import type { Clock } from './clock.js';

/**
 * Per-UID, per-endpoint rolling-window limits (Bybit: requests per second per UID), and the
 * per-IP limit (600 requests per 5 s, then HTTP 403 and a ban).
 */
export interface LimitState {
  limit: number;
  remaining: number;
  /** When the oldest request in the window leaves it (ms). */
  resetAt: number;
  allowed: boolean;
}

/** Bybit's documented per-second defaults (rate-limit.mdx); the window is configurable. */
export const DEFAULT_ENDPOINT_LIMITS: Record<string, number> = {
  '/v5/order/create': 10,
  '/v5/order/amend': 10,
  '/v5/order/cancel': 10,
  '/v5/order/cancel-all': 10,
  '/v5/order/realtime': 50,
  '/v5/order/history': 50,
  '/v5/execution/list': 50,
  '/v5/position/list': 50,
  '/v5/account/wallet-balance': 50,
};

export class RollingLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly clock: Clock,
    readonly windowMs: number,
  ) {}

  take(key: string, limit: number): LimitState {
    const now = this.clock.now();
    let arr = this.hits.get(key);
    if (!arr) {
      arr = [];
      this.hits.set(key, arr);
    }
    const from = now - this.windowMs;
    let drop = 0;
    while (drop < arr.length && arr[drop]! <= from) drop++;
    if (drop) arr.splice(0, drop);
    if (arr.length >= limit) {
      return { limit, remaining: 0, resetAt: Math.ceil(arr[0]! + this.windowMs), allowed: false };
    }
    arr.push(now);
    return {
      limit,
      remaining: limit - arr.length,
      resetAt: Math.ceil(arr.length >= limit ? arr[0]! + this.windowMs : now),
      allowed: true,
    };
  }

  reset(): void {
    this.hits.clear();
  }
}

export class IpLimiter {
  private readonly limiter: RollingLimiter;
  private readonly bannedUntil = new Map<string, number>();
  constructor(
    private readonly clock: Clock,
    private readonly limit = 600,
    windowMs = 5_000,
    private readonly banMs = 10 * 60_000,
  ) {
    this.limiter = new RollingLimiter(clock, windowMs);
  }

  /** False when the IP is over its limit or banned. Going over starts a ban. */
  allow(ip: string): boolean {
    const now = this.clock.now();
    const until = this.bannedUntil.get(ip);
    if (until !== undefined) {
      if (now < until) return false;
      this.bannedUntil.delete(ip);
    }
    if (!this.limiter.take(ip, this.limit).allowed) {
      this.bannedUntil.set(ip, now + this.banMs);
      return false;
    }
    return true;
  }

  ban(ip: string, ms: number): void {
    this.bannedUntil.set(ip, this.clock.now() + ms);
  }

  reset(): void {
    this.bannedUntil.clear();
    this.limiter.reset();
  }
}
