import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { RetCode, VenueError } from '../core/errors.js';
import type { Liquidation, PublicTrade, SimExecution, SimOrder, SymbolState } from '../core/venue.js';
import type { SimContext } from './context.js';

export const WS_PATHS = {
  publicLinear: '/v5/public/linear',
  private: '/v5/private',
  trade: '/v5/trade',
} as const;

const BOOK_DEPTHS = new Set([1, 50, 200]);
const KLINE_INTERVALS: Record<string, number> = {
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
};
const PRIVATE_TOPICS = new Set([
  'order',
  'order.linear',
  'execution',
  'execution.linear',
  'execution.fast',
  'execution.fast.linear',
  'position',
  'position.linear',
  'wallet',
  // Disconnect cancel-all: no data of its own here; a subscription arms the protection.
  'dcp',
]);

interface Conn {
  ws: WebSocket;
  path: string;
  connId: string;
  uid: string | undefined;
  topics: Set<string>;
  reqIds: Set<string>;
  /** The key this connection counts for in disconnect cancel-all while subscribed to `dcp`. */
  dcpKey: string | undefined;
}

/** Published state of one orderbook.{depth}.{symbol} stream, shared by its subscribers. */
interface BookStream {
  symbol: string;
  depth: number;
  u: number;
  version: number;
  bids: Map<string, string>;
  asks: Map<string, string>;
  /** A delta held back by the out-of-order fault, sent after the next one. */
  held: string | undefined;
  /** The served book is crossed and publishing is held back until it is not. */
  crossed: boolean;
}

interface KlineStream {
  lastSent: string;
  lastStart: number;
}

/**
 * The WebSocket layer: public market streams, private account streams and the trade API. It
 * formats venue state into Bybit frames and applies the WS faults; it holds no trading logic.
 */
