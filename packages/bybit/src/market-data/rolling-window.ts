/**
 * A fixed-size ring of time buckets (e.g. 60 one-second buckets, 10080 one-minute buckets).
 * Adding is O(1) and allocation-free; each slot remembers which bucket it holds, so stale slots
 * are ignored without a sweep.
 */
export class BucketRing {
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  private readonly stamps: Float64Array;

  constructor(
    readonly bucketMs: number,
    readonly buckets: number,
  ) {
    this.sums = new Float64Array(buckets);
    this.counts = new Float64Array(buckets);
    this.stamps = new Float64Array(buckets).fill(-1);
  }

  bucketOf(tsMs: number): number {
    return Math.floor(tsMs / this.bucketMs);
  }

  add(tsMs: number, value: number, count = 1): void {
    const b = this.bucketOf(tsMs);
    const slot = b % this.buckets;
    if (this.stamps[slot] !== b) {
      // An older bucket may arrive late (out-of-order trades); only overwrite a slot with a newer one.
      if (this.stamps[slot]! > b) return;
      this.stamps[slot] = b;
      this.sums[slot] = 0;
      this.counts[slot] = 0;
    }
    this.sums[slot] = this.sums[slot]! + value;
    this.counts[slot] = this.counts[slot]! + count;
  }

  /** Sum and count over the buckets in (nowBucket - span, nowBucket]. */
  total(nowMs: number, span = this.buckets): { sum: number; count: number } {
    const now = this.bucketOf(nowMs);
    const from = now - Math.min(span, this.buckets);
    let sum = 0;
    let count = 0;
    for (let slot = 0; slot < this.buckets; slot++) {
      const s = this.stamps[slot]!;
      if (s > from && s <= now) {
        sum += this.sums[slot]!;
        count += this.counts[slot]!;
      }
    }
    return { sum, count };
  }

  /** Sum held for one bucket index (0 when the slot holds another bucket). */
  sumAt(bucket: number): number {
    const slot = bucket % this.buckets;
    return this.stamps[slot] === bucket ? this.sums[slot]! : 0;
  }

  /** Visits every live bucket in (nowBucket - buckets, nowBucket]: `(bucketIndex, sum, count)`. */
  forEach(nowMs: number, fn: (bucket: number, sum: number, count: number) => void): void {
    const now = this.bucketOf(nowMs);
    const from = now - this.buckets;
    for (let slot = 0; slot < this.buckets; slot++) {
      const s = this.stamps[slot]!;
      if (s > from && s <= now) fn(s, this.sums[slot]!, this.counts[slot]!);
    }
  }

  /** Oldest live bucket index, or undefined when empty. */
  oldest(nowMs: number): number | undefined {
    let oldest: number | undefined;
    this.forEach(nowMs, (b) => {
      if (oldest === undefined || b < oldest) oldest = b;
    });
    return oldest;
  }
}

/**
 * Realised volatility from 1-second log returns of the mid over a trailing window. Each second's
 * close is the last mid seen in it; seconds without an update repeat the previous close (a zero
 * return), so a quiet market reads as low volatility rather than as missing data.
 *
 * The sum of squares is kept incrementally (add on close, subtract on eviction) so that reading it
 * at the publishing cadence is O(1) amortised instead of a scan of 3600 slots.
 */
export class SecondReturns {
  private readonly squares: Float64Array;
  /** Second held by each slot; -1 once evicted. A slot is in `sum` exactly when its stamp is >= 0. */
  private readonly stamps: Float64Array;
  private sum = 0;
  private counted = 0;
  private closesSinceExact = 0;
  /** Every second at or before this has left the window. */
  private evictedThrough = -1;
  private currentSecond = -1;
  private currentMid = NaN;
  private previousClose = NaN;

  constructor(readonly windowSeconds = 3600) {
    this.squares = new Float64Array(windowSeconds);
    this.stamps = new Float64Array(windowSeconds).fill(-1);
  }

  /** Called on every book update with the event time and the mid; O(1), allocation-free. */
  observe(tsMs: number, mid: number): void {
    if (!(mid > 0)) return;
    const sec = Math.floor(tsMs / 1000);
    if (sec === this.currentSecond) {
      this.currentMid = mid;
      return;
    }
    if (sec < this.currentSecond) return; // late message: its second is already closed
    if (this.currentSecond >= 0) this.closeSecond();
    this.currentSecond = sec;
    this.currentMid = mid;
  }

  private closeSecond(): void {
    const close = this.currentMid;
    const sec = this.currentSecond;
    if (this.previousClose > 0 && sec > this.evictedThrough) {
      const r = Math.log(close / this.previousClose);
      const slot = sec % this.windowSeconds;
      if (this.stamps[slot]! >= 0) {
        this.sum -= this.squares[slot]!;
        this.counted--;
      }
      this.squares[slot] = r * r;
      this.stamps[slot] = sec;
      this.sum += r * r;
      this.counted++;
      // Adding and subtracting floats drifts; an exact pass once per window keeps it honest.
      if (++this.closesSinceExact >= this.windowSeconds) this.recomputeExact();
    }
    this.previousClose = close;
  }

  private recomputeExact(): void {
    let sum = 0;
    for (let slot = 0; slot < this.windowSeconds; slot++)
      if (this.stamps[slot]! >= 0) sum += this.squares[slot]!;
    this.sum = sum;
    this.closesSinceExact = 0;
  }

  private evict(throughSecond: number): void {
    if (throughSecond <= this.evictedThrough) return;
    if (throughSecond - this.evictedThrough >= this.windowSeconds) {
      for (let slot = 0; slot < this.windowSeconds; slot++) {
        const s = this.stamps[slot]!;
        if (s >= 0 && s <= throughSecond) this.drop(slot);
      }
    } else {
      for (let s = this.evictedThrough + 1; s <= throughSecond; s++) {
        const slot = s % this.windowSeconds;
        if (this.stamps[slot] === s) this.drop(slot);
      }
    }
    this.evictedThrough = throughSecond;
  }

  private drop(slot: number): void {
    this.sum -= this.squares[slot]!;
    this.stamps[slot] = -1;
    this.counted--;
    if (this.counted === 0) this.sum = 0;
  }

  /**
   * sqrt(sum of squared 1-s log returns) over the window ending at `nowMs`: the realised
   * volatility of the window as a fraction (not annualised). Seconds with no stored return count
   * as zero returns.
   */
  realized(nowMs: number): number {
    const now = Math.floor(nowMs / 1000);
    const from = now - this.windowSeconds;
    this.evict(from);
    let sum = this.sum > 0 ? this.sum : 0;
    // The still-open second contributes its return so far.
    if (this.currentSecond > from && this.previousClose > 0) {
      const r = Math.log(this.currentMid / this.previousClose);
      sum += r * r;
    }
    return Math.sqrt(sum);
  }
}
