import { Decimal } from 'decimal.js';
import { RestClientV5 } from 'bybit-api';
import { WebSocket } from 'ws';
import { hmacHex, startSimulator, WS_PATHS, type SimulatorHandle } from '../src/index.js';
import type { LedgerOrderRecord } from '../src/core/ledger.js';
import { waitFor, within } from './helpers.js';

const SYMBOL = 'BTCUSDT';
/** The smallest window Bybit accepts keeps these tests short. */
const WINDOW_S = 3;
/** Each test waits out one or two windows on the wall clock. */
const TEST_TIMEOUT_MS = 30_000;
const keys = ['dcp-a', 'dcp-b', 'dcp-c', 'dcp-d', 'dcp-refused'] as const;
type Key = (typeof keys)[number];
const secretOf = (key: Key): string => `${key}-secret-0123456789`;

interface PrivateConnection {
  ws: WebSocket;
  frames: Array<Record<string, unknown>>;
  /** Closes the socket and resolves once it is closed. */
  close(): Promise<void>;
}

/** A raw private connection: authenticated, subscribed to `topics`, acknowledged. */
async function privateConnection(base: string, key: Key, topics: string[]): Promise<PrivateConnection> {
  const ws = new WebSocket(base + WS_PATHS.private);
  const frames: Array<Record<string, unknown>> = [];
  ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as Record<string, unknown>));
  await within(
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    }),
    'the private socket',
  );
  const expires = Date.now() + 10_000;
  ws.send(
    JSON.stringify({ op: 'auth', args: [key, expires, hmacHex(secretOf(key), `GET/realtime${expires}`)] }),
  );
  await waitFor(() => frames.some((f) => f.op === 'auth' && f.success === true), 'the auth reply');
  ws.send(JSON.stringify({ op: 'subscribe', req_id: 'sub', args: topics }));
  await waitFor(() => frames.some((f) => f.op === 'subscribe'), 'the subscribe reply');
  expect(frames.find((f) => f.op === 'subscribe')).toMatchObject({ success: true });
  return {
    ws,
    frames,
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
}

