import { RestClientV5, WebsocketClient, WS_KEY_MAP, type WsKey } from 'bybit-api';
import {
  startSimulator,
  WS_PATHS,
  type DepthEvent,
  type MarketEvent,
  type MarketSource,
  type SimulatorHandle,
} from '../src/index.js';
import { KEY, SECRET, waitFor } from './helpers.js';

const silent = { trace: () => undefined, info: () => undefined, error: () => undefined };

class SimWebsocketClient extends WebsocketClient {
  constructor(
    private readonly base: string,
    opts: ConstructorParameters<typeof WebsocketClient>[0],
  ) {
    super(opts, silent);
  }
  protected override async getWsUrl(wsKey: WsKey): Promise<string> {
    if (wsKey === WS_KEY_MAP.v5Private) return this.base + WS_PATHS.private;
    return this.base + WS_PATHS.publicLinear;
  }
}

interface Frame {
  topic: string;
  type?: string;
  data: unknown;
}

/** Rebuilds each orderbook topic from its frames and records any moment it was crossed or locked. */
class BookWatcher {
  readonly crossings: string[] = [];
  frames = 0;
  private readonly books = new Map<string, { bids: Map<string, string>; asks: Map<string, string> }>();

  onFrame(f: Frame): void {
    if (!f.topic.startsWith('orderbook.')) return;
    this.frames++;
    const d = f.data as { b: string[][]; a: string[][]; u: number };
    let book = this.books.get(f.topic);
    if (!book || f.type === 'snapshot') {
      book = { bids: new Map(), asks: new Map() };
      this.books.set(f.topic, book);
    }
    for (const [p, q] of d.b) {
      if (Number(q) === 0) book.bids.delete(p!);
      else book.bids.set(p!, q!);
    }
    for (const [p, q] of d.a) {
      if (Number(q) === 0) book.asks.delete(p!);
      else book.asks.set(p!, q!);
    }
    const bid = Math.max(...[...book.bids.keys()].map(Number));
    const ask = Math.min(...[...book.asks.keys()].map(Number));
    if (book.bids.size > 0 && book.asks.size > 0 && bid >= ask) {
      this.crossings.push(`${f.topic} u=${d.u}: bid ${bid} >= ask ${ask}`);
    }
  }
}

