import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Clock } from './clock.js';
import { RetCode, SimConfigError, VenueError } from './errors.js';
import { Instrument, InstrumentSpec, instrumentSpec, money } from './instruments.js';
import { SourceBook } from './book.js';
import { PermanentImpact, PermanentImpactConfig, Resilience } from './impact.js';
import { Ledger } from './ledger.js';
import type { MarketEvent, MarketSource, Side } from '../market/events.js';

// A module-level alias: under jest's vm context every global lookup of `Math` goes through the
// context's global object, which made the hot numeric loops several times slower.
const M = Math;

export type OrderStatus = 'New' | 'PartiallyFilled' | 'Filled' | 'Cancelled' | 'Rejected';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PostOnly';
export type OrderType = 'Market' | 'Limit';

export interface SimOrder {
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: Side;
  orderType: OrderType;
  timeInForce: TimeInForce;
  /** Limit price in ticks; undefined for Market orders. */
  priceTicks: number | undefined;
  qtyLots: number;
  cumLots: number;
  /** Sum of execPrice ticks * execQty lots: exact integer, turned into a value only for output. */
  cumTickLots: number;
  cumFee: Decimal;
  status: OrderStatus;
  rejectReason: string;
  cancelType: string;
  reduceOnly: boolean;
  closeOnTrigger: boolean;
  createdTime: number;
  updatedTime: number;
  /** Time priority among our resting orders at one price. */
  seq: number;
  /** Source liquidity (base units) ahead of us at our price, for passive fills. */
  queueAhead: number;
  lastPriceOnCreated: string;
  via: 'rest' | 'ws';
  /** The API key that placed it; undefined for orders placed on the core directly. */
  apiKey: string | undefined;
}

export interface SimExecution {
  execId: string;
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: Side;
  orderPrice: string;
  orderQty: string;
  leavesQty: string;
  orderType: OrderType;
  execPrice: string;
  execQty: string;
  execValue: string;
  execFee: string;
  feeRate: string;
  isMaker: boolean;
  execTime: number;
  execType: 'Trade';
  markPrice: string;
  closedSize: string;
  seq: number;
}

export interface PublicTrade {
  ts: number;
  symbol: string;
  side: Side;
  priceTicks: number;
  qty: number;
  id: string;
  seq: number;
  /** True when the trade is one of our own executions (taker, or maker against crossing liquidity). */
  ours: boolean;
}

export interface Liquidation {
  ts: number;
  symbol: string;
  side: Side;
  price: number;
  qty: number;
}

interface Bar {
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  turnover: number;
}

interface Position {
  /** Signed size in lots (positive = long). */
  lots: number;
  /** Sum of entry ticks*lots of the open size (exact integer). */
  entryTickLots: number;
  realised: number;
  createdTime: number;
  updatedTime: number;
  seq: number;
}

export interface VenueListener {
  onOrder?(order: SimOrder): void;
  onExecution?(execs: SimExecution[]): void;
  onPosition?(symbol: string): void;
  onWallet?(): void;
  onPublicTrades?(symbol: string, trades: PublicTrade[]): void;
  onLiquidation?(liq: Liquidation): void;
}

export interface FeeConfig {
  /** Fractions, e.g. 0.0002 = 2 bps. Negative maker fees are rebates. */
  maker: number;
  taker: number;
}

export interface VenueOptions {
  clock: Clock;
  source: MarketSource;
  /** Symbols to trade; default: the source's symbols. */
  symbols?: string[];
  instruments?: Record<string, Partial<InstrumentSpec>>;
  fees?: FeeConfig;
  impact?: PermanentImpactConfig | Record<string, PermanentImpactConfig>;
  /** Half-life of the refill of liquidity our taker orders consumed (ms of market time). */
  resilienceHalfLifeMs?: number;
  initialBalanceUsdt?: number;
  leverage?: number;
  /** Fuse the source's BBO stream into the book (see README: depth streams lag the BBO). */
  bboFusion?: boolean;
  /** Funding rate used until the source provides one. */
  defaultFundingRate?: number;
  /** Market orders are IOC limits inside this band around the mid (Bybit's slippage protection). */
  marketSlippageBand?: number;
}

/** Bybit VIP0 USDT-perpetual fees (maker 0.02 %, taker 0.055 %). */
export const DEFAULT_FEES: FeeConfig = { maker: 0.0002, taker: 0.00055 };

const FUNDING_INTERVAL_MS = 8 * 3600_000;
const LINK_ID_RE = /^[0-9A-Za-z_-]{1,36}$/;
const OPEN: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['New', 'PartiallyFilled']);
const MAX_TAPE = 2000;
const TIFS: ReadonlySet<string> = new Set(['GTC', 'IOC', 'FOK', 'PostOnly']);

export class SymbolState {
  readonly book = new SourceBook();
  readonly impact: PermanentImpact;
  readonly resilience: Resilience;
  offsetTicks = 0;
  /** Our resting orders, best first (bids: price desc, asks: price asc), then by seq. */
  readonly restingBids: SimOrder[] = [];
  readonly restingAsks: SimOrder[] = [];
  readonly tape: PublicTrade[] = [];
  readonly bars = new Map<number, Bar>();
  readonly barStarts: number[] = [];
  lastPriceTicks: number | undefined;
  fundingRate: number;
  readonly fundingHistory: Array<{ ts: number; rate: number }> = [];
  readonly liquidations: Liquidation[] = [];
  bboBidTick: number | undefined;
  bboAskTick: number | undefined;
  /** Bumped whenever the served book may have changed; publishers compare it. */
  version = 0;
  tradeSeq = 0;
  /** True once the source has given a book (replays skip depth until their snapshot). */
  ready = false;

  constructor(
    readonly inst: Instrument,
    impact: PermanentImpactConfig,
    halfLifeMs: number,
    fundingRate: number,
  ) {
    this.impact = new PermanentImpact(impact);
    this.resilience = new Resilience(halfLifeMs);
    this.fundingRate = fundingRate;
  }
}

export interface BookLevels {
  bids: Array<[number, number]>;
  asks: Array<[number, number]>;
}

type Params = Record<string, unknown>;

function str(p: Params, k: string): string | undefined {
  const v = p[k];
  if (v === undefined || v === null || v === '') return undefined;
  return typeof v === 'string' ? v : String(v);
}

function bool(p: Params, k: string): boolean {
  const v = p[k];
  return v === true || v === 'true' || v === 1 || v === '1';
}

function paramError(msg: string): VenueError {
  return new VenueError(RetCode.PARAM_ERROR, msg);
}

/**
 * The venue core: books, matching, impact, account and ledger for one simulated UID. It knows
 * nothing about HTTP or WebSockets; the servers call its methods and subscribe as listeners.
 */
export class Venue {
  readonly clock: Clock;
  readonly ledger = new Ledger();
  readonly symbols = new Map<string, SymbolState>();
  private readonly source: MarketSource;
  private readonly fees: FeeConfig;
  private readonly listeners: VenueListener[] = [];
  private readonly orders = new Map<string, SimOrder>();
  private readonly ordersByLink = new Map<string, SimOrder>();
  private readonly orderList: SimOrder[] = [];
  private readonly executions: SimExecution[] = [];
  private readonly positions = new Map<string, Position>();
  private readonly bboFusion: boolean;
  private readonly leverage: number;
  private readonly band: number;
  private readonly initialBalance: number;
  private walletBalance: Decimal;
  private orderSeq = 0;
  private execSeq = 0;
  private nextFundingTime: number;
  /** Market time up to which source events have been processed. */
  private processedTo: number;

  constructor(opts: VenueOptions) {
    this.clock = opts.clock;
    this.source = opts.source;
    this.fees = opts.fees ?? DEFAULT_FEES;
    this.bboFusion = opts.bboFusion ?? true;
    this.leverage = opts.leverage ?? 10;
    this.band = opts.marketSlippageBand ?? 0.05;
    this.initialBalance = opts.initialBalanceUsdt ?? 1_000_000;
    this.walletBalance = new Decimal(this.initialBalance);
    const symbols = opts.symbols ?? [...opts.source.symbols];
    if (symbols.length === 0) throw new SimConfigError('no symbols: pass symbols or a source that has some');
    for (const s of symbols) {
      const inst = new Instrument(instrumentSpec(s, opts.instruments?.[s]));
      const impact = resolveImpact(opts.impact, s);
      this.symbols.set(
        s,
        new SymbolState(inst, impact, opts.resilienceHalfLifeMs ?? 5_000, opts.defaultFundingRate ?? 0.0001),
      );
    }
    this.processedTo = this.clock.now();
    this.nextFundingTime = nextFundingBoundary(this.processedTo);
  }

