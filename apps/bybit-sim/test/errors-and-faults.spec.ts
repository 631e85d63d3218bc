import { RestClientV5 } from 'bybit-api';
import { hmacHex, restSignPayload, startSimulator, type SimulatorHandle } from '../src/index.js';
import { KEY, SECRET } from './helpers.js';

const market = {
  type: 'synthetic' as const,
  symbols: ['BTCUSDT'],
  seed: 3,
  startTime: Date.UTC(2026, 0, 5, 12),
};

/** A signed raw GET, to control the timestamp and read headers. */
function signedGet(base: string, path: string, query: string, ts: number, secret = SECRET) {
  const sign = hmacHex(secret, restSignPayload(String(ts), KEY, '5000', query));
  return fetch(`${base}${path}?${query}`, {
    headers: {
      'X-BAPI-API-KEY': KEY,
      'X-BAPI-TIMESTAMP': String(ts),
      'X-BAPI-RECV-WINDOW': '5000',
      'X-BAPI-SIGN': sign,
    },
  });
}

/** The SDK's rejection carries the secret in requestOptions: keep only safe fields. */
async function rejection(p: Promise<unknown>): Promise<{ code?: unknown; body?: unknown }> {
  try {
    await p;
  } catch (e) {
    const { code, body } = e as { code?: unknown; body?: unknown };
    return { code, body };
  }
  throw new Error('expected the SDK call to reject');
}

describe('error codes, limits and faults', () => {
  let sim: SimulatorHandle;
  let client: RestClientV5;

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      speed: 'manual',
      credentials: { apiKey: KEY, apiSecret: SECRET },
      market,
      endpointLimits: { '/v5/order/realtime': 3 },
      // A long window makes "4 requests in one window" independent of machine speed.
      rateLimitWindowMs: 60_000,
    });
    sim.advance(1_000);
    client = new RestClientV5({ key: KEY, secret: SECRET, baseUrl: sim.restUrl, parseAPIRateLimits: true });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('gives 10004 to a client with the wrong secret', async () => {
    const bad = new RestClientV5({ key: KEY, secret: 'wrong-secret', baseUrl: sim.restUrl });
    const r = await bad.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' });
    expect(r.retCode).toBe(10004);
    expect(r.retMsg).toContain('error sign!');
  });

  it('gives 10003 to an unknown key', async () => {
    const bad = new RestClientV5({ key: 'unknown', secret: SECRET, baseUrl: sim.restUrl });
    expect((await bad.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' })).retCode).toBe(10003);
  });

  it('gives 10002 to a stale timestamp and accepts a fresh one with the same signing', async () => {
    const q = 'category=linear&symbol=BTCUSDT';
    const stale = await signedGet(sim.restUrl, '/v5/position/list', q, Date.now() - 60_000);
    const body = (await stale.json()) as { retCode: number; retMsg: string };
    expect(stale.status).toBe(200);
    expect(body.retCode).toBe(10002);
    expect(body.retMsg).toContain('recv_window[5000]');
    const fresh = await signedGet(sim.restUrl, '/v5/position/list', q, Date.now());
    expect(((await fresh.json()) as { retCode: number }).retCode).toBe(0);
  });

  it('gives 10006 with X-Bapi-Limit headers once the per-endpoint limit is used up', async () => {
    const q = 'category=linear&symbol=BTCUSDT';
    const codes: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await signedGet(sim.restUrl, '/v5/order/realtime', q, Date.now());
      codes.push(((await last.clone().json()) as { retCode: number }).retCode);
    }
    expect(codes).toEqual([0, 0, 0, 10006]);
    expect(last!.headers.get('x-bapi-limit')).toBe('3');
    expect(last!.headers.get('x-bapi-limit-status')).toBe('0');
    expect(Number(last!.headers.get('x-bapi-limit-reset-timestamp'))).toBeGreaterThan(Date.now());
    // Another endpoint has its own bucket; the SDK parses the headers.
    const a = await client.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' });
    const b = await client.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' });
    expect(b.retCode).toBe(0);
    expect(a.rateLimitApi?.maxRequests).toBe(50);
    expect(b.rateLimitApi!.remainingRequests).toBe(a.rateLimitApi!.remainingRequests - 1);
  });

  it('answers HTTP 5xx and 429 when those faults are injected, then recovers', async () => {
    sim.faults.update({ http5xx: { count: 1, status: 503 } });
    expect((await rejection(client.getServerTime())).code).toBe(503);
    sim.faults.update({ rateLimit: { count: 1, kind: '429' } });
    expect((await rejection(client.getServerTime())).code).toBe(429);
    expect((await client.getServerTime()).retCode).toBe(0);
  });

  it('accepts an order whose response is lost, visible afterwards by orderLinkId', async () => {
    // Fresh rate-limit buckets: the previous test used up the realtime endpoint's.
    await fetch(`${sim.restUrl}/sim/faults/reset`, { method: 'POST' });
    await fetch(`${sim.restUrl}/sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ responseLost: { count: 1, paths: ['/v5/order/create'] } }),
    });
    const p = client.submitOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.001',
      price: '30000.0',
      orderLinkId: 'lost-1',
    });
    await rejection(p);
    const q = await client.getActiveOrders({ category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'lost-1' });
    expect(q.result.list).toHaveLength(1);
    // Retrying the same orderLinkId is safe: the venue says it already has it.
    const retry = await client.submitOrder({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.001',
      price: '30000.0',
      orderLinkId: 'lost-1',
    });
    expect(retry.retCode).toBe(110072);
  });

  it('bans the IP with HTTP 403 "access too frequent"', async () => {
    await fetch(`${sim.restUrl}/sim/faults`, { method: 'POST', body: JSON.stringify({ ipBanMs: 60_000 }) });
    const r = await rejection(client.getServerTime());
    expect(r).toEqual({ code: 403, body: 'access too frequent' });
    await fetch(`${sim.restUrl}/sim/faults/reset`, { method: 'POST' });
    expect((await client.getServerTime()).retCode).toBe(0);
  });
});

describe('IP limit of the REST API', () => {
  it('returns 403 after `limit` requests in the window', async () => {
    const sim = await startSimulator({
      port: 0,
      speed: 'manual',
      market,
      ipLimit: { limit: 5, windowMs: 60_000, banMs: 60_000 },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await fetch(`${sim.restUrl}/v5/market/time`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 403, 403]);
    } finally {
      await sim.close();
    }
  });
});

describe('clock skew seen through the SDK', () => {
  it('gives 10002 when the client clock is a minute behind the venue', async () => {
    const sim = await startSimulator({
      port: 0,
      speed: 'manual',
      market,
      credentials: { apiKey: KEY, apiSecret: SECRET },
      wallClock: { now: () => Date.now() + 60_000 },
    });
    try {
      const client = new RestClientV5({ key: KEY, secret: SECRET, baseUrl: sim.restUrl });
      expect((await client.getPositionInfo({ category: 'linear', symbol: 'BTCUSDT' })).retCode).toBe(10002);
    } finally {
      await sim.close();
    }
  });
});
