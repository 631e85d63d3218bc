import type { BookLevel, RawLevel } from './types.js';

/**
 * One side of an L2 book as parallel sorted arrays: numeric prices and sizes in typed arrays for
 * binary search and feature maths, the venue's decimal strings alongside for output.
 *
 * Why arrays rather than a tree or a map + sorted keys: Bybit books are shallow (50-1000 levels)
 * and almost every update lands near the top, so a binary search plus a short `copyWithin` is
 * cheaper than pointer chasing, allocates nothing once capacity is reached, and the side is always
 * in order, so reading the top N never sorts.
 */
export class BookSide {
  private prices: Float64Array;
  private sizes: Float64Array;
  private priceText: string[];
  private sizeText: string[];
  private count = 0;

  /** `descending` for bids (best = highest), ascending for asks (best = lowest). */
  constructor(
    readonly descending: boolean,
    initialCapacity = 256,
  ) {
    this.prices = new Float64Array(initialCapacity);
    this.sizes = new Float64Array(initialCapacity);
    this.priceText = new Array<string>(initialCapacity).fill('');
    this.sizeText = new Array<string>(initialCapacity).fill('');
  }

  get length(): number {
    return this.count;
  }

  clear(): void {
    this.count = 0;
  }

  /**
   * Index of `price` if present, else `-(insertionPoint + 1)`. Sort key is `price` ascending for asks
   * and descending for bids.
   */
  indexOf(price: number): number {
    let lo = 0;
    let hi = this.count - 1;
    const p = this.prices;
    if (this.descending) {
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = p[mid]!;
        if (v > price) lo = mid + 1;
        else if (v < price) hi = mid - 1;
        else return mid;
      }
    } else {
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = p[mid]!;
        if (v < price) lo = mid + 1;
        else if (v > price) hi = mid - 1;
        else return mid;
      }
    }
    return -(lo + 1);
  }

  /**
   * Applies one venue level: size 0 deletes, an unknown price inserts, otherwise updates.
   * Returns false when the level is malformed (non-numeric, negative or non-finite), in which case
   * the side is unchanged.
   */
  apply(level: RawLevel): boolean {
    const priceText = level[0];
    const sizeText = level[1];
    // Unary plus on a string is the fastest exact decimal-to-double conversion in V8; equal decimal
    // values ("1.50" and "1.5") map to the same double, so the numeric key is canonical.
    const price = +priceText;
    // Deletes come as the literal "0": skip the conversion for them.
    const size = sizeText === '0' ? 0 : +sizeText;
    if (!(price > 0) || !(size >= 0) || price === Infinity || size === Infinity) return false;
    const i = this.indexOf(price);
    if (size === 0) {
      // Deleting an absent level is a no-op, not an error: depth-limited feeds send deletes for
      // levels that fell out of view, and peers that throw here crash on real data.
      if (i >= 0) this.removeAt(i);
      return true;
    }
    if (i >= 0) {
      this.sizes[i] = size;
      this.sizeText[i] = sizeText;
    } else {
      this.insertAt(-i - 1, price, size, priceText, sizeText);
    }
    return true;
  }

  private insertAt(i: number, price: number, size: number, priceText: string, sizeText: string): void {
    if (this.count === this.prices.length) this.grow();
    const n = this.count;
    if (i < n) {
      this.prices.copyWithin(i + 1, i, n);
      this.sizes.copyWithin(i + 1, i, n);
      const pt = this.priceText;
      const st = this.sizeText;
      for (let k = n; k > i; k--) {
        pt[k] = pt[k - 1]!;
        st[k] = st[k - 1]!;
      }
    }
    this.prices[i] = price;
    this.sizes[i] = size;
    this.priceText[i] = priceText;
    this.sizeText[i] = sizeText;
    this.count = n + 1;
  }

  private removeAt(i: number): void {
    const n = this.count;
    if (i < n - 1) {
      this.prices.copyWithin(i, i + 1, n);
      this.sizes.copyWithin(i, i + 1, n);
      const pt = this.priceText;
      const st = this.sizeText;
      for (let k = i; k < n - 1; k++) {
        pt[k] = pt[k + 1]!;
        st[k] = st[k + 1]!;
      }
    }
    this.count = n - 1;
  }

  private grow(): void {
    const cap = Math.max(16, this.prices.length * 2);
    const prices = new Float64Array(cap);
    prices.set(this.prices);
    const sizes = new Float64Array(cap);
    sizes.set(this.sizes);
    this.prices = prices;
    this.sizes = sizes;
    for (let k = this.priceText.length; k < cap; k++) {
      this.priceText.push('');
      this.sizeText.push('');
    }
  }

  /** Price at depth `i` (0 = best); NaN beyond the book. */
  priceAt(i: number): number {
    return i < this.count ? this.prices[i]! : NaN;
  }

  sizeAt(i: number): number {
    return i < this.count ? this.sizes[i]! : NaN;
  }

  priceTextAt(i: number): string | undefined {
    return i < this.count ? this.priceText[i] : undefined;
  }

  sizeTextAt(i: number): string | undefined {
    return i < this.count ? this.sizeText[i] : undefined;
  }

  /** Size at an exact price, 0 when the level is absent. */
  sizeAtPrice(price: number): number {
    const i = this.indexOf(price);
    return i >= 0 ? this.sizes[i]! : 0;
  }

  /** Best `n` levels as decimal strings (allocates; for snapshots, not the ingest path). */
  top(n: number): BookLevel[] {
    const m = Math.min(n, this.count);
    const out = new Array<BookLevel>(m);
    for (let i = 0; i < m; i++) out[i] = { price: this.priceText[i]!, size: this.sizeText[i]! };
    return out;
  }

  /** Sum of sizes of levels priced at or better than `limitPrice` (base units). */
  sizeUpTo(limitPrice: number): number {
    let sum = 0;
    const p = this.prices;
    const s = this.sizes;
    if (this.descending) {
      for (let i = 0; i < this.count && p[i]! >= limitPrice; i++) sum += s[i]!;
    } else {
      for (let i = 0; i < this.count && p[i]! <= limitPrice; i++) sum += s[i]!;
    }
    return sum;
  }

  /** Sum of sizes over the best `n` levels. */
  sizeOfTop(n: number): number {
    let sum = 0;
    const m = Math.min(n, this.count);
    for (let i = 0; i < m; i++) sum += this.sizes[i]!;
    return sum;
  }
}