  addListener(l: VenueListener): () => void {
    this.listeners.push(l);
    return () => {
      const i = this.listeners.indexOf(l);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  get now(): number {
    return this.clock.now();
  }

  symbol(name: string): SymbolState {
    const s = this.symbols.get(name);
    if (!s) throw paramError(`symbol invalid: ${name} is not listed on this simulator`);
    return s;
  }

  // ---------------------------------------------------------------- market data processing

  /** Process every source event with ts <= t (default: the clock's now). Returns the count. */
  advanceTo(t = this.clock.now()): number {
    let n = 0;
    for (;;) {
      const et = this.source.peekTime();
      if (et === undefined || et > t) break;
      const ev = this.source.next();
      if (!ev) break;
      this.apply(ev);
      n++;
      if (ev.ts >= this.nextFundingTime) this.settleFunding(this.nextFundingTime);
    }
    while (t >= this.nextFundingTime) this.settleFunding(this.nextFundingTime);
    if (t > this.processedTo) this.processedTo = t;
    // Liquidity our fills removed refills with time alone, without any source event, and can
    // reappear through a resting order of ours.
    for (const s of this.symbols.values()) {
      if (!s.resilience.empty) this.matchCrossing(s);
    }
    return n;
  }

  get sourceExhausted(): boolean {
    return this.source.peekTime() === undefined;
  }

  sourcePeekTime(): number | undefined {
    return this.source.peekTime();
  }

  apply(ev: MarketEvent): void {
    const s = this.symbols.get(ev.symbol);
    if (!s) return;
    switch (ev.kind) {
      case 'depth':
        this.applyDepth(s, ev.snapshot, ev.bids, ev.asks, ev.updateId);
        break;
      case 'bbo':
        if (!this.bboFusion) break;
        // A quotes-only source (Tardis quotes) has no depth snapshot: its BBO is the book. A
        // later depth snapshot still replaces everything.
        s.ready = true;
        this.applyBbo(s, ev.bid, ev.bidQty, ev.ask, ev.askQty, ev.updateId);
        break;
      case 'trade':
        this.applySourceTrade(s, ev.ts, ev.price, ev.qty, ev.side, ev.id);
        break;
      case 'funding':
        s.fundingRate = ev.rate;
        break;
      case 'liquidation': {
        const liq: Liquidation = {
          ts: ev.ts,
          symbol: ev.symbol,
          side: ev.side,
          price: ev.price,
          qty: ev.qty,
        };
        s.liquidations.push(liq);
        if (s.liquidations.length > MAX_TAPE) s.liquidations.shift();
        for (const l of this.listeners) l.onLiquidation?.(liq);
        break;
      }
    }
  }

  private applyDepth(
    s: SymbolState,
    snapshot: boolean,
    bids: Array<[number, number]>,
    asks: Array<[number, number]>,
    updateId: number | undefined,
  ): void {
    const b = s.book;
    const inst = s.inst;
    if (snapshot) {
      b.clear();
      s.ready = true;
      s.bboBidTick = undefined;
      s.bboAskTick = undefined;
      b.bboUpdateId = 0;
    } else if (!s.ready) {
      return;
    }
    // A depth event older than the newest BBO must not overwrite what the BBO already told us
    // about the top of book: the depth stream is batched and lags the BBO stream.
    const stale = updateId !== undefined && updateId < b.bboUpdateId;
    for (const [p, q] of bids) {
      const t = inst.toTicks(p);
      if (stale && s.bboBidTick !== undefined && t >= s.bboBidTick) continue;
      b.bids.set(t, q);
    }
    for (const [p, q] of asks) {
      const t = inst.toTicks(p);
      if (stale && s.bboAskTick !== undefined && t <= s.bboAskTick) continue;
      b.asks.set(t, q);
    }
    if (updateId !== undefined) b.lastUpdateId = updateId;
    this.refreshQueues(s);
    s.version++;
    this.matchCrossing(s);
  }

  private applyBbo(
    s: SymbolState,
    bid: number,
    bidQty: number,
    ask: number,
    askQty: number,
    updateId: number | undefined,
  ): void {
    const b = s.book;
    if (updateId !== undefined) {
      if (updateId < b.bboUpdateId) return;
      b.bboUpdateId = updateId;
    }
    const bt = s.inst.toTicks(bid);
    const at = s.inst.toTicks(ask);
    b.bids.removeBetterThan(bt);
    b.asks.removeBetterThan(at);
    b.bids.set(bt, bidQty);
    b.asks.set(at, askQty);
    // Levels on the other side that the new BBO crosses are stale too.
    b.asks.removeBetterThan(bt + 1);
    b.bids.removeBetterThan(at - 1);
    s.bboBidTick = bt;
    s.bboAskTick = at;
    this.refreshQueues(s);
    s.version++;
    this.matchCrossing(s);
  }

  /** Cancellations at our price shrink the queue ahead of us; they never grow it. */
  private refreshQueues(s: SymbolState): void {
    if (s.restingBids.length === 0 && s.restingAsks.length === 0) return;
    const now = this.clock.now();
    for (const o of s.restingBids)
      o.queueAhead = M.min(o.queueAhead, this.visibleSourceQty(s, true, o.priceTicks!, now));
    for (const o of s.restingAsks)
      o.queueAhead = M.min(o.queueAhead, this.visibleSourceQty(s, false, o.priceTicks!, now));
  }

  /** Source size at a served tick after our depletion, i.e. other participants' liquidity. */
  private visibleSourceQty(s: SymbolState, isBid: boolean, servedTick: number, now: number): number {
    const src = (isBid ? s.book.bids : s.book.asks).get(servedTick - s.offsetTicks);
    if (src <= 0) return 0;
    return M.max(0, src - s.resilience.depletion(isBid, servedTick, now));
  }

  private applySourceTrade(
    s: SymbolState,
    ts: number,
    price: number,
    qty: number,
    side: Side,
    id?: string,
  ): void {
    const tick = s.inst.toTicks(price) + s.offsetTicks;
    const now = M.max(ts, this.clock.now());
    this.recordTrade(s, now, tick, qty, side, false, id);
    // Passive fills: a sell aggressor trades with bids at or above its price, a buy aggressor
    // with asks at or below. Better-priced orders (ours included) would have been hit first.
    const resting = side === 'Sell' ? s.restingBids : s.restingAsks;
    if (resting.length === 0) return;
    let remaining = qty;
    const filled: SimExecution[] = [];
    const touched: SimOrder[] = [];
    for (const o of [...resting]) {
      if (remaining <= 1e-12) break;
      const p = o.priceTicks!;
      const crosses = side === 'Sell' ? tick <= p : tick >= p;
      if (!crosses) break;
      let avail = remaining;
      if (tick === p) {
        // At our own price the trade first eats the queue ahead of us.
        const eaten = M.min(o.queueAhead, avail);
        o.queueAhead -= eaten;
        avail -= eaten;
        remaining -= eaten;
      }
      const lots = M.min(o.qtyLots - o.cumLots, s.inst.baseToLotsFloor(avail));
      if (lots <= 0) continue;
      remaining -= s.inst.lotsToBase(lots);
      filled.push(this.fill(s, o, p, lots, true, now));
      touched.push(o);
    }
    if (filled.length > 0) {
      this.afterFills(s, filled, touched, now);
      this.matchCrossing(s);
    }
  }

  /**
   * Matches our resting orders against source liquidity that has moved through them: a source ask
   * at or below our bid, a source bid at or above our ask. The source knows nothing of our orders,
   * so its book can move through them; a venue would have matched the incoming orders against
   * ours at our price (we were resting first), so that is what happens here: maker fills at our
   * limit, a public trade, and the liquidity taken is removed from the served book (it refills with
   * the resilience half-life, and refilled liquidity that still crosses trades with us again).
   * Left alone, the served book would show our order inside the other side until a source trade
   * happened to print through it: a crossed book, which no venue publishes.
   */
  private matchCrossing(s: SymbolState): void {
    if (s.restingBids.length === 0 && s.restingAsks.length === 0) return;
    const now = this.clock.now();
    // A pass matches everything that crosses at the current impact offset; the shift its own fills
    // cause can move the other side through our orders there, hence the (bounded) repeat.
    for (let pass = 0; pass < 64; pass++) {
      const bidFills = this.matchCrossingSide(s, true, now);
      const askFills = this.matchCrossingSide(s, false, now);
      if (bidFills === 0 && askFills === 0) return;
    }
  }

  /** One side of matchCrossing: our resting bids (isBid) against source asks, or asks against bids. */
  private matchCrossingSide(s: SymbolState, isBid: boolean, now: number): number {
    const resting = isBid ? s.restingBids : s.restingAsks;
    if (resting.length === 0) return 0;
    const other = isBid ? s.book.asks : s.book.bids;
    const off = s.offsetTicks;
    const inst = s.inst;
    const execs: SimExecution[] = [];
    const touched: SimOrder[] = [];
    for (let i = 0; i < other.size; i++) {
      const tick = other.tickAt(i)! + off;
      const o = resting.find((r) => r.cumLots < r.qtyLots);
      if (!o) break;
      const p = o.priceTicks!;
      if (isBid ? tick > p : tick < p) break;
      let avail = other.qty.get(tick - off)! - s.resilience.depletion(!isBid, tick, now);
      // Walk our orders best first against this level until it or they run out.
      for (const r of resting) {
        if (r.cumLots >= r.qtyLots) continue;
        const rp = r.priceTicks!;
        if (isBid ? tick > rp : tick < rp) break;
        const lots = M.min(r.qtyLots - r.cumLots, inst.baseToLotsFloor(avail));
        if (lots <= 0) break;
        const base = inst.lotsToBase(lots);
        avail -= base;
        s.resilience.consume(!isBid, tick, base, now);
        execs.push(this.fill(s, r, rp, lots, true, now));
        if (!touched.includes(r)) touched.push(r);
        // The incoming (source) side is the aggressor: a seller hitting our bid, a buyer lifting our ask.
        this.recordTrade(s, now, rp, base, isBid ? 'Sell' : 'Buy', true);
      }
    }
    if (execs.length > 0) this.afterFills(s, execs, touched, now);
    return execs.length;
  }

  private recordTrade(
    s: SymbolState,
    ts: number,
    tick: number,
    qty: number,
    side: Side,
    ours: boolean,
    id?: string,
  ): PublicTrade {
    const t: PublicTrade = {
      ts,
      symbol: s.inst.symbol,
      side,
      priceTicks: tick,
      qty,
      id: id ?? `${s.inst.symbol}-${s.tradeSeq + 1}`,
      seq: ++s.tradeSeq,
      ours,
    };
    s.tape.push(t);
    // Trim in chunks: a splice per trade would memmove the whole tape every time.
    if (s.tape.length > 2 * MAX_TAPE) s.tape.splice(0, s.tape.length - MAX_TAPE);
    s.lastPriceTicks = tick;
    const start = M.floor(ts / 60_000) * 60_000;
    const price = tick * s.inst.tick;
    let bar = s.bars.get(start);
    if (!bar) {
      bar = { start, open: price, high: price, low: price, close: price, volume: 0, turnover: 0 };
      s.bars.set(start, bar);
      s.barStarts.push(start);
      if (s.barStarts.length > 20_000) s.bars.delete(s.barStarts.shift()!);
    }
    bar.high = M.max(bar.high, price);
    bar.low = M.min(bar.low, price);
    bar.close = price;
    bar.volume += qty;
    bar.turnover += qty * price;
    for (const l of this.listeners) l.onPublicTrades?.(s.inst.symbol, [t]);
    return t;
  }

  private settleFunding(at: number): void {
    for (const s of this.symbols.values()) {
      s.fundingHistory.push({ ts: at, rate: s.fundingRate });
      if (s.fundingHistory.length > 1000) s.fundingHistory.shift();
      const pos = this.positions.get(s.inst.symbol);
      const mid = this.midTicks(s);
      if (pos && pos.lots !== 0 && mid !== undefined) {
        // Longs pay shorts when the rate is positive.
        const value = M.abs(pos.lots) * s.inst.step * mid * s.inst.tick;
        const pay = M.sign(pos.lots) * value * s.fundingRate;
        this.walletBalance = this.walletBalance.minus(pay);
        pos.realised -= pay;
        for (const l of this.listeners) {
          l.onPosition?.(s.inst.symbol);
          l.onWallet?.();
        }
      }
    }
    this.nextFundingTime = at + FUNDING_INTERVAL_MS;
  }

  get nextFunding(): number {
    return this.nextFundingTime;
  }

  // ---------------------------------------------------------------- served book

  /** Best bid/ask ticks of the served book (source shifted by our impact, minus depletion). */
  bestTicks(s: SymbolState): { bid: number | undefined; ask: number | undefined } {
    return { bid: this.bestTick(s, true), ask: this.bestTick(s, false) };
  }

  /** Best served tick of one side without building level arrays (hot path of every order). */
  private bestTick(s: SymbolState, isBid: boolean): number | undefined {
    const side = isBid ? s.book.bids : s.book.asks;
    const ours = isBid ? s.restingBids : s.restingAsks;
    const guard = this.crossGuard(s, isBid);
    let src: number | undefined;
    if (s.resilience.empty && guard === undefined) {
      const b = side.best();
      src = b === undefined ? undefined : b + s.offsetTicks;
    } else {
      const now = this.clock.now();
      const noDepletion = s.resilience.empty;
      for (let i = 0; i < side.size; i++) {
        const t = side.tickAt(i)! + s.offsetTicks;
        if (guard !== undefined && (isBid ? t >= guard : t <= guard)) continue;
        if (noDepletion || side.qty.get(t - s.offsetTicks)! - s.resilience.depletion(isBid, t, now) > 1e-12) {
          src = t;
          break;
        }
      }
    }
    const own = ours[0]?.priceTicks;
    if (own === undefined) return src;
    if (src === undefined) return own;
    return isBid ? M.max(src, own) : M.min(src, own);
  }

  /**
   * Source levels of one side at or through our best resting order on the other side are not
   * served: matchCrossing trades them with our order whenever the venue processes the market, and
   * between two such points (liquidity refilling with time) they must not show as a crossed book.
   */
  private crossGuard(s: SymbolState, isBid: boolean): number | undefined {
    return (isBid ? s.restingAsks : s.restingBids)[0]?.priceTicks;
  }

  midTicks(s: SymbolState): number | undefined {
    const { bid, ask } = this.bestTicks(s);
    if (bid !== undefined && ask !== undefined) return (bid + ask) / 2;
    return bid ?? ask ?? s.lastPriceTicks;
  }

  /** Source mid without our impact: the index price. */
  sourceMidTicks(s: SymbolState): number | undefined {
    const b = s.book.bids.best();
    const a = s.book.asks.best();
    if (b !== undefined && a !== undefined) return (b + a) / 2;
    return b ?? a;
  }

  /** Top `depth` levels of the served book as [ticks, base qty], our resting orders included. */
  levels(s: SymbolState, depth: number): BookLevels {
    return { bids: this.sideLevels(s, true, depth), asks: this.sideLevels(s, false, depth) };
  }

  private sideLevels(s: SymbolState, isBid: boolean, depth: number): Array<[number, number]> {
    const now = this.clock.now();
    const side = isBid ? s.book.bids : s.book.asks;
    const ours = isBid ? s.restingBids : s.restingAsks;
    const out: Array<[number, number]> = [];
    const off = s.offsetTicks;
    let oi = 0;
    const better = (a: number, b: number): boolean => (isBid ? a > b : a < b);
    const pushOurs = (limit: number | undefined): void => {
      while (oi < ours.length && out.length < depth) {
        const p = ours[oi]!.priceTicks!;
        if (limit !== undefined && !better(p, limit) && p !== limit) break;
        let q = 0;
        while (oi < ours.length && ours[oi]!.priceTicks === p) {
          const o = ours[oi]!;
          q += s.inst.lotsToBase(o.qtyLots - o.cumLots);
          oi++;
        }
        if (p === limit) {
          // Merged into the source level below.
          pendingSame = q;
          return;
        }
        out.push([p, q]);
      }
    };
    let pendingSame = 0;
    const noDepletion = s.resilience.empty;
    const guard = this.crossGuard(s, isBid);
    const n = side.size;
    for (let i = 0; i < n && out.length < depth; i++) {
      const st = side.tickAt(i)!;
      const t = st + off;
      if (guard !== undefined && (isBid ? t >= guard : t <= guard)) continue;
      pendingSame = 0;
      pushOurs(t);
      if (out.length >= depth) break;
      let q = side.qty.get(st)!;
      if (!noDepletion) q = M.max(0, q - s.resilience.depletion(isBid, t, now));
      q += pendingSame;
      if (q > 1e-12) out.push([t, q]);
    }
    pendingSame = 0;
    pushOurs(undefined);
    return out;
  }

  // ---------------------------------------------------------------- order entry

  createOrder(
    p: Params,
    via: 'rest' | 'ws' = 'rest',
    apiKey?: string,
  ): { orderId: string; orderLinkId: string } {
    try {
      return this.createOrderInner(p, via, apiKey);
    } catch (e) {
      if (e instanceof VenueError) {
        this.ledger.recordRejection({
          ts: this.clock.now(),
          op: 'order.create',
          retCode: e.retCode,
          retMsg: e.retMsg,
          orderLinkId: str(p, 'orderLinkId'),
        });
      }
      throw e;
    }
  }

  private requireLinear(p: Params): void {
    const c = str(p, 'category');
    if (c === undefined) throw paramError('params error: category is required');
    if (c !== 'linear') throw paramError(`category ${c} is not supported by the simulator (linear only)`);
  }

  private createOrderInner(
    p: Params,
    via: 'rest' | 'ws',
    apiKey: string | undefined,
  ): { orderId: string; orderLinkId: string } {
    this.requireLinear(p);
    const symbol = str(p, 'symbol');
    if (!symbol) throw paramError('params error: symbol is required');
    const s = this.symbol(symbol);
    const inst = s.inst;
    const side = str(p, 'side');
    if (side !== 'Buy' && side !== 'Sell')
      throw paramError(`params error: side must be Buy or Sell, got ${side}`);
    const orderType = str(p, 'orderType');
    if (orderType !== 'Market' && orderType !== 'Limit') {
      throw paramError(`params error: orderType must be Market or Limit, got ${orderType}`);
    }
    const qtyStr = str(p, 'qty');
    if (qtyStr === undefined) throw paramError('params error: qty is required');
    let lots = inst.parseQtyLots(qtyStr);
    if (lots === undefined) throw paramError(`params error: qty ${qtyStr} is not a decimal number`);
    if (lots === 0) {
      throw new VenueError(
        RetCode.QTY_TRUNCATES_TO_ZERO,
        `qty ${qtyStr} truncates to zero at qtyStep ${inst.spec.qtyStep}`,
      );
    }
    const pidx = str(p, 'positionIdx');
    if (pidx !== undefined && pidx !== '0') throw paramError('position idx not match position mode');
    let tif = (str(p, 'timeInForce') ?? 'GTC') as TimeInForce;
    if (!TIFS.has(tif)) {
      throw paramError(`params error: timeInForce ${tif} is not one of GTC, IOC, FOK, PostOnly`);
    }
    let priceTicks: number | undefined;
    if (orderType === 'Limit') {
      const priceStr = str(p, 'price');
      if (priceStr === undefined) throw paramError('params error: price is required for Limit orders');
      priceTicks = inst.parsePriceTicks(priceStr);
      if (priceTicks === undefined || priceTicks <= 0) {
        throw paramError(
          `params error: price ${priceStr} is not a positive multiple of tickSize ${inst.spec.tickSize}`,
        );
      }
    } else {
      // Bybit: Market orders are always IOC.
      tif = 'IOC';
      if (lots > inst.maxMktLots) {
        throw paramError(`qty ${qtyStr} exceeds maxMktOrderQty ${inst.spec.maxMktOrderQty}`);
      }
    }
    if (lots > inst.maxLots) throw paramError(`qty ${qtyStr} exceeds maxOrderQty ${inst.spec.maxOrderQty}`);
    if (lots < inst.minLots) throw paramError(`qty ${qtyStr} is below minOrderQty ${inst.spec.minOrderQty}`);
    const orderLinkId = str(p, 'orderLinkId') ?? '';
    if (orderLinkId && !LINK_ID_RE.test(orderLinkId)) {
      throw paramError('params error: orderLinkId must be 1-36 chars of [0-9A-Za-z_-]');
    }
    if (orderLinkId && this.ordersByLink.has(orderLinkId)) {
      throw new VenueError(RetCode.DUPLICATE_ORDER_LINK_ID, 'OrderLinkedID is duplicate');
    }
    const reduceOnly = bool(p, 'reduceOnly');
    const pos = this.position(symbol);
    const sign = side === 'Buy' ? 1 : -1;
    if (reduceOnly) {
      // Reduce-only orders are cut to the position they can close.
      const closable = M.sign(pos.lots) === -sign ? M.abs(pos.lots) : 0;
      lots = M.min(lots, closable);
      if (lots === 0) {
        throw new VenueError(
          RetCode.QTY_TRUNCATES_TO_ZERO,
          'reduce-only order qty truncates to zero: no position to reduce',
        );
      }
    }
    const mid = this.midTicks(s);
    const refTicks = priceTicks ?? mid;
    if (refTicks === undefined) {
      throw paramError(`${symbol} has no market yet (empty book): Market orders cannot be priced`);
    }
    const notional = inst.valueNumber(refTicks * lots);
    if (notional < inst.minNotional) {
      throw new VenueError(
        RetCode.BELOW_MIN_NOTIONAL,
        `order value ${notional.toFixed(4)} is below minNotionalValue ${inst.spec.minNotionalValue}`,
      );
    }
    if (!reduceOnly) {
      const opening = M.sign(pos.lots) === -sign ? M.max(0, lots - M.abs(pos.lots)) : lots;
      const need =
        (inst.valueNumber(refTicks * opening) / this.leverage) * (1 + this.fees.taker * this.leverage);
      if (opening > 0 && need > this.availableBalance()) {
        throw new VenueError(
          RetCode.INSUFFICIENT_BALANCE,
          `ab not enough for new order: needs ${need.toFixed(2)} USDT margin, available ${this.availableBalance().toFixed(2)}`,
        );
      }
    }

    const now = this.clock.now();
    const o: SimOrder = {
      orderId: randomUUID(),
      orderLinkId,
      symbol,
      side,
      orderType,
      timeInForce: tif,
      priceTicks,
      qtyLots: lots,
      cumLots: 0,
      cumTickLots: 0,
      cumFee: new Decimal(0),
      status: 'New',
      rejectReason: 'EC_NoError',
      cancelType: 'UNKNOWN',
      reduceOnly,
      closeOnTrigger: bool(p, 'closeOnTrigger'),
      createdTime: now,
      updatedTime: now,
      seq: ++this.orderSeq,
      queueAhead: 0,
      lastPriceOnCreated: s.lastPriceTicks !== undefined ? inst.price(s.lastPriceTicks) : '',
      via,
      apiKey,
    };
    this.orders.set(o.orderId, o);
    if (orderLinkId) this.ordersByLink.set(orderLinkId, o);
    this.orderList.push(o);
    this.ledger.recordOrder({
      orderId: o.orderId,
      orderLinkId,
      symbol,
      side,
      orderType,
      timeInForce: tif,
      price: priceTicks !== undefined ? inst.price(priceTicks) : '0',
      qty: inst.qty(lots),
      qtyLots: lots,
      createdTime: now,
      via,
      ...(apiKey !== undefined ? { apiKey } : {}),
    });
    this.ledger.recordStatus(o.orderId, 'New', now, inst.qty(0));
    this.execute(s, o, now, true);
    return { orderId: o.orderId, orderLinkId };
  }

  /**
   * Match an incoming (or re-priced) order against the served book, then rest or cancel the
   * remainder according to its time in force. Emits order/execution/position/wallet events.
   */
  private execute(s: SymbolState, o: SimOrder, now: number, isNew: boolean): void {
    const isBuy = o.side === 'Buy';
    const best = this.bestTicks(s);
    const opp = isBuy ? best.ask : best.bid;
    let limit = o.priceTicks;
    if (o.orderType === 'Market') {
      const mid = this.midTicks(s)!;
      limit = isBuy ? M.floor(mid * (1 + this.band)) : M.ceil(mid * (1 - this.band));
    }
    const crosses = opp !== undefined && limit !== undefined && (isBuy ? opp <= limit : opp >= limit);
    if (o.timeInForce === 'PostOnly' && crosses) {
      this.finish(s, o, 'Cancelled', 'EC_PostOnlyWillTakeLiquidity', 'UNKNOWN', now);
      return;
    }
    const walk = crosses ? this.walk(s, isBuy, limit!, o.qtyLots - o.cumLots, now) : [];
    const available = walk.reduce((a, w) => a + w.lots, 0);
    if (o.timeInForce === 'FOK' && available < o.qtyLots - o.cumLots) {
      this.finish(s, o, 'Cancelled', 'EC_NoImmediateQtyToFill', 'UNKNOWN', now);
      return;
    }
    const execs: SimExecution[] = [];
    for (const w of walk) {
      // Our taker flow removes the liquidity it took; it refills with the resilience half-life.
      s.resilience.consume(!isBuy, w.tick, s.inst.lotsToBase(w.lots), now);
      execs.push(this.fill(s, o, w.tick, w.lots, false, now));
      this.recordTrade(s, now, w.tick, s.inst.lotsToBase(w.lots), o.side, true);
    }
    const remaining = o.qtyLots - o.cumLots;
    if (remaining > 0 && (o.timeInForce === 'IOC' || o.timeInForce === 'FOK')) {
      o.status = o.cumLots > 0 ? 'PartiallyFilled' : o.status;
      if (execs.length > 0) this.afterFills(s, execs, [], now);
      this.finish(
        s,
        o,
        'Cancelled',
        o.cumLots > 0 ? 'EC_NoError' : 'EC_NoImmediateQtyToFill',
        'UNKNOWN',
        now,
      );
      return;
    }
    if (remaining > 0) {
      o.queueAhead = this.visibleSourceQty(s, isBuy, o.priceTicks!, now);
      this.rest(s, o);
      if (execs.length === 0) {
        o.updatedTime = now;
        this.ledger.recordStatus(o.orderId, o.status, now, s.inst.qty(o.cumLots));
        this.emitOrder(o);
        this.emitPosition(s.inst.symbol);
      }
    }
    if (execs.length > 0) this.afterFills(s, execs, [o], now);
    else if (remaining === 0 && isNew) this.emitOrder(o);
    s.version++;
    // Our fills shift the source book (permanent impact), possibly through a resting order of ours.
    this.matchCrossing(s);
  }

  /** Levels our taker order would take, best first, without touching state. */
  private walk(
    s: SymbolState,
    isBuy: boolean,
    limit: number,
    lots: number,
    _now: number,
  ): Array<{ tick: number; lots: number }> {
    const out: Array<{ tick: number; lots: number }> = [];
    // Most orders need a few levels: look at 20 first, the whole visible book only if needed.
    let side = this.sideLevels(s, !isBuy, 20);
    const lastTick = side[side.length - 1]?.[0];
    const enough =
      side.length < 20 ||
      (lastTick !== undefined && (isBuy ? lastTick > limit : lastTick < limit)) ||
      side.reduce((a, l) => a + l[1], 0) - this.ownQty(isBuy ? s.restingAsks : s.restingBids, s) >=
        s.inst.lotsToBase(lots);
    if (!enough) side = this.sideLevels(s, !isBuy, 1000);
    const ours = isBuy ? s.restingAsks : s.restingBids;
    let left = lots;
    for (const [tick, qty] of side) {
      if (left <= 0) break;
      if (isBuy ? tick > limit : tick < limit) break;
      // Our own resting orders on the other side are not matched against us (no self-trade).
      let own = 0;
      for (const o of ours) if (o.priceTicks === tick) own += s.inst.lotsToBase(o.qtyLots - o.cumLots);
      const take = M.min(left, s.inst.baseToLotsFloor(qty - own));
      if (take <= 0) continue;
      out.push({ tick, lots: take });
      left -= take;
    }
    return out;
  }

  private ownQty(list: SimOrder[], s: SymbolState): number {
    let q = 0;
    for (const o of list) q += s.inst.lotsToBase(o.qtyLots - o.cumLots);
    return q;
  }

  private rest(s: SymbolState, o: SimOrder): void {
    const list = o.side === 'Buy' ? s.restingBids : s.restingAsks;
    this.unrest(s, o);
    const better = (a: SimOrder, b: SimOrder): boolean =>
      a.priceTicks! === b.priceTicks!
        ? a.seq < b.seq
        : o.side === 'Buy'
          ? a.priceTicks! > b.priceTicks!
          : a.priceTicks! < b.priceTicks!;
    let i = 0;
    while (i < list.length && better(list[i]!, o)) i++;
    list.splice(i, 0, o);
  }

  private unrest(s: SymbolState, o: SimOrder): void {
    for (const list of [s.restingBids, s.restingAsks]) {
      const i = list.indexOf(o);
      if (i >= 0) list.splice(i, 1);
    }
  }

  private fill(
    s: SymbolState,
    o: SimOrder,
    tick: number,
    lots: number,
    isMaker: boolean,
    now: number,
  ): SimExecution {
    const inst = s.inst;
    if (lots <= 0 || o.cumLots + lots > o.qtyLots) {
      throw new Error(`invariant: fill of ${lots} lots would overfill order ${o.orderId}`);
    }
    const rate = isMaker ? this.fees.maker : this.fees.taker;
    const value = new Decimal(inst.value(tick * lots, 12));
    const fee = value.mul(rate).toDecimalPlaces(8);
    o.cumLots += lots;
    o.cumTickLots += tick * lots;
    o.cumFee = o.cumFee.plus(fee);
    o.status = o.cumLots === o.qtyLots ? 'Filled' : 'PartiallyFilled';
    o.updatedTime = now;
    const closed = this.applyToPosition(s, o.side, tick, lots, now);
    this.walletBalance = this.walletBalance.minus(fee);
    const mid = this.midTicks(s) ?? tick;
    const e: SimExecution = {
      execId: randomUUID(),
      orderId: o.orderId,
      orderLinkId: o.orderLinkId,
      symbol: o.symbol,
      side: o.side,
      orderPrice: o.priceTicks !== undefined ? inst.price(o.priceTicks) : '0',
      orderQty: inst.qty(o.qtyLots),
      leavesQty: inst.qty(o.qtyLots - o.cumLots),
      orderType: o.orderType,
      execPrice: inst.price(tick),
      execQty: inst.qty(lots),
      execValue: inst.value(tick * lots),
      execFee: money(fee),
      feeRate: String(rate),
      isMaker,
      execTime: now,
      execType: 'Trade',
      markPrice: inst.price(M.round(mid)),
      closedSize: inst.qty(closed),
      seq: ++this.execSeq,
    };
    this.executions.push(e);
    this.ledger.recordFill({
      execId: e.execId,
      orderId: o.orderId,
      orderLinkId: o.orderLinkId,
      symbol: o.symbol,
      side: o.side,
      execPrice: e.execPrice,
      execQty: e.execQty,
      execLots: lots,
      execFee: e.execFee,
      isMaker,
      execTime: now,
    });
    return e;
  }

  /** After fills: permanent impact, resting-book cleanup, then the private events. */
  private afterFills(s: SymbolState, execs: SimExecution[], touched: SimOrder[], now: number): void {
    let signed = 0;
    for (const e of execs) signed += (e.side === 'Buy' ? 1 : -1) * Number(e.execQty);
    const ref = s.impact.referencePrice ?? (this.sourceMidTicks(s) ?? s.lastPriceTicks ?? 0) * s.inst.tick;
    s.impact.onFill(signed, ref);
    s.offsetTicks = M.round(s.impact.shift() / s.inst.tick);
    for (const o of touched) {
      if (o.status === 'Filled') this.unrest(s, o);
      this.ledger.recordStatus(o.orderId, o.status, now, s.inst.qty(o.cumLots));
    }
    s.version++;
    for (const l of this.listeners) l.onExecution?.(execs);
    const seen = new Set<SimOrder>();
    for (const e of execs) {
      const o = this.orders.get(e.orderId)!;
      if (seen.has(o)) continue;
      seen.add(o);
      this.ledger.recordStatus(o.orderId, o.status, now, s.inst.qty(o.cumLots));
      this.emitOrder(o);
    }
    this.emitPosition(s.inst.symbol);
    for (const l of this.listeners) l.onWallet?.();
  }

  private finish(
    s: SymbolState,
    o: SimOrder,
    status: OrderStatus,
    reason: string,
    cancelType: string,
    now: number,
  ): void {
    o.status = status;
    o.rejectReason = reason;
    o.cancelType = cancelType;
    o.updatedTime = now;
    this.unrest(s, o);
    this.ledger.recordStatus(o.orderId, status, now, s.inst.qty(o.cumLots), reason, cancelType);
    s.version++;
    this.emitOrder(o);
    this.emitPosition(s.inst.symbol);
  }

  private emitOrder(o: SimOrder): void {
    for (const l of this.listeners) l.onOrder?.(o);
  }

  private emitPosition(symbol: string): void {
    for (const l of this.listeners) l.onPosition?.(symbol);
  }

  private findOrder(p: Params): SimOrder {
    const id = str(p, 'orderId');
    const link = str(p, 'orderLinkId');
    if (!id && !link) throw paramError('params error: orderId or orderLinkId is required');
    // Bybit: when both are given, orderId wins.
    const o = id ? this.orders.get(id) : this.ordersByLink.get(link!);
    const symbol = str(p, 'symbol');
    if (!o || (symbol && o.symbol !== symbol) || !OPEN.has(o.status)) {
      throw new VenueError(RetCode.ORDER_NOT_EXIST, 'order not exists or too late to cancel');
    }
    return o;
  }

  amendOrder(p: Params): { orderId: string; orderLinkId: string } {
    try {
      this.requireLinear(p);
      const symbol = str(p, 'symbol');
      if (!symbol) throw paramError('params error: symbol is required');
      const s = this.symbol(symbol);
      const o = this.findOrder(p);
      const inst = s.inst;
      const now = this.clock.now();
      let newLots = o.qtyLots;
      let newPrice = o.priceTicks;
      const qtyStr = str(p, 'qty');
      if (qtyStr !== undefined) {
        const l = inst.parseQtyLots(qtyStr);
        if (l === undefined) throw paramError(`params error: qty ${qtyStr} is not a decimal number`);
        if (l === 0) throw new VenueError(RetCode.QTY_TRUNCATES_TO_ZERO, `qty ${qtyStr} truncates to zero`);
        if (l <= o.cumLots) throw paramError(`qty ${qtyStr} must exceed cumExecQty ${inst.qty(o.cumLots)}`);
        if (l > inst.maxLots) throw paramError(`qty ${qtyStr} exceeds maxOrderQty ${inst.spec.maxOrderQty}`);
        newLots = l;
      }
      const priceStr = str(p, 'price');
      if (priceStr !== undefined) {
        if (o.orderType !== 'Limit') throw paramError('price can only be amended on Limit orders');
        const t = inst.parsePriceTicks(priceStr);
        if (t === undefined || t <= 0)
          throw paramError(`price ${priceStr} is not a multiple of tickSize ${inst.spec.tickSize}`);
        newPrice = t;
      }
      if (newLots === o.qtyLots && newPrice === o.priceTicks) {
        throw new VenueError(34040, 'not modified');
      }
      const losesPriority = newPrice !== o.priceTicks || newLots > o.qtyLots;
      o.qtyLots = newLots;
      o.priceTicks = newPrice;
      o.updatedTime = now;
      this.ledgerAmend(o);
      if (losesPriority) {
        o.seq = ++this.orderSeq;
        this.unrest(s, o);
        this.execute(s, o, now, false);
      } else {
        this.emitOrder(o);
        this.emitPosition(symbol);
        s.version++;
      }
      return { orderId: o.orderId, orderLinkId: o.orderLinkId };
    } catch (e) {
      if (e instanceof VenueError) {
        this.ledger.recordRejection({
          ts: this.clock.now(),
          op: 'order.amend',
          retCode: e.retCode,
          retMsg: e.retMsg,
        });
      }
      throw e;
    }
  }

  private ledgerAmend(o: SimOrder): void {
    // The ledger's own record keeps the latest order size for its overfill check.
    const inst = this.symbol(o.symbol).inst;
    this.ledger.recordAmend(
      o.orderId,
      inst.qty(o.qtyLots),
      o.qtyLots,
      o.priceTicks !== undefined ? inst.price(o.priceTicks) : '0',
      this.clock.now(),
    );
  }

  cancelOrder(p: Params): { orderId: string; orderLinkId: string } {
    try {
      this.requireLinear(p);
      const symbol = str(p, 'symbol');
      if (!symbol) throw paramError('params error: symbol is required');
      const s = this.symbol(symbol);
      const o = this.findOrder(p);
      this.finish(s, o, 'Cancelled', 'EC_NoError', 'CancelByUser', this.clock.now());
      return { orderId: o.orderId, orderLinkId: o.orderLinkId };
    } catch (e) {
      if (e instanceof VenueError) {
        this.ledger.recordRejection({
          ts: this.clock.now(),
          op: 'order.cancel',
          retCode: e.retCode,
          retMsg: e.retMsg,
        });
      }
      throw e;
    }
  }

  cancelAll(p: Params): { list: Array<{ orderId: string; orderLinkId: string }>; success: string } {
    this.requireLinear(p);
    const symbol = str(p, 'symbol');
    const baseCoin = str(p, 'baseCoin');
    const settleCoin = str(p, 'settleCoin');
    if (!symbol && !baseCoin && !settleCoin) {
      throw paramError('params error: one of symbol, baseCoin or settleCoin is required for linear');
    }
    const list: Array<{ orderId: string; orderLinkId: string }> = [];
    const now = this.clock.now();
    for (const o of this.orderList) {
      if (!OPEN.has(o.status)) continue;
      const s = this.symbols.get(o.symbol)!;
      if (symbol && o.symbol !== symbol) continue;
      if (baseCoin && s.inst.spec.baseCoin !== baseCoin) continue;
      if (settleCoin && settleCoin !== 'USDT') continue;
      this.finish(s, o, 'Cancelled', 'EC_NoError', 'CancelByUser', now);
      list.push({ orderId: o.orderId, orderLinkId: o.orderLinkId });
    }
    return { list, success: '1' };
  }

  /**
   * Cancels every open order one API key placed, as the venue does on its own initiative (e.g.
   * `CancelByDCP` when disconnect cancel-all fires). Each cancel is pushed like any other.
   */
  cancelAllOfKey(apiKey: string, cancelType: string): Array<{ orderId: string; orderLinkId: string }> {
    const list: Array<{ orderId: string; orderLinkId: string }> = [];
    const now = this.clock.now();
    for (const o of this.orderList) {
      if (o.apiKey !== apiKey || !OPEN.has(o.status)) continue;
      this.finish(this.symbols.get(o.symbol)!, o, 'Cancelled', 'EC_NoError', cancelType, now);
      list.push({ orderId: o.orderId, orderLinkId: o.orderLinkId });
    }
    return list;
  }

  // ---------------------------------------------------------------- account

  private position(symbol: string): Position {
    let p = this.positions.get(symbol);
    if (!p) {
      const now = this.clock.now();
      p = { lots: 0, entryTickLots: 0, realised: 0, createdTime: now, updatedTime: now, seq: 0 };
      this.positions.set(symbol, p);
    }
    return p;
  }

  /** Apply a fill to the one-way position; returns the lots it closed. */
  private applyToPosition(s: SymbolState, side: Side, tick: number, lots: number, now: number): number {
    const p = this.position(s.inst.symbol);
    const sign = side === 'Buy' ? 1 : -1;
    let closed = 0;
    if (p.lots !== 0 && M.sign(p.lots) !== sign) {
      closed = M.min(lots, M.abs(p.lots));
      const avg = p.entryTickLots / M.abs(p.lots);
      const pnlTicks = (tick - avg) * closed * M.sign(p.lots);
      const pnl = pnlTicks * s.inst.tick * s.inst.step;
      p.realised += pnl;
      this.walletBalance = this.walletBalance.plus(pnl);
      p.entryTickLots -= avg * closed;
      p.lots += sign * closed;
      if (p.lots === 0) p.entryTickLots = 0;
    }
    const opened = lots - closed;
    if (opened > 0) {
      p.lots += sign * opened;
      p.entryTickLots += tick * opened;
    }
    p.updatedTime = now;
    p.seq++;
    return closed;
  }

  private unrealised(): number {
    let u = 0;
    for (const [sym, p] of this.positions) {
      if (p.lots === 0) continue;
      const s = this.symbols.get(sym)!;
      const mid = this.midTicks(s);
      if (mid === undefined) continue;
      const avg = p.entryTickLots / M.abs(p.lots);
      u += (mid - avg) * p.lots * s.inst.tick * s.inst.step;
    }
    return u;
  }

  private positionIM(): number {
    let im = 0;
    for (const [sym, p] of this.positions) {
      if (p.lots === 0) continue;
      const s = this.symbols.get(sym)!;
      const mid = this.midTicks(s) ?? p.entryTickLots / M.abs(p.lots);
      im += (M.abs(p.lots) * mid * s.inst.tick * s.inst.step) / this.leverage;
    }
    return im;
  }

  private orderIM(): number {
    let im = 0;
    for (const s of this.symbols.values()) {
      for (const o of [...s.restingBids, ...s.restingAsks]) {
        im += s.inst.valueNumber(o.priceTicks! * (o.qtyLots - o.cumLots)) / this.leverage;
      }
    }
    return im;
  }

  availableBalance(): number {
    return this.walletBalance.toNumber() + this.unrealised() - this.positionIM() - this.orderIM();
  }

  // ---------------------------------------------------------------- views (Bybit field names)

  orderView(o: SimOrder): Record<string, unknown> {
    const inst = this.symbols.get(o.symbol)!.inst;
    const avg =
      o.cumLots > 0 ? new Decimal(inst.value(o.cumTickLots, 12)).div(inst.qty(o.cumLots)) : undefined;
    const leaves = OPEN.has(o.status) ? o.qtyLots - o.cumLots : 0;
    return {
      orderId: o.orderId,
      orderLinkId: o.orderLinkId,
      blockTradeId: '',
      symbol: o.symbol,
      price: o.priceTicks !== undefined ? inst.price(o.priceTicks) : '0',
      qty: inst.qty(o.qtyLots),
      side: o.side,
      isLeverage: '',
      positionIdx: 0,
      orderStatus: o.status,
      createType: 'CreateByUser',
      cancelType: o.cancelType,
      rejectReason: o.rejectReason,
      avgPrice: avg ? avg.toDecimalPlaces(inst.priceDp + 4).toFixed() : '',
      leavesQty: inst.qty(leaves),
      leavesValue: o.priceTicks !== undefined ? inst.value(o.priceTicks * leaves) : '0',
      cumExecQty: inst.qty(o.cumLots),
      cumExecValue: inst.value(o.cumTickLots),
      cumExecFee: money(o.cumFee),
      cumFeeDetail: { USDT: money(o.cumFee) },
      timeInForce: o.timeInForce,
      orderType: o.orderType,
      stopOrderType: '',
      orderIv: '',
      marketUnit: '',
      triggerPrice: '',
      takeProfit: '',
      stopLoss: '',
      tpslMode: '',
      ocoTriggerBy: '',
      tpLimitPrice: '',
      slLimitPrice: '',
      tpTriggerBy: '',
      slTriggerBy: '',
      triggerDirection: 0,
      triggerBy: '',
      lastPriceOnCreated: o.lastPriceOnCreated,
      reduceOnly: o.reduceOnly,
      closeOnTrigger: o.closeOnTrigger,
      placeType: '',
      smpType: 'None',
      smpGroup: 0,
      smpOrderId: '',
      createdTime: String(M.floor(o.createdTime)),
      updatedTime: String(M.floor(o.updatedTime)),
    };
  }

  private page<T>(items: T[], p: Params, def: number, max: number): { list: T[]; nextPageCursor: string } {
    const limRaw = str(p, 'limit');
    const limit = limRaw === undefined ? def : Number(limRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > max)
      throw paramError(`params error: limit must be 1..${max}`);
    const cur = str(p, 'cursor');
    let start = 0;
    if (cur) {
      const m = /^p(\d+)$/.exec(cur);
      if (!m) throw paramError('params error: cursor invalid');
      start = Number(m[1]);
    }
    const list = items.slice(start, start + limit);
    // URL-safe cursors: the SDK encodes them again, so they must survive double encoding.
    const nextPageCursor = start + limit < items.length ? `p${start + limit}` : '';
    return { list, nextPageCursor };
  }

  private filterOrders(p: Params, openOnly: boolean | undefined): SimOrder[] {
    this.requireLinear(p);
    const symbol = str(p, 'symbol');
    const orderId = str(p, 'orderId');
    const link = str(p, 'orderLinkId');
    const baseCoin = str(p, 'baseCoin');
    const settleCoin = str(p, 'settleCoin');
    const status = str(p, 'orderStatus');
    const start = str(p, 'startTime');
    const end = str(p, 'endTime');
    let out = this.orderList.filter((o) => {
      if (openOnly === true && !OPEN.has(o.status)) return false;
      if (openOnly === false && OPEN.has(o.status)) return false;
      if (orderId && o.orderId !== orderId) return false;
      if (link && o.orderLinkId !== link) return false;
      if (symbol && o.symbol !== symbol) return false;
      if (baseCoin && this.symbols.get(o.symbol)!.inst.spec.baseCoin !== baseCoin) return false;
      if (settleCoin && settleCoin !== 'USDT') return false;
      if (status && o.status !== status) return false;
      if (start && o.createdTime < Number(start)) return false;
      if (end && o.createdTime > Number(end)) return false;
      return true;
    });
    out = out.reverse();
    return out;
  }

  openOrders(p: Params): Record<string, unknown> {
    const symbol = str(p, 'symbol');
    if (
      !symbol &&
      !str(p, 'baseCoin') &&
      !str(p, 'settleCoin') &&
      !str(p, 'orderId') &&
      !str(p, 'orderLinkId')
    ) {
      throw paramError('params error: one of symbol, baseCoin or settleCoin is required for linear');
    }
    const openOnly = str(p, 'openOnly') ?? '0';
    const items = openOnly === '0' ? this.filterOrders(p, true) : this.filterOrders(p, false).slice(0, 500);
    const { list, nextPageCursor } = this.page(items, p, 20, 50);
    return { category: 'linear', list: list.map((o) => this.orderView(o)), nextPageCursor };
  }

  orderHistory(p: Params): Record<string, unknown> {
    const items = this.filterOrders(p, undefined);
    const { list, nextPageCursor } = this.page(items, p, 20, 50);
    return { category: 'linear', list: list.map((o) => this.orderView(o)), nextPageCursor };
  }

  executionList(p: Params): Record<string, unknown> {
    this.requireLinear(p);
    const symbol = str(p, 'symbol');
    const orderId = str(p, 'orderId');
    const link = str(p, 'orderLinkId');
    const execType = str(p, 'execType');
    const start = str(p, 'startTime');
    const end = str(p, 'endTime');
    const items = this.executions
      .filter(
        (e) =>
          (!symbol || e.symbol === symbol) &&
          (!orderId || e.orderId === orderId) &&
          (!link || e.orderLinkId === link) &&
          (!execType || e.execType === execType) &&
          (!start || e.execTime >= Number(start)) &&
          (!end || e.execTime <= Number(end)),
      )
      .reverse();
    const { list, nextPageCursor } = this.page(items, p, 50, 100);
    return { category: 'linear', list: list.map((e) => this.executionView(e)), nextPageCursor };
  }

  executionView(e: SimExecution): Record<string, unknown> {
    return {
      ...e,
      execTime: String(M.floor(e.execTime)),
      createType: 'CreateByUser',
      stopOrderType: 'UNKNOWN',
      feeCurrency: 'USDT',
      blockTradeId: '',
      indexPrice: '',
      underlyingPrice: '',
      tradeIv: '',
      markIv: '',
      extraFees: '',
    };
  }

  positionView(symbol: string): Record<string, unknown> {
    const s = this.symbol(symbol);
    const inst = s.inst;
    const p = this.position(symbol);
    const mid = this.midTicks(s);
    const abs = M.abs(p.lots);
    const avg = abs > 0 ? p.entryTickLots / abs : 0;
    const value = abs * avg * inst.tick * inst.step;
    const upnl = abs > 0 && mid !== undefined ? (mid - avg) * p.lots * inst.tick * inst.step : 0;
    return {
      positionIdx: 0,
      riskId: 1,
      riskLimitValue: '2000000',
      symbol,
      side: p.lots > 0 ? 'Buy' : p.lots < 0 ? 'Sell' : '',
      size: inst.qty(abs),
      avgPrice: abs > 0 ? money(avg * inst.tick, inst.priceDp + 4) : '0',
      positionValue: money(value),
      tradeMode: 0,
      autoAddMargin: 0,
      positionStatus: 'Normal',
      leverage: String(this.leverage),
      markPrice: mid !== undefined ? inst.price(M.round(mid)) : '',
      liqPrice: '',
      bustPrice: '',
      positionIM: money(value / this.leverage),
      positionMM: money(value * 0.005),
      positionBalance: money(value / this.leverage),
      tpslMode: 'Full',
      takeProfit: '0',
      stopLoss: '0',
      trailingStop: '0',
      sessionAvgPrice: '',
      unrealisedPnl: money(upnl),
      curRealisedPnl: money(p.realised),
      cumRealisedPnl: money(p.realised),
      adlRankIndicator: abs > 0 ? 2 : 0,
      createdTime: String(M.floor(p.createdTime)),
      updatedTime: String(M.floor(p.updatedTime)),
      seq: p.seq,
      isReduceOnly: false,
      mmrSysUpdatedTime: '',
      leverageSysUpdatedTime: '',
    };
  }

  positionList(p: Params): Record<string, unknown> {
    this.requireLinear(p);
    const symbol = str(p, 'symbol');
    const settleCoin = str(p, 'settleCoin');
    if (!symbol && !settleCoin) throw paramError('params error: symbol or settleCoin is required for linear');
    const syms = symbol ? [this.symbol(symbol).inst.symbol] : [...this.symbols.keys()];
    return { category: 'linear', list: syms.map((s) => this.positionView(s)), nextPageCursor: '' };
  }

  walletView(): Record<string, unknown> {
    const wb = this.walletBalance.toNumber();
    const upnl = this.unrealised();
    const equity = wb + upnl;
    const pim = this.positionIM();
    const oim = this.orderIM();
    const avail = equity - pim - oim;
    let realised = 0;
    for (const p of this.positions.values()) realised += p.realised;
    return {
      accountType: 'UNIFIED',
      accountIMRate: money(equity > 0 ? (pim + oim) / equity : 0, 4),
      accountMMRate: money(equity > 0 ? (pim * this.leverage * 0.005) / equity : 0, 4),
      accountLTV: '0',
      totalEquity: money(equity),
      totalWalletBalance: money(wb),
      totalMarginBalance: money(equity),
      totalAvailableBalance: money(avail),
      totalPerpUPL: money(upnl),
      totalInitialMargin: money(pim + oim),
      totalMaintenanceMargin: money(pim * this.leverage * 0.005),
      coin: [
        {
          coin: 'USDT',
          equity: money(equity),
          usdValue: money(equity),
          walletBalance: money(wb),
          free: '',
          locked: '0',
          spotHedgingQty: '0',
          borrowAmount: '0',
          availableToWithdraw: money(M.max(0, avail)),
          availableToBorrow: '',
          accruedInterest: '0',
          totalOrderIM: money(oim),
          totalPositionIM: money(pim),
          totalPositionMM: money(pim * this.leverage * 0.005),
          unrealisedPnl: money(upnl),
          cumRealisedPnl: money(realised),
          bonus: '0',
          marginCollateral: true,
          collateralSwitch: true,
        },
      ],
    };
  }

  walletBalanceResult(p: Params): Record<string, unknown> {
    const t = str(p, 'accountType');
    if (t !== 'UNIFIED') throw paramError('accountType only support UNIFIED');
    return { list: [this.walletView()] };
  }

  // ---------------------------------------------------------------- market endpoints

  orderbookResult(p: Params): Record<string, unknown> {
    this.requireLinear(p);
    const symbol = str(p, 'symbol');
    if (!symbol) throw paramError('params error: symbol is required');
    const s = this.symbol(symbol);
    const limRaw = str(p, 'limit');
    const limit = limRaw === undefined ? 25 : Number(limRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw paramError('params error: limit must be 1..1000');
    const lv = this.levels(s, limit);
    const fmt = (l: Array<[number, number]>): string[][] =>
      l.map(([t, q]) => [s.inst.price(t), this.fmtSize(s, q)]);
    const now = M.floor(this.clock.now());
    return { s: symbol, b: fmt(lv.bids), a: fmt(lv.asks), ts: now, u: s.version, seq: s.version, cts: now };
  }

  fmtSize(s: SymbolState, q: number): string {
    // Source sizes may carry more digits than qtyStep: round to the step's precision.
    return q.toFixed(s.inst.qtyDp);
  }

  tickerView(s: SymbolState): Record<string, string> {
    const inst = s.inst;
    const now = this.clock.now();
    const lv = this.levels(s, 1);
    const bars = this.barsSince(s, now - 86_400_000);
    const first = bars[0];
    const bar1h = this.barsSince(s, now - 3_600_000)[0];
    const last = s.lastPriceTicks !== undefined ? s.lastPriceTicks * inst.tick : undefined;
    let high = -Infinity;
    let low = Infinity;
    let vol = 0;
    let turn = 0;
    for (const b of bars) {
      high = M.max(high, b.high);
      low = M.min(low, b.low);
      vol += b.volume;
      turn += b.turnover;
    }
    const mid = this.midTicks(s);
    const idx = this.sourceMidTicks(s);
    const f = (x: number | undefined): string =>
      x === undefined || !isFinite(x) ? '' : inst.price(M.round(x / inst.tick));
    const prev = first?.open;
    const oi = 50_000 + (vol > 0 ? vol * 0.1 : 0);
    return {
      symbol: inst.symbol,
      lastPrice: f(last),
      indexPrice: idx !== undefined ? inst.price(M.round(idx)) : '',
      markPrice: mid !== undefined ? inst.price(M.round(mid)) : '',
      prevPrice24h: f(prev),
      price24hPcnt: prev && last ? (last / prev - 1).toFixed(6) : '0',
      highPrice24h: f(high),
      lowPrice24h: f(low),
      prevPrice1h: f(bar1h?.open),
      openInterest: oi.toFixed(inst.qtyDp),
      openInterestValue: mid !== undefined ? (oi * mid * inst.tick).toFixed(2) : '0',
      turnover24h: turn.toFixed(4),
      volume24h: vol.toFixed(inst.qtyDp),
      fundingRate: s.fundingRate.toFixed(8).replace(/0+$/, '').replace(/\.$/, ''),
      nextFundingTime: String(this.nextFundingTime),
      fundingIntervalHour: '8',
      fundingCap: '0.005',
      predictedDeliveryPrice: '',
      basisRate: '',
      deliveryFeeRate: '',
      deliveryTime: '0',
      ask1Size: lv.asks[0] ? this.fmtSize(s, lv.asks[0][1]) : '',
      bid1Price: lv.bids[0] ? inst.price(lv.bids[0][0]) : '',
      ask1Price: lv.asks[0] ? inst.price(lv.asks[0][0]) : '',
      bid1Size: lv.bids[0] ? this.fmtSize(s, lv.bids[0][1]) : '',
      basis: '',
      preOpenPrice: '',
      preQty: '',
      curPreListingPhase: '',
    };
  }

  tickersResult(p: Params): Record<string, unknown> {
    this.requireLinear(p);
    const symbol = str(p, 'symbol');
    const syms = symbol ? [this.symbol(symbol)] : [...this.symbols.values()];
    return { category: 'linear', list: syms.map((s) => this.tickerView(s)) };
  }

  recentTradesResult(p: Params): Record<string, unknown> {
    this.requireLinear(p);
    const symbol = str(p, 'symbol');
    if (!symbol) throw paramError('params error: symbol is required');
    const s = this.symbol(symbol);
    const limRaw = str(p, 'limit');
    const limit = limRaw === undefined ? 500 : Number(limRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw paramError('params error: limit must be 1..1000');
    const list = s.tape
      .slice(-M.min(limit, MAX_TAPE))
      .reverse()
      .map((t) => ({
        execId: t.id,
        symbol,
        price: s.inst.price(t.priceTicks),
        size: this.fmtSize(s, t.qty),
        side: t.side,
        time: String(M.floor(t.ts)),
        isBlockTrade: false,
        isRPITrade: false,
        seq: String(t.seq),
      }));
    return { category: 'linear', list };
  }

  private barsSince(s: SymbolState, from: number): Bar[] {
    const out: Bar[] = [];
    for (let i = s.barStarts.length - 1; i >= 0; i--) {
      const st = s.barStarts[i]!;
      if (st < from - 60_000) break;
      out.push(s.bars.get(st)!);
    }
    return out.reverse();
  }

  /** 1-minute bars aggregated to `intervalMin`, oldest first. */
  klines(s: SymbolState, intervalMin: number, start?: number, end?: number): Bar[] {
    const ms = intervalMin * 60_000;
    const agg = new Map<number, Bar>();
    for (const st of s.barStarts) {
      const b = s.bars.get(st)!;
      if (start !== undefined && st < start) continue;
      if (end !== undefined && st > end) continue;
      const k = M.floor(st / ms) * ms;
      const a = agg.get(k);
      if (!a) agg.set(k, { ...b, start: k });
      else {
        a.high = M.max(a.high, b.high);
        a.low = M.min(a.low, b.low);
        a.close = b.close;
        a.volume += b.volume;
        a.turnover += b.turnover;
      }
    }
    return [...agg.values()];
  }

  klineResult(p: Params): Record<string, unknown> {
    const category = str(p, 'category') ?? 'linear';
    if (category !== 'linear')
      throw paramError(`category ${category} is not supported by the simulator (linear only)`);
    const symbol = str(p, 'symbol');
    if (!symbol) throw paramError('params error: symbol is required');
    const s = this.symbol(symbol);
    const interval = str(p, 'interval') ?? '';
    const minutes: Record<string, number> = {
      '1': 1,
      '3': 3,
      '5': 5,
      '15': 15,
      '30': 30,
      '60': 60,
      '120': 120,
      '240': 240,
      '360': 360,
      '720': 720,
      D: 1440,
      W: 10080,
    };
    const m = minutes[interval];
    if (m === undefined) throw paramError(`params error: interval ${interval} invalid`);
    const limRaw = str(p, 'limit');
    const limit = limRaw === undefined ? 200 : Number(limRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw paramError('params error: limit must be 1..1000');
    const st = str(p, 'start');
    const en = str(p, 'end');
    const bars = this.klines(s, m, st ? Number(st) : undefined, en ? Number(en) : undefined);
    const f = (x: number): string => s.inst.price(M.round(x / s.inst.tick));
    const list = bars
      .slice(-limit)
      .reverse()
      .map((b) => [
        String(b.start),
        f(b.open),
        f(b.high),
        f(b.low),
        f(b.close),
        b.volume.toFixed(s.inst.qtyDp),
        b.turnover.toFixed(4),
      ]);
    return { category: 'linear', symbol, list };
  }

  fundingHistoryResult(p: Params): Record<string, unknown> {
    this.requireLinear(p);
    const symbol = str(p, 'symbol');
    if (!symbol) throw paramError('params error: symbol is required');
    const s = this.symbol(symbol);
    const st = str(p, 'startTime');
    const en = str(p, 'endTime');
    if (st && !en) throw paramError('params error: endTime is required when startTime is given');
    const limRaw = str(p, 'limit');
    const limit = limRaw === undefined ? 200 : Number(limRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw paramError('params error: limit must be 1..200');
    const list = s.fundingHistory
      .filter((f) => (!st || f.ts >= Number(st)) && (!en || f.ts <= Number(en)))
      .slice(-limit)
      .reverse()
      .map((f) => ({ symbol, fundingRate: String(f.rate), fundingRateTimestamp: String(f.ts) }));
    return { category: 'linear', list };
  }

  instrumentsResult(p: Params): Record<string, unknown> {
    this.requireLinear(p);
    const symbol = str(p, 'symbol');
    const syms = symbol ? [this.symbol(symbol)] : [...this.symbols.values()];
    return {
      category: 'linear',
      list: syms.map((s) => instrumentView(s.inst.spec)),
      nextPageCursor: '',
    };
  }
}

export function instrumentView(spec: InstrumentSpec): Record<string, unknown> {
  return {
    symbol: spec.symbol,
    contractType: 'LinearPerpetual',
    status: 'Trading',
    baseCoin: spec.baseCoin,
    quoteCoin: spec.quoteCoin,
    launchTime: '1585526400000',
    deliveryTime: '0',
    deliveryFeeRate: '',
    priceScale: String(
      spec.tickSize.includes('.') ? spec.tickSize.length - spec.tickSize.indexOf('.') - 1 : 0,
    ),
    leverageFilter: { minLeverage: '1', maxLeverage: spec.maxLeverage, leverageStep: '0.01' },
    priceFilter: { minPrice: spec.minPrice, maxPrice: spec.maxPrice, tickSize: spec.tickSize },
    lotSizeFilter: {
      maxOrderQty: spec.maxOrderQty,
      minOrderQty: spec.minOrderQty,
      qtyStep: spec.qtyStep,
      postOnlyMaxOrderQty: spec.maxOrderQty,
      maxMktOrderQty: spec.maxMktOrderQty,
      minNotionalValue: spec.minNotionalValue,
    },
    unifiedMarginTrade: true,
    fundingInterval: 480,
    settleCoin: 'USDT',
    copyTrading: 'both',
    upperFundingRate: '0.005',
    lowerFundingRate: '-0.005',
    isPreListing: false,
    preListingInfo: null,
    riskParameters: { priceLimitRatioX: '0.01', priceLimitRatioY: '0.02' },
    displayName: '',
  };
}

function resolveImpact(
  cfg: PermanentImpactConfig | Record<string, PermanentImpactConfig> | undefined,
  symbol: string,
): PermanentImpactConfig {
  if (!cfg) return DEFAULT_IMPACT;
  if ('model' in cfg && typeof cfg.model === 'string') return cfg as PermanentImpactConfig;
  return (cfg as Record<string, PermanentImpactConfig>)[symbol] ?? DEFAULT_IMPACT;
}

/**
 * Default permanent impact: square-root law with Y = 0.7, daily volatility 2.6 % and daily volume
 * 100,000 BTC (README: figures measured on Bybit BTCUSDT data in ../shared/data).
 */
export const DEFAULT_IMPACT: PermanentImpactConfig = {
  model: 'sqrt',
  y: 0.7,
  dailyVolatility: 0.026,
  dailyVolume: 100_000,
};

function nextFundingBoundary(t: number): number {
  return M.floor(t / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS + FUNDING_INTERVAL_MS;
}