/** Resolve once `count()` has not changed for 100 ms (bounded at 5 s). */
async function settle(count: () => number): Promise<void> {
  const until = Date.now() + 5_000;
  let last = -1;
  while (Date.now() < until) {
    const n = count();
    if (n === last) return;
    last = n;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('frames kept arriving for 5 s on a manual clock');
}

class Script implements MarketSource {
  readonly name = 'script';
  readonly symbols = ['BTCUSDT'];
  private readonly q: MarketEvent[] = [];
  push(...e: MarketEvent[]): void {
    this.q.push(...e);
  }
  peekTime(): number | undefined {
    return this.q[0]?.ts;
  }
  next(): MarketEvent | undefined {
    return this.q.shift();
  }
}

const T0 = Date.UTC(2026, 0, 5, 14);

function book(ts: number, bid: number, ask: number): DepthEvent {
  const lv = (p: number, dir: number) =>
    [0, 1, 2].map((i) => [Math.round((p + dir * i * 0.1) * 10) / 10, 1 + i] as [number, number]);
  return { kind: 'depth', ts, symbol: 'BTCUSDT', snapshot: true, bids: lv(bid, -1), asks: lv(ask, 1) };
}

describe('the simulator when the source market moves through our resting PostOnly orders', () => {
  const clients: SimWebsocketClient[] = [];
  let sim: SimulatorHandle | undefined;
  const simLog: string[] = [];

  afterEach(async () => {
    for (const c of clients.splice(0)) c.closeAll(true);
    await sim?.close();
    sim = undefined;
    // The venue itself keeps the book uncrossed: the publisher never had to hold a frame back.
    expect(simLog.filter((l) => l.includes('crossed'))).toEqual([]);
    simLog.length = 0;
  });

  async function open(
    source: { type: 'source'; source: MarketSource } | { type: 'synthetic'; seed: number },
  ) {
    sim = await startSimulator({
      port: 0,
      speed: 'manual',
      credentials: { apiKey: KEY, apiSecret: SECRET },
      // Prices in the scripted case are checked to the tick: no permanent impact there.
      ...(source.type === 'source' ? { impact: { model: 'none' as const } } : {}),
      // Orders are placed in bursts on a manual clock, far above Bybit's 10 per second.
      endpointLimits: { '/v5/order/create': 1_000 },
      log: (m) => simLog.push(m),
      market:
        source.type === 'source'
          ? source
          : { type: 'synthetic', symbols: ['BTCUSDT'], seed: source.seed, startTime: T0 },
    });
    const s = sim;
    s.advance(500);
    const rest = new RestClientV5({ key: KEY, secret: SECRET, baseUrl: s.restUrl });
    const watcher = new BookWatcher();
    const pub = new SimWebsocketClient(s.wsUrl, { pongTimeout: 5_000 });
    const priv = new SimWebsocketClient(s.wsUrl, { key: KEY, secret: SECRET, pongTimeout: 5_000 });
    clients.push(pub, priv);
    pub.on('update', (f: Frame) => watcher.onFrame(f));
    const privFrames: Frame[] = [];
    priv.on('update', (f: Frame) => privFrames.push(f));
    let subscribed = false;
    priv.on('response', (m: { op?: string; success?: boolean }) => {
      if (m.op === 'subscribe' && m.success) subscribed = true;
    });
    void priv.subscribeV5(['order', 'execution'], 'linear', true);
    await Promise.all(pub.subscribeV5(['orderbook.50.BTCUSDT', 'orderbook.1.BTCUSDT'], 'linear'));
    await waitFor(
      () => subscribed && watcher.frames >= 2,
      'the private subscription and both book snapshots',
    );
    const executions = () =>
      privFrames
        .filter((f) => f.topic === 'execution')
        .flatMap((f) => f.data as Array<Record<string, string | boolean>>);
    return { s, rest, watcher, executions };
  }

  it('fills the resting bid at its limit, reports it on the private stream and in the ledger, and never publishes a crossed book', async () => {
    const script = new Script();
    script.push(book(T0, 60000.0, 60000.1));
    const { s, rest, watcher, executions } = await open({ type: 'source', source: script });

    const r = await rest.submitOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      timeInForce: 'PostOnly',
      qty: '0.500',
      price: '60000.0',
      orderLinkId: 'resting-bid',
    });
    expect(r.retCode).toBe(0);
    s.advance(100);
    // The outside market falls through our bid in one book update, before any trade prints.
    script.push(book(T0 + 1_000, 59998.5, 59998.6));
    s.advance(1_000);
    await waitFor(() => executions().length > 0, 'the execution on the private stream');
    await settle(() => watcher.frames);

    expect(watcher.crossings).toEqual([]);
    expect(executions().map((e) => [e.orderLinkId, e.execPrice, e.execQty, e.isMaker])).toEqual([
      ['resting-bid', '60000.00', '0.500', true],
    ]);
    const ledger = (await (await fetch(`${s.restUrl}/sim/ledger`)).json()) as {
      fills: Array<{ orderLinkId: string; execPrice: string }>;
      violations: unknown[];
    };
    expect(ledger.fills.map((f) => [f.orderLinkId, f.execPrice])).toEqual([['resting-bid', '60000.00']]);
    expect(ledger.violations).toEqual([]);
    const top = await rest.getOrderbook({ category: 'linear', symbol: 'BTCUSDT', limit: 1 });
    expect(top.result.b[0]![0]).toBe('59998.50');
    expect(top.result.a[0]).toEqual(['59998.60', '0.500']);
  });

  it('holds the book streams at their last valid state while our own orders cross each other', async () => {
    const script = new Script();
    script.push(book(T0, 60000.0, 60000.1));
    const { s, rest, watcher } = await open({ type: 'source', source: script });
    const place = (side: 'Buy' | 'Sell', qty: string, price: string, orderLinkId: string) =>
      rest.submitOrder({
        category: 'linear',
        symbol: 'BTCUSDT',
        side,
        orderType: 'Limit',
        qty,
        price,
        orderLinkId,
      });
    expect((await place('Sell', '0.100', '60000.5', 'own-ask')).retCode).toBe(0);
    // A buy through our own ask takes the source asks and rests at 60000.5: we never self-trade.
    expect((await place('Buy', '7.000', '60000.5', 'own-bid')).retCode).toBe(0);
    s.advance(100);
    await settle(() => watcher.frames);
    const held = watcher.frames;
    expect(simLog.some((l) => l.includes('served book crossed, held back'))).toBe(true);
    expect(
      (await rest.cancelOrder({ category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'own-ask' })).retCode,
    ).toBe(0);
    s.advance(100);
    await waitFor(() => watcher.frames > held, 'the streams to resume once the book uncrossed');
    await settle(() => watcher.frames);
    expect(watcher.crossings).toEqual([]);
    simLog.length = 0;
  });

  it('over a minute of synthetic market with PostOnly orders kept at the touch, publishes no crossed book', async () => {
    const { s, rest, watcher, executions } = await open({ type: 'synthetic', seed: 3 });
    let n = 0;
    for (let step = 0; step < 240; step++) {
      if (step % 8 === 0) {
        const top = await rest.getOrderbook({ category: 'linear', symbol: 'BTCUSDT', limit: 1 });
        for (const [side, px] of [
          ['Buy', top.result.b[0]![0]],
          ['Sell', top.result.a[0]![0]],
        ] as const) {
          const res = await rest.submitOrder({
            category: 'linear',
            symbol: 'BTCUSDT',
            side,
            orderType: 'Limit',
            timeInForce: 'PostOnly',
            qty: '0.050',
            price: px,
            orderLinkId: `touch-${n++}`,
          });
          expect(res.retCode).toBe(0);
        }
      }
      s.advance(250);
    }
    await settle(() => watcher.frames);
    expect(watcher.frames).toBeGreaterThan(200);
    expect(watcher.crossings).toEqual([]);
    expect(executions().filter((e) => e.isMaker === true).length).toBeGreaterThan(0);
    const ledger = (await (await fetch(`${s.restUrl}/sim/ledger`)).json()) as { violations: unknown[] };
    expect(ledger.violations).toEqual([]);
  });
});
