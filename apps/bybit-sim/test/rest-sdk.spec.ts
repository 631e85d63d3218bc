import { RestClientV5 } from 'bybit-api';
import { startSimulator, type SimulatorHandle } from '../src/index.js';
import { KEY, SECRET } from './helpers.js';

describe('REST v5 through the unmodified bybit-api RestClientV5', () => {
  let sim: SimulatorHandle;
  let client: RestClientV5;

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      speed: 'manual',
      credentials: { apiKey: KEY, apiSecret: SECRET },
      market: { type: 'synthetic', symbols: ['BTCUSDT'], seed: 1, startTime: Date.UTC(2026, 0, 5, 12) },
    });
    sim.advance(2_000);
    client = new RestClientV5({ key: KEY, secret: SECRET, baseUrl: sim.restUrl, parseAPIRateLimits: true });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('serves instruments-info with BTCUSDT rules', async () => {
    const r = await client.getInstrumentsInfo({ category: 'linear', symbol: 'BTCUSDT' });
    expect(r.retCode).toBe(0);
    const i = r.result.list[0]!;
    expect(i.priceFilter.tickSize).toBe('0.10');
    expect(i.lotSizeFilter).toMatchObject({
      qtyStep: '0.001',
      minOrderQty: '0.001',
      maxOrderQty: '1190.000',
      maxMktOrderQty: '500.000',
      minNotionalValue: '5',
    });
  });

  it('serves the market endpoints with string numbers', async () => {
    const ob = await client.getOrderbook({ category: 'linear', symbol: 'BTCUSDT', limit: 50 });
    expect(ob.retCode).toBe(0);
    expect(ob.result.b.length).toBe(50);
    const [bid] = ob.result.b[0]!;
    const [ask] = ob.result.a[0]!;
    expect(Number(bid)).toBeLessThan(Number(ask));
    const t = await client.getTickers({ category: 'linear', symbol: 'BTCUSDT' });
    const tk = t.result.list[0]!;
    expect(typeof tk.fundingRate).toBe('string');
    expect(Number(tk.nextFundingTime)).toBeGreaterThan(0);
    expect(Number(tk.openInterest)).toBeGreaterThan(0);
    const tr = await client.getPublicTradingHistory({ category: 'linear', symbol: 'BTCUSDT', limit: 10 });
    expect(tr.result.list.length).toBeGreaterThan(0);
    const k = await client.getKline({ category: 'linear', symbol: 'BTCUSDT', interval: '1' });
    expect(k.result.list.length).toBeGreaterThan(0);
    const time = await client.getServerTime();
    expect(Math.abs(Number(time.result.timeSecond) * 1000 - Date.now())).toBeLessThan(5_000);
  });

  it('submits, queries, amends and cancels a signed limit order', async () => {
    const ob = await client.getOrderbook({ category: 'linear', symbol: 'BTCUSDT', limit: 1 });
    const bid = Number(ob.result.b[0]![0]);
    const price = (bid - 100).toFixed(2);
    const created = await client.submitOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.010',
      price,
      timeInForce: 'GTC',
      orderLinkId: 'sdk-rest-1',
    });
    expect(created.retCode).toBe(0);
    expect(created.result.orderLinkId).toBe('sdk-rest-1');
    const open = await client.getActiveOrders({
      category: 'linear',
      symbol: 'BTCUSDT',
      orderLinkId: 'sdk-rest-1',
    });
    expect(open.result.list[0]).toMatchObject({
      orderStatus: 'New',
      price,
      qty: '0.010',
      leavesQty: '0.010',
    });

    const amended = await client.amendOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      orderId: created.result.orderId,
      qty: '0.020',
    });
    expect(amended.retCode).toBe(0);
    const after = await client.getActiveOrders({
      category: 'linear',
      symbol: 'BTCUSDT',
      orderId: created.result.orderId,
    });
    expect(after.result.list[0]!.qty).toBe('0.020');

    const cancelled = await client.cancelOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      orderLinkId: 'sdk-rest-1',
    });
    expect(cancelled.retCode).toBe(0);
    const hist = await client.getHistoricOrders({
      category: 'linear',
      symbol: 'BTCUSDT',
      orderLinkId: 'sdk-rest-1',
    });
    expect(hist.result.list[0]).toMatchObject({ orderStatus: 'Cancelled', cancelType: 'CancelByUser' });
    const again = await client.cancelOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      orderLinkId: 'sdk-rest-1',
    });
    expect(again.retCode).toBe(110001);
  });

  it('fills a market order, charges the taker fee and reports executions, position and wallet', async () => {
    const r = await client.submitOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Market',
      qty: '0.500',
      orderLinkId: 'sdk-mkt-1',
    });
    expect(r.retCode).toBe(0);
    const ex = await client.getExecutionList({ category: 'linear', orderId: r.result.orderId });
    expect(ex.result.list.length).toBeGreaterThan(0);
    let qty = 0;
    for (const e of ex.result.list) {
      qty += Number(e.execQty);
      expect(e.isMaker).toBe(false);
      // execFee = execValue * taker rate (0.055 %), rounded to 8 dp.
      expect(Number(e.execFee)).toBeCloseTo(Number(e.execValue) * 0.00055, 6);
    }
    expect(qty).toBeCloseTo(0.5, 9);
    const ord = await client.getHistoricOrders({
      category: 'linear',
      symbol: 'BTCUSDT',
      orderId: r.result.orderId,
    });
    expect(ord.result.list[0]).toMatchObject({
      orderStatus: 'Filled',
      cumExecQty: '0.500',
      leavesQty: '0.000',
    });
    const pos = await client.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' });
    expect(pos.result.list[0]).toMatchObject({ side: 'Buy', size: '0.500' });
    const w = await client.getWalletBalance({ accountType: 'UNIFIED' });
    expect(Number(w.result.list[0]!.totalWalletBalance)).toBeLessThan(1_000_000);
  });

  it('rejects a duplicate orderLinkId with 110072 and records it in the ledger', async () => {
    const p = {
      category: 'linear' as const,
      symbol: 'BTCUSDT',
      side: 'Sell' as const,
      orderType: 'Limit' as const,
      qty: '0.001',
      price: '999999.0',
      orderLinkId: 'dup-1',
    };
    expect((await client.submitOrder(p)).retCode).toBe(0);
    const dup = await client.submitOrder(p);
    expect(dup.retCode).toBe(110072);
    const ledger = (await (await fetch(`${sim.restUrl}/sim/ledger`)).json()) as {
      orders: Array<{ orderLinkId: string }>;
      rejections: Array<{ retCode: number; orderLinkId?: string }>;
      violations: unknown[];
    };
    expect(ledger.orders.filter((o) => o.orderLinkId === 'dup-1')).toHaveLength(1);
    expect(ledger.rejections).toContainEqual(
      expect.objectContaining({ retCode: 110072, orderLinkId: 'dup-1' }),
    );
    expect(ledger.violations).toEqual([]);
  });

  it('returns business errors 110017, 110094, 110007 and 10001 with HTTP 200', async () => {
    const base = {
      category: 'linear' as const,
      symbol: 'BTCUSDT',
      side: 'Buy' as const,
      orderType: 'Limit' as const,
      price: '1000.0',
    };
    expect((await client.submitOrder({ ...base, qty: '0.0004' })).retCode).toBe(110017);
    expect((await client.submitOrder({ ...base, qty: '0.001' })).retCode).toBe(110094);
    expect((await client.submitOrder({ ...base, price: '60000.0', qty: '1000' })).retCode).toBe(110007);
    expect((await client.submitOrder({ ...base, qty: '0.010', price: '1000.05' })).retCode).toBe(10001);
  });

  it('pages open orders with URL-safe cursors the SDK can echo back', async () => {
    for (let i = 0; i < 3; i++) {
      await client.submitOrder({
        category: 'linear',
        symbol: 'BTCUSDT',
        side: 'Buy',
        orderType: 'Limit',
        qty: '0.001',
        price: '30000.0',
        orderLinkId: `page-${i}`,
      });
    }
    const p1 = await client.getActiveOrders({ category: 'linear', symbol: 'BTCUSDT', limit: 2 });
    expect(p1.result.list).toHaveLength(2);
    expect(p1.result.nextPageCursor).not.toBe('');
    const p2 = await client.getActiveOrders({
      category: 'linear',
      symbol: 'BTCUSDT',
      limit: 2,
      cursor: p1.result.nextPageCursor,
    });
    expect(p2.retCode).toBe(0);
    const ids = new Set([...p1.result.list, ...p2.result.list].map((o) => o.orderId));
    expect(ids.size).toBe(p1.result.list.length + p2.result.list.length);
    const all = await client.cancelAllOrders({ category: 'linear', symbol: 'BTCUSDT' });
    expect(all.result.list.length).toBeGreaterThanOrEqual(3);
  });
});