export class WsGateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly conns = new Set<Conn>();
  private readonly books = new Map<string, BookStream>();
  private readonly tickers = new Map<string, Record<string, string>>();
  private readonly klines = new Map<string, KlineStream>();
  private readonly pendingTrades = new Map<string, PublicTrade[]>();
  private readonly pendingLiqs = new Map<string, Liquidation[]>();
  private cs = 0;
  private msgId = 0;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: SimContext) {
    this.unsubscribe = ctx.venue.addListener({
      onOrder: (o) => this.pushOrder(o),
      onExecution: (e) => this.pushExecutions(e),
      onPosition: (s) =>
        this.pushPrivate('position', () => [
          {
            category: 'linear',
            ...ctx.venue.positionView(s),
            entryPrice: ctx.venue.positionView(s).avgPrice,
          },
        ]),
      onWallet: () => this.pushPrivate('wallet', () => [ctx.venue.walletView()]),
      onPublicTrades: (sym, t) => {
        if (!this.hasSubscriber(`publicTrade.${sym}`)) return;
        let arr = this.pendingTrades.get(sym);
        if (!arr) this.pendingTrades.set(sym, (arr = []));
        arr.push(...t);
      },
      onLiquidation: (l) => {
        if (!this.hasSubscriber(`allLiquidation.${l.symbol}`)) return;
        let arr = this.pendingLiqs.get(l.symbol);
        if (!arr) this.pendingLiqs.set(l.symbol, (arr = []));
        arr.push(l);
      },
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path !== WS_PATHS.publicLinear && path !== WS_PATHS.private && path !== WS_PATHS.trade) {
      socket.write('HTTP/1.1 404 Not Found\r\n\r\n');
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, path));
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  private onConnection(ws: WebSocket, path: string): void {
    const conn: Conn = {
      ws,
      path,
      connId: randomUUID(),
      uid: undefined,
      topics: new Set(),
      reqIds: new Set(),
      dcpKey: undefined,
    };
    this.conns.add(conn);
    ws.on('message', (data) => {
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        this.send(conn, {
          success: false,
          ret_msg: 'error: message is not JSON',
          conn_id: conn.connId,
          op: '',
        });
        return;
      }
      void this.onMessage(conn, msg);
    });
    ws.on('close', () => this.drop(conn));
    ws.on('error', () => this.drop(conn));
  }

  /** A connection is gone (closed, failed or terminated here); idempotent. */
  private drop(conn: Conn): void {
    this.conns.delete(conn);
    this.releaseDcp(conn);
  }

  private releaseDcp(conn: Conn): void {
    if (conn.dcpKey === undefined) return;
    this.ctx.dcp.disconnected(conn.dcpKey);
    conn.dcpKey = undefined;
  }

  private send(conn: Conn, msg: unknown): void {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    // Compact JSON on purpose: the SDK detects pongs by substring ('op":"pong').
    conn.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  private async onMessage(conn: Conn, msg: Record<string, unknown>): Promise<void> {
    const op = typeof msg.op === 'string' ? msg.op : '';
    const reqId = msg.req_id;
    if (op === 'ping') {
      const ms = String(Math.floor(this.ctx.wallClock.now()));
      if (conn.path === WS_PATHS.publicLinear) {
        this.send(conn, {
          success: true,
          ret_msg: 'pong',
          conn_id: conn.connId,
          req_id: reqId ?? '',
          op: 'ping',
        });
      } else if (conn.path === WS_PATHS.trade) {
        this.send(conn, { retCode: 0, retMsg: 'OK', op: 'pong', data: [ms], connId: conn.connId });
      } else {
        this.send(conn, { req_id: reqId ?? '', op: 'pong', args: [ms], conn_id: conn.connId });
      }
      return;
    }
    if (op === 'auth') {
      this.onAuth(conn, msg);
      return;
    }
    if (op === 'subscribe' || op === 'unsubscribe') {
      this.onSubscribe(conn, op, msg);
      return;
    }
    if (conn.path === WS_PATHS.trade && op.startsWith('order.')) {
      await this.onTrade(conn, op, msg);
      return;
    }
    this.send(conn, {
      success: false,
      ret_msg: `error: unknown op "${op}"`,
      conn_id: conn.connId,
      req_id: reqId ?? '',
      op,
    });
  }

  private onAuth(conn: Conn, msg: Record<string, unknown>): void {
    const isTrade = conn.path === WS_PATHS.trade;
    try {
      if (conn.path === WS_PATHS.publicLinear)
        throw new VenueError(RetCode.PARAM_ERROR, 'auth is not needed on public streams');
      conn.uid = this.ctx.auth.verifyWs(msg.args, this.ctx.wallClock.now());
      // A repeated auth on the same connection is accepted again (the SDK sends it twice).
      if (isTrade) this.send(conn, { retCode: 0, retMsg: 'OK', op: 'auth', connId: conn.connId });
      else
        this.send(conn, {
          success: true,
          ret_msg: '',
          op: 'auth',
          conn_id: conn.connId,
          req_id: msg.req_id ?? '',
        });
    } catch (e) {
      const err = e instanceof VenueError ? e : new VenueError(RetCode.PARAM_ERROR, 'Params Error');
      if (isTrade)
        this.send(conn, { retCode: err.retCode, retMsg: err.retMsg, op: 'auth', connId: conn.connId });
      else
        this.send(conn, {
          success: false,
          ret_msg: err.retMsg,
          op: 'auth',
          conn_id: conn.connId,
          req_id: msg.req_id ?? '',
        });
    }
  }

  private validTopic(conn: Conn, topic: string): boolean {
    if (conn.path === WS_PATHS.private) return PRIVATE_TOPICS.has(topic);
    if (conn.path !== WS_PATHS.publicLinear) return false;
    const parts = topic.split('.');
    const sym = parts[parts.length - 1] ?? '';
    if (!this.ctx.venue.symbols.has(sym)) return false;
    switch (parts[0]) {
      case 'orderbook':
        return parts.length === 3 && BOOK_DEPTHS.has(Number(parts[1]));
      case 'kline':
        return parts.length === 3 && KLINE_INTERVALS[parts[1]!] !== undefined;
      case 'publicTrade':
      case 'tickers':
      case 'allLiquidation':
        return parts.length === 2;
      default:
        return false;
    }
  }

  private onSubscribe(conn: Conn, op: string, msg: Record<string, unknown>): void {
    const args = Array.isArray(msg.args)
      ? (msg.args as unknown[]).filter((a): a is string => typeof a === 'string')
      : [];
    const reqId = msg.req_id ?? '';
    if (conn.path === WS_PATHS.private && !conn.uid) {
      this.send(conn, {
        success: false,
        ret_msg: 'Request not authorized',
        conn_id: conn.connId,
        req_id: reqId,
        op,
      });
      return;
    }
    const bad = args.filter((t) => !this.validTopic(conn, t));
    if (bad.length > 0) {
      this.send(conn, {
        success: false,
        ret_msg: `error:handler not found,topic:${bad.join(',')}`,
        conn_id: conn.connId,
        req_id: reqId,
        op,
      });
      return;
    }
    for (const t of args) {
      if (op === 'subscribe') conn.topics.add(t);
      else conn.topics.delete(t);
    }
    if (conn.path === WS_PATHS.private && args.includes('dcp')) {
      if (op === 'subscribe' && conn.dcpKey === undefined && conn.uid) {
        conn.dcpKey = conn.uid;
        this.ctx.dcp.connected(conn.uid);
      } else if (op === 'unsubscribe') this.releaseDcp(conn);
    }
    this.send(conn, { success: true, ret_msg: '', conn_id: conn.connId, req_id: reqId, op });
    if (op === 'subscribe') for (const t of args) this.sendInitial(conn, t);
  }

  /** First frame after a subscribe: a book snapshot, a full ticker, the current kline. */
  private sendInitial(conn: Conn, topic: string): void {
    const parts = topic.split('.');
    const sym = parts[parts.length - 1]!;
    const s = this.ctx.venue.symbols.get(sym);
    if (!s) return;
    if (parts[0] === 'orderbook') {
      const stream = this.bookStream(s, Number(parts[1]));
      this.send(conn, this.bookFrame(stream, 'snapshot', [...stream.bids], [...stream.asks]));
    } else if (parts[0] === 'tickers') {
      const t = this.ctx.venue.tickerView(s);
      this.tickers.set(sym, t);
      this.send(conn, {
        topic,
        type: 'snapshot',
        data: t,
        cs: ++this.cs,
        ts: Math.floor(this.ctx.venue.now),
      });
    }
  }

  private bookStream(s: SymbolState, depth: number): BookStream {
    const key = `${depth}.${s.inst.symbol}`;
    let st = this.books.get(key);
    if (!st) {
      // u starts well above 1 so that u=1 only ever means a restart snapshot.
      st = {
        symbol: s.inst.symbol,
        depth,
        u: 1000,
        version: -1,
        bids: new Map(),
        asks: new Map(),
        held: undefined,
        crossed: false,
      };
      this.books.set(key, st);
      this.refreshBook(s, st);
    }
    return st;
  }

  /** Recompute a stream's levels; returns the changed levels (size "0" = deleted). */
  private refreshBook(s: SymbolState, st: BookStream): { b: string[][]; a: string[][] } | undefined {
    if (st.version === s.version && s.resilience.empty) return undefined;
    const lv = this.ctx.venue.levels(s, st.depth);
    const bid = lv.bids[0]?.[0];
    const ask = lv.asks[0]?.[0];
    if (bid !== undefined && ask !== undefined && bid >= ask) {
      // The venue matches the source against our orders, so this is left for a source that is
      // crossed by itself or for our own orders crossing each other (no self-trade). A venue never
      // publishes a crossed book: hold the stream at its last valid state and look again next tick.
      if (!st.crossed) this.ctx.log(`orderbook.${st.depth}.${st.symbol}: served book crossed, held back`);
      st.crossed = true;
      return undefined;
    }
    st.crossed = false;
    st.version = s.version;
    const diff = (prev: Map<string, string>, levels: Array<[number, number]>): string[][] => {
      const next = new Map<string, string>();
      for (const [t, q] of levels) next.set(s.inst.price(t), this.ctx.venue.fmtSize(s, q));
      const out: string[][] = [];
      for (const [p, q] of next) if (prev.get(p) !== q) out.push([p, q]);
      for (const p of prev.keys()) if (!next.has(p)) out.push([p, '0']);
      prev.clear();
      for (const [p, q] of next) prev.set(p, q);
      return out;
    };
    const b = diff(st.bids, lv.bids);
    const a = diff(st.asks, lv.asks);
    if (b.length === 0 && a.length === 0) return undefined;
    st.u++;
    return { b, a };
  }

  private bookFrame(
    st: BookStream,
    type: 'snapshot' | 'delta',
    b: Array<[string, string]> | string[][],
    a: Array<[string, string]> | string[][],
  ): string {
    const ts = Math.floor(this.ctx.venue.now);
    const sortDesc = (x: string[][]): string[][] => x.sort((p, q) => Number(q[0]) - Number(p[0]));
    const sortAsc = (x: string[][]): string[][] => x.sort((p, q) => Number(p[0]) - Number(q[0]));
    return JSON.stringify({
      topic: `orderbook.${st.depth}.${st.symbol}`,
      type,
      ts,
      data: {
        s: st.symbol,
        b: sortDesc(b as string[][]),
        a: sortAsc(a as string[][]),
        u: st.u,
        seq: ++this.cs,
      },
      cts: ts,
    });
  }

  private hasSubscriber(topic: string): boolean {
    for (const c of this.conns) if (c.topics.has(topic)) return true;
    return false;
  }

  private broadcast(topic: string, frame: string): void {
    for (const c of this.conns) if (c.topics.has(topic)) this.send(c, frame);
  }

  /** Publish every public stream that changed; called by the driver on each tick. */
  publish(): void {
    const venue = this.ctx.venue;
    for (const c of [...this.conns]) {
      if (this.ctx.faults.fire('wsDisconnect', c.path)) c.ws.terminate();
    }
    for (const [key, st] of this.books) {
      const topic = `orderbook.${key}`;
      if (!this.hasSubscriber(topic)) continue;
      const s = venue.symbols.get(st.symbol)!;
      const changed = this.refreshBook(s, st);
      if (!changed) continue;
      if (st.depth === 1) {
        // Level 1 is a snapshot-only feed.
        this.broadcast(topic, this.bookFrame(st, 'snapshot', [...st.bids], [...st.asks]));
        continue;
      }
      if (this.ctx.faults.fire('bookRestart')) {
        st.u = 1;
        this.broadcast(topic, this.bookFrame(st, 'snapshot', [...st.bids], [...st.asks]));
        continue;
      }
      const frame = this.bookFrame(st, 'delta', changed.b, changed.a);
      if (this.ctx.faults.fire('deltaDrop')) continue;
      if (st.held === undefined && this.ctx.faults.fire('deltaReorder')) {
        st.held = frame;
        continue;
      }
      this.broadcast(topic, frame);
      if (st.held !== undefined) {
        this.broadcast(topic, st.held);
        st.held = undefined;
      }
      if (this.ctx.faults.fire('deltaDuplicate')) this.broadcast(topic, frame);
    }
    for (const [sym, trades] of this.pendingTrades) {
      if (trades.length === 0) continue;
      const s = venue.symbols.get(sym)!;
      for (let i = 0; i < trades.length; i += 1024) {
        const data = trades.slice(i, i + 1024).map((t) => ({
          T: Math.floor(t.ts),
          s: sym,
          S: t.side,
          v: venue.fmtSize(s, t.qty),
          p: s.inst.price(t.priceTicks),
          L: 'ZeroPlusTick',
          i: t.id,
          BT: false,
          RPI: false,
          seq: t.seq,
        }));
        this.broadcast(
          `publicTrade.${sym}`,
          JSON.stringify({ topic: `publicTrade.${sym}`, type: 'snapshot', ts: Math.floor(venue.now), data }),
        );
      }
      trades.length = 0;
    }
    for (const [sym, liqs] of this.pendingLiqs) {
      if (liqs.length === 0) continue;
      const s = venue.symbols.get(sym)!;
      const data = liqs.map((l) => ({
        T: Math.floor(l.ts),
        s: sym,
        S: l.side,
        v: venue.fmtSize(s, l.qty),
        p: s.inst.price(s.inst.toTicks(l.price)),
      }));
      this.broadcast(
        `allLiquidation.${sym}`,
        JSON.stringify({ topic: `allLiquidation.${sym}`, type: 'snapshot', ts: Math.floor(venue.now), data }),
      );
      liqs.length = 0;
    }
    for (const [sym, s] of venue.symbols) {
      const topic = `tickers.${sym}`;
      if (this.hasSubscriber(topic)) {
        const prev = this.tickers.get(sym) ?? {};
        const next = venue.tickerView(s);
        const delta: Record<string, string> = {};
        for (const [k, v] of Object.entries(next)) if (prev[k] !== v) delta[k] = v;
        this.tickers.set(sym, next);
        if (Object.keys(delta).length > 0) {
          this.broadcast(
            topic,
            JSON.stringify({
              topic,
              type: 'delta',
              data: { symbol: sym, ...delta },
              cs: ++this.cs,
              ts: Math.floor(venue.now),
            }),
          );
        }
      }
      for (const iv of Object.keys(KLINE_INTERVALS)) {
        const kt = `kline.${iv}.${sym}`;
        if (this.hasSubscriber(kt)) this.publishKline(s, iv, kt);
      }
    }
  }

  private publishKline(s: SymbolState, iv: string, topic: string): void {
    const m = KLINE_INTERVALS[iv]!;
    const ms = m * 60_000;
    const now = this.ctx.venue.now;
    const bars = this.ctx.venue.klines(s, m, Math.floor(now / ms) * ms - ms);
    const st = this.klines.get(topic) ?? { lastSent: '', lastStart: 0 };
    this.klines.set(topic, st);
    const f = (x: number): string => s.inst.price(Math.round(x / s.inst.tick));
    const frames: Array<Record<string, unknown>> = [];
    for (const b of bars) {
      const confirm = b.start + ms <= now;
      if (confirm && b.start < st.lastStart) continue;
      frames.push({
        start: b.start,
        end: b.start + ms - 1,
        interval: iv,
        open: f(b.open),
        close: f(b.close),
        high: f(b.high),
        low: f(b.low),
        volume: b.volume.toFixed(s.inst.qtyDp),
        turnover: b.turnover.toFixed(4),
        confirm,
        timestamp: Math.floor(now),
      });
    }
    const text = JSON.stringify(frames);
    if (frames.length === 0 || text === st.lastSent) return;
    st.lastSent = text;
    const last = bars[bars.length - 1];
    if (last) st.lastStart = last.start + (last.start + ms <= now ? ms : 0);
    this.broadcast(topic, JSON.stringify({ topic, type: 'snapshot', ts: Math.floor(now), data: frames }));
  }

  private pushPrivate(topic: 'order' | 'execution' | 'position' | 'wallet', data: () => unknown[]): void {
    let payload: string | undefined;
    for (const c of this.conns) {
      if (c.path !== WS_PATHS.private || !c.uid) continue;
      const sub = c.topics.has(topic)
        ? topic
        : c.topics.has(`${topic}.linear`)
          ? `${topic}.linear`
          : undefined;
      if (!sub) continue;
      payload ??= JSON.stringify(data());
      this.send(
        c,
        `{"id":"${randomUUID()}","topic":"${sub}","creationTime":${Math.floor(this.ctx.venue.now)},"data":${payload}}`,
      );
    }
  }

  private pushOrder(o: SimOrder): void {
    this.pushPrivate('order', () => [{ category: 'linear', ...this.ctx.venue.orderView(o), closedPnl: '0' }]);
  }

  private pushExecutions(execs: SimExecution[]): void {
    this.pushPrivate('execution', () =>
      execs.map((e) => ({
        category: 'linear',
        ...this.ctx.venue.executionView(e),
        isLeverage: '',
        execPnl: '0',
      })),
    );
    for (const c of this.conns) {
      if (c.path !== WS_PATHS.private || !c.uid) continue;
      const sub = c.topics.has('execution.fast')
        ? 'execution.fast'
        : c.topics.has('execution.fast.linear')
          ? 'execution.fast.linear'
          : undefined;
      if (!sub) continue;
      const data = execs.map((e) => ({
        category: 'linear',
        symbol: e.symbol,
        orderId: e.orderId,
        isMaker: e.isMaker,
        orderLinkId: e.isMaker ? '' : e.orderLinkId,
        execId: e.execId,
        execPrice: e.execPrice,
        execQty: e.execQty,
        side: e.side,
        execTime: String(Math.floor(e.execTime)),
        seq: e.seq,
      }));
      this.send(c, { topic: sub, creationTime: Math.floor(this.ctx.venue.now), data });
    }
  }

  private async onTrade(conn: Conn, op: string, msg: Record<string, unknown>): Promise<void> {
    const reqId =
      typeof msg.reqId === 'string' ? msg.reqId : msg.reqId === undefined ? '' : String(msg.reqId);
    const now = Math.floor(this.ctx.wallClock.now());
    const header = (limit = 10, remaining = 9): Record<string, string> => ({
      'X-Bapi-Limit': String(limit),
      'X-Bapi-Limit-Status': String(remaining),
      'X-Bapi-Limit-Reset-Timestamp': String(now),
      Traceid: randomUUID().replace(/-/g, ''),
      Timenow: String(now),
    });
    const reply = (retCode: number, retMsg: string, data: unknown, hdr = header()): void => {
      this.send(conn, { reqId, retCode, retMsg, op, data, retExtInfo: {}, header: hdr, connId: conn.connId });
    };
    const latency = this.ctx.faults.latency();
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    if (!conn.uid) {
      reply(10003, 'Request not authorized: send op "auth" first', {});
      return;
    }
    if (reqId && conn.reqIds.has(reqId)) {
      reply(RetCode.WS_DUPLICATE_REQ_ID, `reqId is duplicated: ${reqId}`, {});
      return;
    }
    if (reqId) conn.reqIds.add(reqId);
    const args = Array.isArray(msg.args) ? (msg.args as unknown[]) : [];
    const p = (args[0] ?? {}) as Record<string, unknown>;
    const path = {
      'order.create': '/v5/order/create',
      'order.amend': '/v5/order/amend',
      'order.cancel': '/v5/order/cancel',
    }[op];
    if (!path) {
      reply(10404, `op ${op} is not supported by the simulator`, {});
      return;
    }
    // The account rate limit is shared between HTTP and WS, as at Bybit.
    const limit = this.ctx.endpointLimits[path] ?? 10;
    const st = this.ctx.limiter.take(`${conn.uid}:${path}`, limit);
    const hdr = { ...header(st.limit, st.remaining), 'X-Bapi-Limit-Reset-Timestamp': String(st.resetAt) };
    if (!st.allowed) {
      reply(RetCode.RATE_LIMIT, 'Too many visits!', {}, hdr);
      return;
    }
    try {
      this.ctx.advance();
      const v = this.ctx.venue;
      const result =
        op === 'order.create'
          ? v.createOrder(p, 'ws', conn.uid)
          : op === 'order.amend'
            ? v.amendOrder(p)
            : v.cancelOrder(p);
      if (this.ctx.faults.fire('responseLost', path)) return;
      reply(0, 'OK', result, hdr);
    } catch (e) {
      if (e instanceof VenueError) reply(e.retCode, e.retMsg, {}, hdr);
      else {
        this.ctx.log(`internal error on WS ${op}: ${(e as Error).message}`);
        reply(10016, 'internal error', {}, hdr);
      }
    }
  }

  /** Drop connections now (all, or those on one path). Returns how many were closed. */
  disconnect(path?: string): number {
    let n = 0;
    for (const c of [...this.conns]) {
      if (path && c.path !== path) continue;
      c.ws.terminate();
      this.drop(c);
      n++;
    }
    return n;
  }

  /** Bybit's service-restart signal: a snapshot with u=1 on every book stream (of one symbol). */
  restart(symbol?: string): void {
    for (const [key, st] of this.books) {
      if (symbol && st.symbol !== symbol) continue;
      st.u = 1;
      this.broadcast(`orderbook.${key}`, this.bookFrame(st, 'snapshot', [...st.bids], [...st.asks]));
    }
  }

  close(): Promise<void> {
    this.unsubscribe();
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
    return new Promise((r) => this.wss.close(() => r()));
  }

  nextMessageId(): number {
    return ++this.msgId;
  }
}
