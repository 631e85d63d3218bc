import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { BybitOrderbookMessage } from '../../src/common/venue-types.js';
import { ReferenceBook } from './reference-book.js';

/**
 * A local stand-in for Bybit's public WebSocket and the two REST market endpoints the feed uses.
 * It owns the "true" book (a ReferenceBook), numbers `u` itself, answers subscribe with a snapshot
 * of its current book, and lets a test lose, repeat, corrupt or restart the stream on purpose.
 */
export class FakeBybitServer {
  readonly book = new ReferenceBook();
  u = 0;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly subscriptions = new Map<WebSocket, Set<string>>();
  /** Every subscribe/unsubscribe op received, in order, as `op:topic`. */
  readonly ops: string[] = [];
  private lastSent: string | undefined;
  private ts = 0;
  port = 0;

  constructor(
    readonly symbol: string,
    readonly depth: number,
  ) {
    this.http = createServer((req, res) => this.onHttp(req, res));
    this.wss = new WebSocketServer({ server: this.http });
    this.wss.on('connection', (ws) => {
      this.subscriptions.set(ws, new Set());
      ws.on('message', (data) => this.onWsMessage(ws, String(data)));
      ws.on('close', () => this.subscriptions.delete(ws));
    });
  }

  get bookTopic(): string {
    return `orderbook.${this.depth}.${this.symbol}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.port = (this.http.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  connections(): number {
    return this.wss.clients.size;
  }

  /** Loads a snapshot as the server's book without sending anything. */
  load(snapshot: BybitOrderbookMessage): void {
    this.book.apply(snapshot);
    this.u = snapshot.data.u;
    this.ts = snapshot.ts;
  }

  /** Applies a recorded delta with the next `u`; delivers it unless `deliver` is false (a lost message). */
  step(delta: BybitOrderbookMessage, deliver = true): BybitOrderbookMessage {
    this.u += 1;
    this.ts = delta.ts;
    const msg: BybitOrderbookMessage = {
      ...delta,
      topic: this.bookTopic,
      data: { ...delta.data, u: this.u },
    };
    this.book.apply(msg);
    if (deliver) this.publish(this.bookTopic, JSON.stringify(msg));
    return msg;
  }

  /** Sends the last message again. */
  repeatLast(): void {
    if (this.lastSent !== undefined) this.publish(this.bookTopic, this.lastSent);
  }

  /** The venue restarted: `u` starts again at 1 with a snapshot of the (possibly changed) book. */
  restart(delta?: BybitOrderbookMessage): void {
    if (delta !== undefined) this.book.apply({ ...delta, data: { ...delta.data, u: this.u + 1 } });
    this.u = 1;
    this.publish(this.bookTopic, JSON.stringify(this.snapshot()));
  }

  /** Sends a delta that would cross the book, without applying it: a corrupted message. */
  sendCrossing(): void {
    const bestAsk = this.book.toLevels().asks[0]!;
    const msg = {
      topic: this.bookTopic,
      type: 'delta',
      ts: this.ts,
      data: { s: this.symbol, b: [[bestAsk[0], '1']], a: [], u: this.u + 1, seq: 0 },
    };
    this.publish(this.bookTopic, JSON.stringify(msg));
  }

  /** Drops every connection abruptly, as a network failure would. */
  dropConnections(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }

  /** Sends any message to the subscribers of `topic`. */
  sendTopic(topic: string, message: object): void {
    this.publish(topic, JSON.stringify({ topic, ...message }));
  }

  snapshot(): BybitOrderbookMessage {
    const { bids, asks } = this.book.toLevels();
    return {
      topic: this.bookTopic,
      type: 'snapshot',
      ts: this.ts,
      cts: this.ts,
      data: { s: this.symbol, b: bids.slice(0, this.depth), a: asks.slice(0, this.depth), u: this.u, seq: 0 },
    };
  }

  private publish(topic: string, payload: string): void {
    if (topic === this.bookTopic) this.lastSent = payload;
    for (const [ws, topics] of this.subscriptions) {
      if (topics.has(topic) && ws.readyState === ws.OPEN) ws.send(payload);
    }
  }

  private onWsMessage(ws: WebSocket, raw: string): void {
    let req: { op?: string; req_id?: string; args?: string[] };
    try {
      req = JSON.parse(raw) as typeof req;
    } catch {
      return;
    }
    if (req.op === 'ping') {
      // Compact JSON: the SDK recognises a pong by substring.
      ws.send(
        JSON.stringify({
          success: true,
          ret_msg: 'pong',
          conn_id: 'fake',
          req_id: req.req_id ?? '',
          op: 'ping',
        }),
      );
      return;
    }
    if (req.op !== 'subscribe' && req.op !== 'unsubscribe') return;
    const topics = this.subscriptions.get(ws);
    if (topics === undefined) return;
    ws.send(
      JSON.stringify({ success: true, ret_msg: '', conn_id: 'fake', req_id: req.req_id ?? '', op: req.op }),
    );
    for (const topic of req.args ?? []) {
      this.ops.push(`${req.op}:${topic}`);
      if (req.op === 'unsubscribe') {
        topics.delete(topic);
        continue;
      }
      topics.add(topic);
      if (topic === this.bookTopic) ws.send(JSON.stringify(this.snapshot()));
    }
  }

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reply = (result: unknown): void => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time: Date.now() }));
    };
    if (url.pathname === '/v5/market/orderbook') {
      const limit = Number(url.searchParams.get('limit') ?? '25');
      const { bids, asks } = this.book.toLevels();
      reply({
        s: this.symbol,
        b: bids.slice(0, limit),
        a: asks.slice(0, limit),
        ts: this.ts,
        u: this.u,
        seq: 0,
        cts: this.ts,
      });
      return;
    }
    if (url.pathname === '/v5/market/kline') {
      const end = Number(url.searchParams.get('end') ?? Date.now());
      const start = Number(url.searchParams.get('start') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? '200');
      const list: string[][] = [];
      // Newest first, one row per minute, volume 2 per minute.
      for (let t = Math.floor(end / 60_000) * 60_000; t >= start && list.length < limit; t -= 60_000) {
        list.push([String(t), '1.95', '1.96', '1.94', '1.95', '2', '3.9']);
      }
      reply({ category: 'linear', symbol: this.symbol, list });
      return;
    }
    res.writeHead(404);
    res.end();
  }
}

/** Polls `predicate` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
