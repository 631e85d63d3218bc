/** Our market-data types. Prices and sizes stay decimal strings at this edge. */

export type BookSideName = 'bid' | 'ask';

export interface BookLevel {
  price: string;
  size: string;
}

/** Price and size exactly as received, `[price, size]`. Kept as tuples so no per-level object is built. */
export type RawLevel = readonly [string, string];

export interface OrderbookUpdate {
  symbol: string;
  kind: 'snapshot' | 'delta';
  bids: readonly RawLevel[];
  asks: readonly RawLevel[];
  /** Bybit `u`: consecutive per topic; 1 after a venue service restart. */
  updateId: number;
  seq: number;
  /** Time the venue pushed the message (ms). */
  tsEvent: number;
  /** Matching-engine time (ms), when present. */
  tsMatch: number;
}

export type AggressorSide = 'buy' | 'sell';

export interface Trade {
  symbol: string;
  tsEvent: number;
  price: string;
  size: string;
  side: AggressorSide;
  tradeId: string;
  isBlockTrade: boolean;
}

/** A ticker message after parsing; absent fields were not in the message (a delta leaves them unchanged). */
export interface TickerUpdate {
  symbol: string;
  kind: 'snapshot' | 'delta';
  tsEvent: number;
  markPrice?: string;
  indexPrice?: string;
  lastPrice?: string;
  fundingRate?: number;
  nextFundingTimeMs?: number;
  openInterest?: number;
}

export interface Liquidation {
  symbol: string;
  tsEvent: number;
  /** Side of the liquidated position: a liquidated long is sold into the book. */
  positionSide: 'long' | 'short';
  size: string;
  bankruptcyPrice: string;
}

export interface Kline {
  startMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  turnover: number;
}