describe('disconnect cancel-all (DCP) on the simulator', () => {
  let sim: SimulatorHandle;
  const rest = new Map<Key, RestClientV5>();
  const open: PrivateConnection[] = [];
  let linkSeq = 0;

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      speed: 'manual',
      credentials: keys.map((k) => ({ apiKey: k, apiSecret: secretOf(k) })),
      market: { type: 'synthetic', symbols: [SYMBOL], seed: 21, startTime: Date.UTC(2026, 0, 5, 14) },
      dcpRefused: ['dcp-refused'],
    });
    sim.advance(1_000);
    for (const k of keys)
      rest.set(k, new RestClientV5({ key: k, secret: secretOf(k), baseUrl: sim.restUrl }));
  });
  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()));
    await sim.close();
  });

  async function connect(key: Key, topics: string[]): Promise<PrivateConnection> {
    const c = await privateConnection(sim.wsUrl, key, topics);
    open.push(c);
    return c;
  }

  async function setDcp(key: Key, timeWindow: number): Promise<{ retCode: number; retMsg: string }> {
    return rest.get(key)!.setDisconnectCancelAllWindowV2({ product: 'DERIVATIVES', timeWindow });
  }

  /** A buy far below the bid: it rests and never fills on a manual clock. */
  async function restingBuy(key: Key): Promise<string> {
    const client = rest.get(key)!;
    const book = await client.getOrderbook({ category: 'linear', symbol: SYMBOL, limit: 1 });
    const orderLinkId = `${key}-${++linkSeq}`;
    const r = await client.submitOrder({
      category: 'linear',
      symbol: SYMBOL,
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.001',
      price: new Decimal(book.result.b[0]![0]).minus(500).toFixed(1),
      timeInForce: 'GTC',
      orderLinkId,
    });
    expect(r.retCode).toBe(0);
    return orderLinkId;
  }

  const ledgerOrder = (orderLinkId: string): LedgerOrderRecord =>
    sim.venue.ledger.snapshot().orders.find((o) => o.orderLinkId === orderLinkId)!;
  const lastStatus = (orderLinkId: string) => ledgerOrder(orderLinkId).statuses.at(-1)!;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it(
    'cancels every open order of the key once its dcp connection has been gone for the window, and pushes the cancels',
    async () => {
      expect(await setDcp('dcp-a', WINDOW_S)).toMatchObject({ retCode: 0 });
      const guarded = await connect('dcp-a', ['order', 'dcp']);
      // The same key without `dcp` (Bybit: only dcp-subscribed connections keep DCP from firing).
      const watcher = await connect('dcp-a', ['order']);
      const mine = [await restingBuy('dcp-a'), await restingBuy('dcp-a')];
      const otherKeys = await restingBuy('dcp-b');

      await guarded.close();
      const lostAt = Date.now();
      await waitFor(
        () => mine.every((id) => lastStatus(id).status === 'Cancelled'),
        'the DCP cancels',
        WINDOW_S * 1000 + 5_000,
      );
      const tookMs = Date.now() - lostAt;
      expect(tookMs).toBeGreaterThanOrEqual(WINDOW_S * 1000 - 50);
      expect(tookMs).toBeLessThan(WINDOW_S * 1000 + 2_000);

      for (const id of mine) {
        expect(ledgerOrder(id).apiKey).toBe('dcp-a');
        expect(lastStatus(id)).toMatchObject({ status: 'Cancelled', cancelType: 'CancelByDCP' });
      }
      // Another key's orders are its own business.
      expect(lastStatus(otherKeys).status).toBe('New');
      await waitFor(
        () =>
          mine.every((id) =>
            watcher.frames.some(
              (f) =>
                f.topic === 'order' &&
                (f.data as Array<Record<string, unknown>>).some(
                  (o) =>
                    o.orderLinkId === id && o.orderStatus === 'Cancelled' && o.cancelType === 'CancelByDCP',
                ),
            ),
          ),
        'the pushed cancels',
      );
      const working = await rest.get('dcp-a')!.getActiveOrders({ category: 'linear', symbol: SYMBOL });
      expect(working.result.list.filter((o) => mine.includes(o.orderLinkId))).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'cancels nothing when the key reconnects within the window, and times the next loss afresh',
    async () => {
      expect(await setDcp('dcp-c', WINDOW_S)).toMatchObject({ retCode: 0 });
      const first = await connect('dcp-c', ['order', 'dcp']);
      const id = await restingBuy('dcp-c');
      await first.close();
      const firstLoss = Date.now();
      await sleep(1_000);
      const second = await connect('dcp-c', ['order', 'dcp']);
      // Past the first loss's window: had the reconnection not counted, the order would be gone.
      await sleep(firstLoss + WINDOW_S * 1000 + 500 - Date.now());
      expect(lastStatus(id).status).toBe('New');

      await second.close();
      const secondLoss = Date.now();
      await waitFor(() => lastStatus(id).status === 'Cancelled', 'the DCP cancel', WINDOW_S * 1000 + 5_000);
      expect(Date.now() - secondLoss).toBeGreaterThanOrEqual(WINDOW_S * 1000 - 50);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'starts the timer only when both dcp connections of a key are gone',
    async () => {
      expect(await setDcp('dcp-d', WINDOW_S)).toMatchObject({ retCode: 0 });
      const one = await connect('dcp-d', ['order', 'dcp']);
      const two = await connect('dcp-d', ['dcp']);
      const id = await restingBuy('dcp-d');
      await one.close();
      await sleep(WINDOW_S * 1000 + 500);
      expect(lastStatus(id).status).toBe('New');

      await two.close();
      const lostAt = Date.now();
      await waitFor(() => lastStatus(id).status === 'Cancelled', 'the DCP cancel', WINDOW_S * 1000 + 5_000);
      expect(Date.now() - lostAt).toBeGreaterThanOrEqual(WINDOW_S * 1000 - 50);
      expect(lastStatus(id).cancelType).toBe('CancelByDCP');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'rejects a timeWindow outside [3, 300], a non-integer one and an unknown product with 10001',
    async () => {
      const client = rest.get('dcp-b')!;
      for (const timeWindow of [2, 301, 7.5]) {
        const r = await setDcp('dcp-b', timeWindow);
        expect(r.retCode).toBe(10001);
        expect(r.retMsg).toContain('timeWindow');
      }
      const product = await client.setDisconnectCancelAllWindowV2({
        product: 'FUTURES' as never,
        timeWindow: 10,
      });
      expect(product.retCode).toBe(10001);
      expect(product.retMsg).toContain('product');
      // Signed like every private endpoint.
      const unsigned = await fetch(`${sim.restUrl}/v5/order/disconnected-cancel-all`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ product: 'DERIVATIVES', timeWindow: 10 }),
      });
      expect(((await unsigned.json()) as { retCode: number }).retCode).toBe(10003);
      expect(sim.dcp.view().find((v) => v.apiKey === 'dcp-b')).toBeUndefined();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses an account without the feature with 10005; its orders then stay when it disconnects',
    async () => {
      const r = await setDcp('dcp-refused', WINDOW_S);
      expect(r.retCode).toBe(10005);
      expect(r.retMsg).toMatch(/not enabled for this account/);
      // The topic itself is accepted, as any private topic.
      const conn = await connect('dcp-refused', ['order', 'dcp']);
      const id = await restingBuy('dcp-refused');
      await conn.close();
      await sleep(WINDOW_S * 1000 + 500);
      expect(lastStatus(id).status).toBe('New');
    },
    TEST_TIMEOUT_MS,
  );
});
