/**
 * One side of a price-level book keyed by integer ticks. Levels live in a Map for O(1) updates
 * and in a sorted array for best-price walks; a 1000-level array splice is a memmove, which is
 * cheaper than a tree at the depths exchanges publish.
 */
export class BookSide {
  readonly qty = new Map<number, number>();
  /**
   * Sort keys, ascending: -tick for bids and tick for asks, so "best first" is always ascending
   * order and the hot binary search needs no side-dependent comparison.
   */
  private readonly keys: number[] = [];
  private readonly sign: number;

  constructor(readonly isBid: boolean) {
    this.sign = isBid ? -1 : 1;
  }

  /** Ticks sorted best first: descending for bids, ascending for asks. */
  get ticks(): readonly number[] {
    return this.sign === 1 ? this.keys : this.keys.map((k) => -k);
  }

  /** The i-th best tick (0 = best), without materialising the array. */
  tickAt(i: number): number | undefined {
    const k = this.keys[i];
    return k === undefined ? undefined : k * this.sign;
  }

  /** Index where key `k` is or would be inserted. */
  private search(k: number): number {
    const a = this.keys;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  set(tick: number, qty: number): void {
    if (qty <= 0) {
      this.delete(tick);
      return;
    }
    if (this.qty.has(tick)) {
      this.qty.set(tick, qty);
      return;
    }
    const k = tick * this.sign;
    const a = this.keys;
    const i = this.search(k);
    if (i === a.length) a.push(k);
    else if (i === 0) a.unshift(k);
    else a.splice(i, 0, k);
    this.qty.set(tick, qty);
  }

  delete(tick: number): void {
    if (!this.qty.delete(tick)) return;
    const i = this.search(tick * this.sign);
    if (i === this.keys.length - 1) this.keys.pop();
    else if (i === 0) this.keys.shift();
    else this.keys.splice(i, 1);
  }

  get(tick: number): number {
    return this.qty.get(tick) ?? 0;
  }

  best(): number | undefined {
    return this.tickAt(0);
  }

  /** Remove every level strictly better than `tick` (stale levels once a newer BBO is known). */
  removeBetterThan(tick: number): void {
    const n = this.search(tick * this.sign);
    for (let i = 0; i < n; i++) this.qty.delete(this.keys[i]! * this.sign);
    if (n > 0) this.keys.splice(0, n);
  }

  /** Drop levels worse than the `keep`-th best, so synthetic books stay bounded. */
  truncate(keep: number): void {
    if (this.keys.length <= keep) return;
    for (let i = keep; i < this.keys.length; i++) this.qty.delete(this.keys[i]! * this.sign);
    this.keys.length = keep;
  }

  clear(): void {
    this.qty.clear();
    this.keys.length = 0;
  }

  get size(): number {
    return this.keys.length;
  }
}

/** The market source's own book for one symbol (what the outside market shows). */
export class SourceBook {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);
  /** Update id of the source (Binance lastUpdateId / Bybit u), for fusing BBO and depth streams. */
  lastUpdateId = 0;
  /** Update id of the newest BBO applied. */
  bboUpdateId = 0;

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }
}
