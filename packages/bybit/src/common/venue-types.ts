/**
 * Bybit v5 public WebSocket and REST payloads, with Bybit's own field names and enum spellings.
 * Only `parse.ts` reads these; everything else works on the types in `market-data/types.ts`.
 */

/** `[price, size]`, both decimal strings. */
export type BybitLevel = readonly [string, string];

export type BybitMessageType = 'snapshot' | 'delta';

export type BybitSide = 'Buy' | 'Sell';

export type BybitCategory = 'linear' | 'spot' | 'inverse';

export interface BybitOrderbookMessage {
  topic: string;
  type: BybitMessageType;
  ts: number;
  cts?: number;
  data: {
    s: string;
    b: BybitLevel[];
    a: BybitLevel[];
    u: number;
    seq: number;
  };
}

export interface BybitPublicTrade {
  T: number;
  s: string;
  /** Taker side. */
  S: BybitSide;
  v: string;
  p: string;
  L?: string;
  i: string;
  BT?: boolean;
  RPI?: boolean;
  seq?: number;
}

export interface BybitPublicTradeMessage {
  topic: string;
  type: 'snapshot';
  ts: number;
  data: BybitPublicTrade[];
}

/** Linear/inverse ticker. Deltas carry only the fields that changed. */
export interface BybitTickerData {
  symbol: string;
  lastPrice?: string;
  markPrice?: string;
  indexPrice?: string;
  openInterest?: string;
  openInterestValue?: string;
  fundingRate?: string;
  nextFundingTime?: string;
  bid1Price?: string;
  bid1Size?: string;
  ask1Price?: string;
  ask1Size?: string;
  volume24h?: string;
  turnover24h?: string;
}

export interface BybitTickerMessage {
  topic: string;
  type: BybitMessageType;
  ts: number;
  cs?: number;
  data: BybitTickerData;
}

export interface BybitLiquidation {
  T: number;
  s: string;
  /** Position side: `Buy` means a long position was liquidated. */
  S: BybitSide;
  v: string;
  /** Bankruptcy price. */
  p: string;
}

export interface BybitAllLiquidationMessage {
  topic: string;
  type: 'snapshot';
  ts: number;
  data: BybitLiquidation[];
}

/** REST `/v5/market/orderbook` result. */
export interface BybitRestOrderbook {
  s: string;
  b: BybitLevel[];
  a: BybitLevel[];
  ts: number;
  u: number;
  seq?: number;
  cts?: number;
}

/** REST `/v5/market/kline` row: `[startTime, open, high, low, close, volume, turnover]`, newest first. */
export type BybitKlineRow = readonly string[];
