import type { RateCounter } from '../ports/index.js';

/** In-process sliding window; single process only (the Redis adapter is for replicas). */
export class MemoryRateCounter implements RateCounter {
  private readonly windows = new Map<string, number[]>();

  private prune(key: string, nowMs: number, windowMs: number): number[] {
    const list = (this.windows.get(key) ?? []).filter((t) => t > nowMs - windowMs);
    this.windows.set(key, list);
    return list;
  }

  async count(key: string, nowMs: number, windowMs: number): Promise<number> {
    return this.prune(key, nowMs, windowMs).length;
  }

  async tryAcquire(key: string, nowMs: number, windowMs: number, max: number): Promise<boolean> {
    const list = this.prune(key, nowMs, windowMs);
    if (list.length >= max) return false;
    list.push(nowMs);
    return true;
  }
}
