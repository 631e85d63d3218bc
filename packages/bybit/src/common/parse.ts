/**
 * The only place where Bybit payloads become our types. Validation is shallow on the hot path
 * (orderbook): per-level checks happen inside the book while applying, so each level is touched once.
 */
import type {
  BybitKlineRow,
  BybitLevel,
  BybitLiquidation,
  BybitPublicTrade,
  BybitRestOrderbook,
  BybitSide,
  BybitTickerData,
} from './venue-types.js';
import type {
  AggressorSide,
  Kline,
  Liquidation,
  OrderbookUpdate,
  RawLevel,
  TickerUpdate,
  Trade,
} from '../market-data/types.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null;
}

/** Parses an `orderbook.{depth}.{symbol}` message; `undefined` when the shape is not an orderbook message. */
export function parseOrderbook(msg: unknown): OrderbookUpdate | undefined {
  if (!isObject(msg)) return undefined;
  const data = msg.data;
  if (!isObject(data)) return undefined;
  const type = msg.type;
  const b = data.b;
  const a = data.a;
  const u = data.u;
  if ((type !== 'snapshot' && type !== 'delta') || !Array.isArray(b) || !Array.isArray(a)) return undefined;
  if (typeof u !== 'number' || typeof data.s !== 'string') return undefined;
  const ts = typeof msg.ts === 'number' ? msg.ts : 0;
  return {
    symbol: data.s,
    kind: type,
    bids: b as RawLevel[],
    asks: a as RawLevel[],
    updateId: u,
    seq: typeof data.seq === 'number' ? data.seq : 0,
    tsEvent: ts,
    tsMatch: typeof msg.cts === 'number' ? msg.cts : ts,
  };
}

export function parseSide(side: BybitSide): AggressorSide {
  return side === 'Buy' ? 'buy' : 'sell';
}

/** Parses a `publicTrade.{symbol}` message into trades in venue order (ascending time). */
export function parseTrades(msg: unknown): Trade[] | undefined {
  if (!isObject(msg) || !Array.isArray(msg.data)) return undefined;
  const out: Trade[] = [];
  for (const raw of msg.data as unknown[]) {
    if (!isObject(raw)) continue;
    const t = raw as unknown as BybitPublicTrade;
    if (typeof t.p !== 'string' || typeof t.v !== 'string' || (t.S !== 'Buy' && t.S !== 'Sell')) continue;
    out.push({
      symbol: t.s,
      tsEvent: typeof t.T === 'number' ? t.T : Number(t.T),
      price: t.p,
      size: t.v,
      side: parseSide(t.S),
      tradeId: String(t.i),
      isBlockTrade: t.BT === true,
    });
  }
  return out;
}

function optNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function optString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Parses a `tickers.{symbol}` message. Fields absent from a delta stay absent (meaning unchanged). */
export function parseTicker(msg: unknown): TickerUpdate | undefined {
  if (!isObject(msg) || !isObject(msg.data)) return undefined;
  const type = msg.type;
  if (type !== 'snapshot' && type !== 'delta') return undefined;
  const d = msg.data as unknown as BybitTickerData;
  if (typeof d.symbol !== 'string') return undefined;
  const update: TickerUpdate = {
    symbol: d.symbol,
    kind: type,
    tsEvent: typeof msg.ts === 'number' ? msg.ts : 0,
  };
  const mark = optString(d.markPrice);
  if (mark !== undefined) update.markPrice = mark;
  const index = optString(d.indexPrice);
  if (index !== undefined) update.indexPrice = index;
  const last = optString(d.lastPrice);
  if (last !== undefined) update.lastPrice = last;
  const funding = optNumber(d.fundingRate);
  if (funding !== undefined) update.fundingRate = funding;
  const nextFunding = optNumber(d.nextFundingTime);
  if (nextFunding !== undefined) update.nextFundingTimeMs = nextFunding;
  const oi = optNumber(d.openInterest);
  if (oi !== undefined) update.openInterest = oi;
  return update;
}

/** Parses an `allLiquidation.{symbol}` message. */
export function parseLiquidations(msg: unknown): Liquidation[] | undefined {
  if (!isObject(msg) || !Array.isArray(msg.data)) return undefined;
  const out: Liquidation[] = [];
  for (const raw of msg.data as unknown[]) {
    if (!isObject(raw)) continue;
    const l = raw as unknown as BybitLiquidation;
    if (typeof l.v !== 'string' || typeof l.p !== 'string' || (l.S !== 'Buy' && l.S !== 'Sell')) continue;
    out.push({
      symbol: l.s,
      tsEvent: typeof l.T === 'number' ? l.T : Number(l.T),
      // Bybit: "When you receive a Buy update, this means that a long position has been liquidated".
      positionSide: l.S === 'Buy' ? 'long' : 'short',
      size: l.v,
      bankruptcyPrice: l.p,
    });
  }
  return out;
}

/** Parses REST kline rows (newest first) into klines sorted oldest first. */
export function parseKlines(rows: readonly BybitKlineRow[]): Kline[] {
  const out: Kline[] = [];
  for (const r of rows) {
    const startMs = Number(r[0]);
    if (!Number.isFinite(startMs)) continue;
    out.push({
      startMs,
      open: Number(r[1]),
      high: Number(r[2]),
      low: Number(r[3]),
      close: Number(r[4]),
      volume: Number(r[5]),
      turnover: Number(r[6]),
    });
  }
  out.sort((x, y) => x.startMs - y.startMs);
  return out;
}

export interface RestBook {
  symbol: string;
  bids: readonly RawLevel[];
  asks: readonly RawLevel[];
  tsEvent: number;
  updateId: number;
}

/** Parses the `result` of REST `/v5/market/orderbook`. */
export function parseRestOrderbook(result: unknown): RestBook | undefined {
  if (!isObject(result)) return undefined;
  const r = result as unknown as BybitRestOrderbook;
  if (!Array.isArray(r.b) || !Array.isArray(r.a)) return undefined;
  return {
    symbol: String(r.s),
    bids: r.b as BybitLevel[],
    asks: r.a as BybitLevel[],
    tsEvent: Number(r.ts),
    updateId: Number(r.u),
  };
}
