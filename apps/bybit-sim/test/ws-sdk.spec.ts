import { RestClientV5, WebsocketAPIClient, WebsocketClient, WS_KEY_MAP, type WsKey } from 'bybit-api';
import { WebSocket } from 'ws';
import { startSimulator, WS_PATHS, type SimulatorHandle } from '../src/index.js';
import { KEY, SECRET, waitFor, within } from './helpers.js';

const silent = { trace: () => undefined, info: () => undefined, error: () => undefined };

/** Maps the SDK's connection keys onto the simulator's paths (one client, all connections). */
class SimWebsocketClient extends WebsocketClient {
  constructor(
    private readonly base: string,
    opts: ConstructorParameters<typeof WebsocketClient>[0],
  ) {
    super(opts, silent);
  }
  protected override async getWsUrl(wsKey: WsKey): Promise<string> {
    if (wsKey === WS_KEY_MAP.v5Private) return this.base + WS_PATHS.private;
    if (wsKey === WS_KEY_MAP.v5PrivateTrade) return this.base + WS_PATHS.trade;
    return this.base + WS_PATHS.publicLinear;
  }
}

interface Frame {
  topic: string;
  type?: string;
  data: unknown;
}
interface BookData {
  b: string[][];
  a: string[][];
  u: number;
  seq: number;
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

function applyLevels(book: Map<string, string>, levels: string[][]): void {
  for (const [p, q] of levels) {
    if (q === '0') book.delete(p!);
    else book.set(p!, q!);
  }
}

describe('WebSockets through the unmodified bybit-api clients', () => {
  let sim: SimulatorHandle;
  let rest: RestClientV5;
  const clients: Array<{ closeAll(force?: boolean): void }> = [];

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      speed: 'manual',
      credentials: { apiKey: KEY, apiSecret: SECRET },
      market: { type: 'synthetic', symbols: ['BTCUSDT'], seed: 11, startTime: Date.UTC(2026, 0, 5, 14) },
    });
    sim.advance(1_000);
    rest = new RestClientV5({ key: KEY, secret: SECRET, baseUrl: sim.restUrl });
  });
  afterAll(async () => {
    for (const c of clients) c.closeAll(true);
    await sim.close();
  });

  it('streams orderbook.50 snapshot + deltas that rebuild the REST book, trades and tickers', async () => {
    const ws = new SimWebsocketClient(sim.wsUrl, { pongTimeout: 5_000 });
    clients.push(ws);
    const frames: Frame[] = [];
    ws.on('update', (m: Frame) => frames.push(m));
    await Promise.all(
      ws.subscribeV5(
        ['orderbook.50.BTCUSDT', 'publicTrade.BTCUSDT', 'tickers.BTCUSDT', 'kline.1.BTCUSDT'],
        'linear',
      ),
    );
    await waitFor(() => frames.some((f) => f.topic === 'orderbook.50.BTCUSDT'), 'the book snapshot');
    for (let i = 0; i < 20; i++) sim.advance(250);
    await waitFor(
      () =>
        frames.some((f) => f.topic === 'publicTrade.BTCUSDT') &&
        frames.filter((f) => f.topic === 'orderbook.50.BTCUSDT').length > 5,
      'deltas and trades',
    );
    // The clock is manual, so nothing new is produced: wait until the last frames have arrived,
    // then compare with REST at the same market time.
    await settle(() => frames.length);

    const book = frames.filter((f) => f.topic === 'orderbook.50.BTCUSDT');
    expect(book[0]!.type).toBe('snapshot');
    const bids = new Map<string, string>();
    const asks = new Map<string, string>();
    let u = 0;
    for (const f of book) {
      const d = f.data as BookData;
      if (f.type === 'snapshot') {
        bids.clear();
        asks.clear();
      } else {
        expect(d.u).toBe(u + 1);
      }
      u = d.u;
      applyLevels(bids, d.b);
      applyLevels(asks, d.a);
    }
    const ob = await rest.getOrderbook({ category: 'linear', symbol: 'BTCUSDT', limit: 50 });
    const sortDesc = [...bids].sort((x, y) => Number(y[0]) - Number(x[0]));
    const sortAsc = [...asks].sort((x, y) => Number(x[0]) - Number(y[0]));
    expect(sortDesc).toEqual(ob.result.b);
    expect(sortAsc).toEqual(ob.result.a);

    const tickers = frames.filter((f) => f.topic === 'tickers.BTCUSDT');
    expect(tickers[0]!.type).toBe('snapshot');
    expect(tickers.slice(1).every((f) => f.type === 'delta')).toBe(true);
    const trade = frames.find((f) => f.topic === 'publicTrade.BTCUSDT')!.data as Array<
      Record<string, unknown>
    >;
    expect(trade[0]).toMatchObject({ s: 'BTCUSDT', BT: false });
    expect(['Buy', 'Sell']).toContain(trade[0]!.S);
    expect(frames.some((f) => f.topic === 'kline.1.BTCUSDT')).toBe(true);
  });

  it('authenticates the private stream and pushes order, execution, position and wallet', async () => {
    const ws = new SimWebsocketClient(sim.wsUrl, { key: KEY, secret: SECRET, pongTimeout: 5_000 });
    clients.push(ws);
    const frames: Frame[] = [];
    ws.on('update', (m: Frame) => frames.push(m));
    let authed = false;
    let subscribed = false;
    ws.on('authenticated', () => (authed = true));
    ws.on('response', (m: { op?: string; success?: boolean }) => {
      if (m.op === 'subscribe' && m.success) subscribed = true;
    });
    void ws.subscribeV5(['order', 'execution', 'position', 'wallet'], 'linear', true);
    // The SDK subscribes private topics only after the auth reply.
    await waitFor(() => authed && subscribed, 'auth and the subscribe ack');
    const r = await rest.submitOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Sell',
      orderType: 'Market',
      qty: '0.300',
      orderLinkId: 'ws-priv-1',
    });
    expect(r.retCode).toBe(0);
    await waitFor(
      () => ['order', 'execution', 'position', 'wallet'].every((t) => frames.some((f) => f.topic === t)),
      'all four private topics',
    );
    const orders = frames
      .filter((f) => f.topic === 'order')
      .flatMap((f) => f.data as Array<Record<string, string>>);
    expect(orders.find((o) => o.orderLinkId === 'ws-priv-1' && o.orderStatus === 'Filled')).toBeDefined();
    const execs = frames
      .filter((f) => f.topic === 'execution')
      .flatMap((f) => f.data as Array<Record<string, string>>);
    const mine = execs.filter((e) => e.orderLinkId === 'ws-priv-1');
    expect(mine.reduce((a, e) => a + Number(e.execQty), 0)).toBeCloseTo(0.3, 9);
    expect(new Set(mine.map((e) => e.execId)).size).toBe(mine.length);
  });

  it('survives a server-side disconnect: the SDK reconnects, resubscribes and gets a fresh snapshot', async () => {
    const ws = new SimWebsocketClient(sim.wsUrl, { pongTimeout: 5_000, reconnectTimeout: 100 });
    clients.push(ws);
    const frames: Frame[] = [];
    let reconnected = false;
    ws.on('update', (m: Frame) => frames.push(m));
    ws.on('reconnected', () => (reconnected = true));
    void ws.subscribeV5(['orderbook.1.BTCUSDT'], 'linear');
    await waitFor(() => frames.length > 0, 'the first orderbook.1 snapshot');
    const before = frames.length;
    await fetch(`${sim.restUrl}/sim/ws/disconnect`, {
      method: 'POST',
      body: JSON.stringify({ path: WS_PATHS.publicLinear }),
    });
    await waitFor(() => reconnected && frames.length > before, 'reconnection and a new snapshot');
    expect(frames[frames.length - 1]!.type).toBe('snapshot');
  });

  it('places, amends and cancels through WebsocketAPIClient, rejecting a duplicate orderLinkId', async () => {
    const api = new WebsocketAPIClient(
      {
        key: KEY,
        secret: SECRET,
        wsUrl: sim.wsUrl + WS_PATHS.trade,
        attachEventListeners: false,
        pongTimeout: 5_000,
      },
      silent,
    );
    clients.push(api.getWSClient());
    const created = await api.submitNewOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.002',
      price: '40000.0',
      orderLinkId: 'wsapi-1',
    });
    expect(created.retCode).toBe(0);
    expect(created.data.orderLinkId).toBe('wsapi-1');
    const amended = await api.amendOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      orderLinkId: 'wsapi-1',
      price: '40001.0',
    });
    expect(amended.retCode).toBe(0);
    let dupCode: unknown;
    try {
      await api.submitNewOrder({
        category: 'linear',
        symbol: 'BTCUSDT',
        side: 'Buy',
        orderType: 'Limit',
        qty: '0.002',
        price: '40000.0',
        orderLinkId: 'wsapi-1',
      });
    } catch (e) {
      dupCode = (e as { retCode?: unknown }).retCode;
    }
    expect(dupCode).toBe(110072);
    const cancelled = await api.cancelOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      orderLinkId: 'wsapi-1',
    });
    expect(cancelled.retCode).toBe(0);
    const hist = await rest.getHistoricOrders({
      category: 'linear',
      symbol: 'BTCUSDT',
      orderLinkId: 'wsapi-1',
    });
    expect(hist.result.list[0]).toMatchObject({ orderStatus: 'Cancelled', price: '40001.00' });
  });
});

