import { RestClientV5 } from 'bybit-api';
import { marketdata } from '@tranche/contracts';
import type { Clock, MarketDataPort } from '@tranche/engine';

const DAY_MINUTES = 1440;
const LEVELS = 10;

/**
 * Market snapshots read over Bybit's REST market endpoints (orderbook, tickers, the last 1-minute
 * bars). Slower than the streaming feed, but stateless: the right fit for a single-process run
 * that steps a simulator's clock, where a WebSocket stream would race the steps.
 */
export class BybitRestMarketData implements MarketDataPort {
  private readonly rest: RestClientV5;
  private sequence = 0;

  /**
   * `clock` is the clock the router runs on (the venue's, when it trades a simulator): the age of
   * a book is only meaningful against the time the router itself judges freshness by.
   */
  constructor(
    baseUrl: string,
    private readonly clock: Pick<Clock, 'now'>,
  ) {
    this.rest = new RestClientV5({ baseUrl });
  }

  async snapshot(symbol: string): Promise<marketdata.MarketSnapshot> {
    const [book, tickers, klines] = await Promise.all([
      this.rest.getOrderbook({ category: 'linear', symbol, limit: 50 }),
      this.rest.getTickers({ category: 'linear', symbol }),
      this.rest.getKline({ category: 'linear', symbol, interval: '1', limit: 61 }),
    ]);
    if (book.retCode !== 0) throw new Error(`orderbook ${symbol}: ${book.retCode} ${book.retMsg}`);
    const b = book.result.b;
    const a = book.result.a;
    const bestBid = b[0];
    const bestAsk = a[0];
    if (!bestBid || !bestAsk) throw new Error(`no two-sided book for ${symbol}`);
    const bid = Number(bestBid[0]);
    const ask = Number(bestAsk[0]);
    const mid = (bid + ask) / 2;
    const bidSize = Number(bestBid[1]);
    const askSize = Number(bestAsk[1]);
    const within = (levels: string[][], bps: number) =>
      levels
        .filter(([p]) => Math.abs(Number(p) / mid - 1) * 1e4 <= bps)
        .reduce((s, [, q]) => s + Number(q), 0);
    const depthBid = within(b, 10);
    const depthAsk = within(a, 10);
    const ticker =
      tickers.retCode === 0
        ? (tickers.result.list[0] as unknown as Record<string, string> | undefined)
        : undefined;
    // Newest bar first; the first one is still forming, so the last minute is the second.
    const bars = klines.retCode === 0 ? klines.result.list : [];
    const lastMinute = bars[1] ?? bars[0];
    const closes = bars.map((k) => Number(k[4])).reverse();
    const returns = closes.slice(1).map((c, i) => Math.log(c / closes[i]!));
    const perMinute =
      returns.length > 1 ? Math.sqrt(returns.reduce((s, r) => s + r * r, 0) / returns.length) : 0;
    const volume24h = Number(ticker?.['volume24h'] ?? 0);
    // The orderbook response's ts is the venue's time of that book; the REST round trip adds to its
    // age. A venue clock running ahead of ours must not make a book look younger than new.
    const bookUpdatedAt = Number(book.result.ts);
    const tsInit = this.clock.now();
    return marketdata.MarketSnapshot.create({
      symbol,
      tsEvent: bookUpdatedAt,
      tsInit,
      bookUpdatedAt,
      ageMs: Math.max(0, tsInit - bookUpdatedAt),
      bestBid: bestBid[0],
      bestAsk: bestAsk[0],
      bidSize: bestBid[1],
      askSize: bestAsk[1],
      mid: String(mid),
      microprice: String((bid * askSize + ask * bidSize) / (bidSize + askSize)),
      spreadBps: ((ask - bid) / mid) * 1e4,
      bids: b.slice(0, LEVELS).map(([price, size]) => ({ price, size })),
      asks: a.slice(0, LEVELS).map(([price, size]) => ({ price, size })),
      depthBid_10bps: depthBid,
      depthAsk_10bps: depthAsk,
      imbalance: depthBid + depthAsk > 0 ? (depthBid - depthAsk) / (depthBid + depthAsk) : 0,
      volume_1m: lastMinute ? lastMinute[5] : '0',
      tradeCount_1m: 0,
      dailyVolatility: perMinute * Math.sqrt(DAY_MINUTES),
      averageDailyVolume: volume24h > 0 ? String(volume24h) : '',
      fundingRate: ticker?.['fundingRate'] ?? '',
      nextFundingTime: Number(ticker?.['nextFundingTime'] ?? 0),
      openInterest: ticker?.['openInterest'] ?? '',
      markPrice: ticker?.['markPrice'] ?? '',
      indexPrice: ticker?.['indexPrice'] ?? '',
      source: 'bybit-rest',
      sequence: ++this.sequence,
    });
  }
}
