import { BookSide } from './book-side.js';
import type { BookLevel, OrderbookUpdate, RawLevel } from './types.js';

/**
 * What applying one message did. `gap`, `crossed` and `malformed` leave the book waiting for a
 * fresh snapshot (`needsResync`); the owner is expected to resubscribe.
 */
export type ApplyOutcome =
  | 'snapshot' // book replaced by a snapshot
  | 'restart' // u=1: the venue restarted its book service; book replaced
  | 'applied' // delta applied in order
  | 'duplicate' // u at or below the last applied u: already applied, dropped
  | 'awaiting-snapshot' // delta dropped while waiting for a snapshot
  | 'gap' // u skipped ahead: updates were lost
  | 'crossed' // best bid >= best ask after applying
  | 'malformed'; // a level could not be read; the book may be partly updated

export type BookState = 'empty' | 'live' | 'awaiting-snapshot';

export interface L2BookOptions {
  /** Initial capacity per side; sides grow as needed. */
  initialCapacity?: number;
  /**
   * `strict` (default): a delta must carry the previous `u` + 1, anything higher is a gap.
   * `monotonic`: any higher `u` is accepted. Bybit documents no continuity rule for depth 50/200
   * beyond `u=1`; consecutive `u` is what its archives and feeds show, and this switch exists in
   * case a topic ever proves otherwise (the gap counter would show it at once).
   */
  sequenceCheck?: 'strict' | 'monotonic';
}

/**
 * Local L2 book for one Bybit `orderbook.{depth}.{symbol}` topic, applied exactly as Bybit
 * specifies: a snapshot replaces the book; in a delta size 0 deletes a level, an unknown price
 * inserts and anything else updates; `u=1` means the venue restarted, so it overwrites the book.
 *
 * On top of the spec it checks `u` continuity on every delta (Bybit pushes consecutive `u` per
 * topic), and refuses to trade on a crossed book.
 */
export class L2Book {
  readonly bids: BookSide;
  readonly asks: BookSide;
  private bookState: BookState = 'empty';
  /** `u` of the last message applied. */
  updateId = 0;
  seq = 0;
  /** Venue push time of the last applied message (ms). */
  tsEvent = 0;
  /** Matching-engine time of the last applied message (ms). */
  tsMatch = 0;
  /**
   * Local time (ms) the book last moved forward: a delta, a restart, or a snapshot with a `u` it
   * did not have yet. A snapshot repeating that `u` (what a resubscribe brings while the venue's
   * book stands still) confirms the book without carrying anything newer, so it leaves this alone:
   * a resync must never make a frozen book look fresh. 0 before the first message.
   */
  updatedAt = 0;
  /** `u` of the message that last set `updatedAt`. */
  private updatedAtU = 0;
  private readonly strict: boolean;

  constructor(
    readonly symbol: string,
    options: L2BookOptions = {},
  ) {
    const cap = options.initialCapacity ?? 256;
    this.strict = (options.sequenceCheck ?? 'strict') === 'strict';
    this.bids = new BookSide(true, cap);
    this.asks = new BookSide(false, cap);
  }

  get state(): BookState {
    return this.bookState;
  }

  /** True when the book cannot be trusted until the next snapshot. */
  get needsResync(): boolean {
    return this.bookState === 'awaiting-snapshot';
  }

  /** Marks the book unusable until the next snapshot (on reconnect, staleness, or a requested resync). */
  invalidate(): void {
    if (this.bookState !== 'empty') this.bookState = 'awaiting-snapshot';
  }

  /**
   * Applies one message. `receivedAt` is the local time it arrived (what `updatedAt` records);
   * callers without a local clock (replays, tests) get the venue time instead.
   */
  apply(update: OrderbookUpdate, receivedAt: number = update.tsEvent): ApplyOutcome {
    const u = update.updateId;
    let outcome: ApplyOutcome;
    if (update.kind === 'snapshot' || u === 1) {
      // Bybit: "u=1 ... overwrite the local orderbook"; a restart may come as a snapshot or not.
      outcome = u === 1 && this.bookState !== 'empty' ? 'restart' : 'snapshot';
      this.bids.clear();
      this.asks.clear();
      if (!this.applyLevels(update.bids, update.asks)) return this.fail('malformed');
    } else {
      if (this.bookState !== 'live') return 'awaiting-snapshot';
      if (u <= this.updateId) return 'duplicate';
      if (this.strict && u !== this.updateId + 1) return this.fail('gap');
      if (!this.applyLevels(update.bids, update.asks)) return this.fail('malformed');
      outcome = 'applied';
    }
    this.updateId = u;
    this.seq = update.seq;
    this.tsEvent = update.tsEvent;
    this.tsMatch = update.tsMatch;
    if (this.isCrossed()) return this.fail('crossed');
    this.bookState = 'live';
    if (outcome !== 'snapshot' || u !== this.updatedAtU || this.updatedAt === 0) {
      this.updatedAt = receivedAt;
      this.updatedAtU = u;
    }
    return outcome;
  }

  private applyLevels(bids: readonly RawLevel[], asks: readonly RawLevel[]): boolean {
    const b = this.bids;
    for (let i = 0; i < bids.length; i++) if (!b.apply(bids[i]!)) return false;
    const a = this.asks;
    for (let i = 0; i < asks.length; i++) if (!a.apply(asks[i]!)) return false;
    return true;
  }

  private fail(outcome: 'gap' | 'crossed' | 'malformed'): ApplyOutcome {
    this.bookState = 'awaiting-snapshot';
    return outcome;
  }

  isCrossed(): boolean {
    return this.bids.length > 0 && this.asks.length > 0 && this.bids.priceAt(0) >= this.asks.priceAt(0);
  }

  /** Live, two-sided and not crossed: safe to derive prices from. */
  isUsable(): boolean {
    return this.bookState === 'live' && this.bids.length > 0 && this.asks.length > 0;
  }

  bestBid(): number {
    return this.bids.priceAt(0);
  }

  bestAsk(): number {
    return this.asks.priceAt(0);
  }

  /** (bid + ask) / 2 as a float; NaN when a side is empty. */
  midPrice(): number {
    return (this.bids.priceAt(0) + this.asks.priceAt(0)) / 2;
  }

  spreadBps(): number {
    const bid = this.bids.priceAt(0);
    const ask = this.asks.priceAt(0);
    return ((ask - bid) / ((ask + bid) / 2)) * 1e4;
  }

  topBids(n: number): BookLevel[] {
    return this.bids.top(n);
  }

  topAsks(n: number): BookLevel[] {
    return this.asks.top(n);
  }

  /** The whole book as venue tuples, best first (for tests and cross-checks). */
  toLevels(): { bids: [string, string][]; asks: [string, string][] } {
    const dump = (side: BookSide): [string, string][] => {
      const out: [string, string][] = [];
      for (let i = 0; i < side.length; i++) out.push([side.priceTextAt(i)!, side.sizeTextAt(i)!]);
      return out;
    };
    return { bids: dump(this.bids), asks: dump(this.asks) };
  }
}