/** Raw socket helper: collects parsed frames. */
async function rawSocket(
  url: string,
): Promise<{ ws: WebSocket; frames: Array<Record<string, unknown>>; raw: string[] }> {
  const ws = new WebSocket(url);
  const frames: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  ws.on('message', (d) => {
    raw.push(d.toString());
    frames.push(JSON.parse(d.toString()) as Record<string, unknown>);
  });
  await within(
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    }),
    `a WebSocket to ${url}`,
  );
  return { ws, frames, raw };
}

describe('WebSocket protocol details and faults (raw sockets)', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      speed: 'manual',
      credentials: { apiKey: KEY, apiSecret: SECRET },
      market: { type: 'synthetic', symbols: ['BTCUSDT'], seed: 5, startTime: Date.UTC(2026, 0, 5, 14) },
    });
    sim.advance(1_000);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('answers pings with compact pongs the SDK recognises', async () => {
    const pub = await rawSocket(sim.wsUrl + WS_PATHS.publicLinear);
    const priv = await rawSocket(sim.wsUrl + WS_PATHS.private);
    pub.ws.send('{"op":"ping"}');
    priv.ws.send('{"op":"ping"}');
    await waitFor(() => pub.raw.length > 0 && priv.raw.length > 0, 'pongs');
    expect(pub.raw[0]).toContain('ret_msg":"pong');
    expect(priv.raw[0]).toContain('op":"pong');
    pub.ws.close();
    priv.ws.close();
  });

  it('echoes reqId, tolerates a repeated auth and answers 20006 to a duplicate reqId', async () => {
    const { createHmac } = await import('node:crypto');
    const t = await rawSocket(sim.wsUrl + WS_PATHS.trade);
    const expires = Date.now() + 5_000;
    const sig = createHmac('sha256', SECRET).update(`GET/realtime${expires}`).digest('hex');
    t.ws.send(JSON.stringify({ op: 'auth', args: [KEY, expires, sig] }));
    t.ws.send(JSON.stringify({ op: 'auth', args: [KEY, expires, sig] }));
    await waitFor(() => t.frames.length >= 2, 'two auth replies');
    expect(t.frames.slice(0, 2).map((f) => f.retCode)).toEqual([0, 0]);
    const req = {
      reqId: 'r-1',
      header: { 'X-BAPI-TIMESTAMP': String(Date.now()) },
      op: 'order.create',
      args: [
        {
          category: 'linear',
          symbol: 'BTCUSDT',
          side: 'Buy',
          orderType: 'Limit',
          qty: '0.001',
          price: '30000.0',
        },
      ],
    };
    t.ws.send(JSON.stringify(req));
    t.ws.send(JSON.stringify(req));
    await waitFor(() => t.frames.length >= 4, 'two order replies');
    expect(t.frames[2]).toMatchObject({ reqId: 'r-1', retCode: 0, op: 'order.create' });
    expect(t.frames[3]).toMatchObject({ reqId: 'r-1', retCode: 20006 });
    expect(t.frames[2]!.header).toHaveProperty('X-Bapi-Limit');
    t.ws.close();
  });

  it('injects dropped, duplicated and out-of-order deltas and u=1 restarts', async () => {
    const s = await rawSocket(sim.wsUrl + WS_PATHS.publicLinear);
    s.ws.send(JSON.stringify({ op: 'subscribe', req_id: 'x', args: ['orderbook.200.BTCUSDT'] }));
    await waitFor(() => s.frames.some((f) => f.type === 'snapshot'), 'snapshot');
    const us = (): number[] => s.frames.filter((f) => f.topic).map((f) => (f.data as BookData).u);
    const step = async (n: number): Promise<void> => {
      const before = s.frames.length;
      sim.advance(250);
      await waitFor(() => s.frames.length >= before + n, `${n} book frame(s)`);
    };
    await step(1);
    sim.faults.update({ deltaDrop: { count: 1 } });
    sim.advance(250);
    await step(1);
    let seen = us();
    expect(seen[seen.length - 1]! - seen[seen.length - 2]!).toBe(2);
    sim.faults.update({ deltaDuplicate: { count: 1 } });
    await step(2);
    seen = us();
    expect(seen[seen.length - 1]).toBe(seen[seen.length - 2]);
    sim.faults.update({ deltaReorder: { count: 1 } });
    sim.advance(250);
    await step(2);
    seen = us();
    expect(seen[seen.length - 1]).toBe(seen[seen.length - 2]! - 1);
    sim.faults.update({ bookRestart: { count: 1 } });
    await step(1);
    const last = s.frames[s.frames.length - 1]!;
    expect(last.type).toBe('snapshot');
    expect((last.data as BookData).u).toBe(1);
    await step(1);
    expect((s.frames[s.frames.length - 1]!.data as BookData).u).toBe(2);
    s.ws.close();
  });

  it('drops connections on demand through the control endpoint', async () => {
    const s = await rawSocket(sim.wsUrl + WS_PATHS.publicLinear);
    const closed = new Promise<void>((r) => s.ws.once('close', () => r()));
    const res = await fetch(`${sim.restUrl}/sim/ws/disconnect`, { method: 'POST', body: '{}' });
    expect(((await res.json()) as { closed: number }).closed).toBeGreaterThanOrEqual(1);
    await within(closed, 'the server to close the socket');
  });
});
