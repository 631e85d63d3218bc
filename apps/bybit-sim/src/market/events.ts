/**
 * What any market source produces. Prices and sizes are floats in quote/base units as the source
 * wrote them; the venue maps prices onto the instrument's tick grid. `ts` is in milliseconds and
 * may be fractional (replays keep the capture's nanosecond order).
 */
export type Side = 'Buy' | 'Sell';

export interface DepthEvent {
  kind: 'depth';
  ts: number;
  symbol: string;
  /** A snapshot replaces the whole book; otherwise size 0 deletes a level. */
  snapshot: boolean;
  bids: Array<[number, number]>;
  asks: Array<[number, number]>;
  /** Last update id covered by this event, in the source's own sequence (if it has one). */
  updateId?: number;
}

/** Best bid/offer from a faster top-of-book stream (Binance bookTicker, tardis quotes). */
export interface BboEvent {
  kind: 'bbo';
  ts: number;
  symbol: string;
  bid: number;
  bidQty: number;
  ask: number;
  askQty: number;
  updateId?: number;
}

export interface TradeEvent {
  kind: 'trade';
  ts: number;
  symbol: string;
  price: number;
  qty: number;
  /** Taker (aggressor) side. */
  side: Side;
  id?: string;
}

export interface FundingEvent {
  kind: 'funding';
  ts: number;
  symbol: string;
  /** Rate for the current 8 h interval, as a fraction. */
  rate: number;
}

export interface LiquidationEvent {
  kind: 'liquidation';
  ts: number;
  symbol: string;
  /** Bybit convention: Buy means a long position was liquidated. */
  side: Side;
  price: number;
  qty: number;
}

export type MarketEvent = DepthEvent | BboEvent | TradeEvent | FundingEvent | LiquidationEvent;

/**
 * A pull-based, time-ordered stream of market events. Pulling (rather than pushing) lets the
 * venue process exactly the events up to its clock's "now", at any replay speed.
 */
export interface MarketSource {
  readonly name: string;
  readonly symbols: readonly string[];
  /** Timestamp of the next event, or undefined when the source is exhausted. */
  peekTime(): number | undefined;
  next(): MarketEvent | undefined;
}

/** Merges several time-ordered sources into one (e.g. one per symbol, or trades + quotes). */
export class MergedSource implements MarketSource {
  readonly name: string;
  readonly symbols: readonly string[];
  constructor(private readonly sources: MarketSource[]) {
    this.name = sources.map((s) => s.name).join('+');
    this.symbols = [...new Set(sources.flatMap((s) => s.symbols))];
  }
  private pick(): MarketSource | undefined {
    let best: MarketSource | undefined;
    let bt = Infinity;
    for (const s of this.sources) {
      const t = s.peekTime();
      if (t !== undefined && t < bt) {
        bt = t;
        best = s;
      }
    }
    return best;
  }
  peekTime(): number | undefined {
    return this.pick()?.peekTime();
  }
  next(): MarketEvent | undefined {
    return this.pick()?.next();
  }
}

/** A source that never produces anything: a venue with a static, empty book. */
export class EmptySource implements MarketSource {
  readonly name = 'empty';
  constructor(readonly symbols: readonly string[]) {}
  peekTime(): number | undefined {
    return undefined;
  }
  next(): MarketEvent | undefined {
    return undefined;
  }
}
