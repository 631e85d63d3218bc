import { Decimal } from 'decimal.js';
import { startSimulator, type LedgerSnapshot, type SimulatorHandle } from '@tranche/bybit-sim';
import {
  VenueAmbiguousError,
  VenueCredentialsError,
  VenueRejectedError,
  type VenueFill,
  type VenueOrderRequest,
  type VenueOrderUpdate,
} from '@tranche/ports';
import { BybitVenue } from '../src/trading/bybit-venue.js';
import type { Logger } from '../src/common/logger.js';
import { waitFor } from './support/fake-bybit-server.js';

const KEY = 'venue-test-key';
const SECRET = 'venue-test-secret-0123456789';
const SYMBOL = 'BTCUSDT';

/** Every log line, rendered, so the last test can prove no secret ever reached the logger. */
const logLines: string[] = [];
const capturingLogger: Logger = {
  info: (m, c) => logLines.push(`info ${m} ${JSON.stringify(c ?? {})}`),
  warn: (m, c) => logLines.push(`warn ${m} ${JSON.stringify(c ?? {})}`),
  error: (m, c) => logLines.push(`error ${m} ${JSON.stringify(c ?? {})}`),
};

async function within<T>(p: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The rejection of `p`, failing the test when it resolves. */
async function rejectionOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection, the call succeeded');
}

describe('BybitVenue against the venue simulator (unmodified bybit-api SDK)', () => {
  let sim: SimulatorHandle;
  let venue: BybitVenue;
  const fills: VenueFill[] = [];
  const updates: VenueOrderUpdate[] = [];
  let reconnections = 0;
  const extraVenues: BybitVenue[] = [];

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      speed: 'manual',
      credentials: { apiKey: KEY, apiSecret: SECRET },
      market: { type: 'synthetic', symbols: [SYMBOL], seed: 1 },
      // Bybit's 10 creates/s would make a fast test run depend on wall time.
      endpointLimits: { '/v5/order/create': 1000, '/v5/order/cancel': 1000 },
    });
    sim.advance(1_000);
    venue = new BybitVenue({
      key: KEY,
      secret: SECRET,
      restBaseUrl: sim.restUrl,
      wsUrl: sim.wsUrl,
      logger: capturingLogger,
      reconnectTimeoutMs: 50,
      // A loaded CI machine must not turn a late pong into a reconnection mid-test.
      pongTimeoutMs: 5_000,
      onReconnected: () => reconnections++,
    });
    venue.subscribe({ onFill: (f) => fills.push(f), onOrderUpdate: (u) => updates.push(u) });
    await within(venue.streamReady(), 'the private stream');
  });

  afterAll(async () => {
    venue?.close();
    for (const v of extraVenues) v.close();
    await sim?.close();
  });

  async function control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${sim.restUrl}${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}`);
    return res.json();
  }

  const ledger = (): Promise<LedgerSnapshot> => control('GET', '/sim/ledger') as Promise<LedgerSnapshot>;
  const faults = (config: unknown): Promise<unknown> => control('POST', '/sim/faults', config);

  async function touch(): Promise<{ bid: string; ask: string }> {
    const body = (await control('GET', `/v5/market/orderbook?category=linear&symbol=${SYMBOL}&limit=1`)) as {
      result: { b: string[][]; a: string[][] };
    };
    return { bid: body.result.b[0]![0]!, ask: body.result.a[0]![0]! };
  }

  /** A buy far below the bid: it rests and never fills on a manual clock. */
  async function restingBuy(orderLinkId: string): Promise<VenueOrderRequest> {
    const { bid } = await touch();
    return {
      symbol: SYMBOL,
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.001',
      price: new Decimal(bid).minus(500).toFixed(1),
      timeInForce: 'GTC',
      orderLinkId,
    };
  }

  it('reads the instrument rules from the venue and caches them', async () => {
    const raw = (await control('GET', `/v5/market/instruments-info?category=linear&symbol=${SYMBOL}`)) as {
      result: { list: Array<Record<string, Record<string, string>>> };
    };
    const item = raw.result.list[0]!;
    const rules = await venue.instrument(SYMBOL);
    expect(rules).toEqual({
      symbol: SYMBOL,
      tickSize: item.priceFilter!.tickSize,
      qtyStep: item.lotSizeFilter!.qtyStep,
      minOrderQty: item.lotSizeFilter!.minOrderQty,
      maxOrderQty: item.lotSizeFilter!.maxOrderQty,
      minNotional: item.lotSizeFilter!.minNotionalValue,
    });
    expect(rules.tickSize).toBe('0.10');
    expect(rules.minNotional).toBe('5');
    expect(await venue.instrument(SYMBOL)).toBe(rules);

    const unknown = await rejectionOf(venue.instrument('NOPEUSDT'));
    expect(unknown).toBeInstanceOf(VenueRejectedError);
    expect((unknown as VenueRejectedError).venueCode).toBe('10001');
    expect(unknown.message).toContain('NOPEUSDT');
  });

  it('fills a marketable IOC limit order and reports the fill and the Filled update through subscribe', async () => {
    const { ask } = await touch();
    const orderLinkId = 'ioc-buy-1';
    const ack = await venue.submit({
      symbol: SYMBOL,
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.005',
      price: ask,
      timeInForce: 'IOC',
      orderLinkId,
    });
    expect(ack.venueOrderId).not.toBe('');

    await waitFor(
      'the Filled update and the fills',
      () =>
        updates.some((u) => u.orderLinkId === orderLinkId && u.status === 'Filled') &&
        fills
          .filter((f) => f.orderLinkId === orderLinkId)
          .reduce((s, f) => s.plus(f.qty), new Decimal(0))
          .eq('0.005'),
      10_000,
    );
    const venueFills = (await ledger()).fills.filter((f) => f.orderLinkId === orderLinkId);
    const streamed = fills.filter((f) => f.orderLinkId === orderLinkId);
    const byExecId = (a: { execId: string }, b: { execId: string }): number =>
      a.execId.localeCompare(b.execId);
    expect(streamed.map((f) => [f.execId, f.qty, f.price, f.fee, f.isMaker]).sort()).toEqual(
      venueFills.map((f) => [f.execId, f.execQty, f.execPrice, f.execFee, f.isMaker]).sort(),
    );
    // An IOC at the ask takes the ask.
    for (const f of streamed) expect(new Decimal(f.price).eq(ask)).toBe(true);
    const filled = updates.find((u) => u.orderLinkId === orderLinkId && u.status === 'Filled')!;
    expect(filled).toMatchObject({ venueOrderId: ack.venueOrderId, symbol: SYMBOL });
    expect(new Decimal(filled.cumExecQty).eq('0.005')).toBe(true);

    const q = await venue.query(SYMBOL, orderLinkId);
    expect(q).toMatchObject({ orderLinkId, venueOrderId: ack.venueOrderId, status: 'Filled' });
    expect([...q!.fills].sort(byExecId)).toEqual([...streamed].sort(byExecId));
  });

  it('shows a resting limit order New, then Cancelled after cancel', async () => {
    const order = await restingBuy('rest-1');
    const { venueOrderId } = await venue.submit(order);
    await waitFor('the New update', () =>
      updates.some((u) => u.orderLinkId === 'rest-1' && u.status === 'New'),
    );
    expect(await venue.query(SYMBOL, 'rest-1')).toEqual({
      orderLinkId: 'rest-1',
      venueOrderId,
      symbol: SYMBOL,
      status: 'New',
      cumExecQty: '0.000',
      fills: [],
    });

    await venue.cancel(SYMBOL, 'rest-1');
    await waitFor('the Cancelled update', () =>
      updates.some((u) => u.orderLinkId === 'rest-1' && u.status === 'Cancelled'),
    );
    expect(await venue.query(SYMBOL, 'rest-1')).toMatchObject({ status: 'Cancelled', fills: [] });
    const rec = (await ledger()).orders.find((o) => o.orderLinkId === 'rest-1')!;
    expect(rec.statuses.map((s) => s.status)).toEqual(['New', 'Cancelled']);

    // Cancelling it again finds nothing working, which is what a cancel wants.
    await expect(venue.cancel(SYMBOL, 'rest-1')).resolves.toBeUndefined();
  });

  it('treats the cancel of an unknown orderLinkId as done and reports it absent on query', async () => {
    await expect(venue.cancel(SYMBOL, 'never-sent')).resolves.toBeUndefined();
    expect(await venue.query(SYMBOL, 'never-sent')).toBeUndefined();
  });

  it('rejects a duplicate orderLinkId with venue code 110072', async () => {
    const order = await restingBuy('dup-1');
    await venue.submit(order);
    const err = await rejectionOf(venue.submit(order));
    expect(err).toBeInstanceOf(VenueRejectedError);
    expect((err as VenueRejectedError).venueCode).toBe('110072');
    await venue.cancel(SYMBOL, 'dup-1');
  });

  it('reports a lost create response as ambiguous; query then finds the one order the venue accepted', async () => {
    const order = await restingBuy('lost-1');
    await faults({ responseLost: { count: 1, paths: ['/v5/order/create'] } });
    const err = await rejectionOf(venue.submit(order));
    expect(err).toBeInstanceOf(VenueAmbiguousError);

    const found = await venue.query(SYMBOL, 'lost-1');
    expect(found).toMatchObject({ orderLinkId: 'lost-1', status: 'New', fills: [] });
    // What the router does next: a resend with the same orderLinkId cannot create a second order.
    const again = await rejectionOf(venue.submit(order));
    expect((again as VenueRejectedError).venueCode).toBe('110072');

    const l = await ledger();
    const mine = l.orders.filter((o) => o.orderLinkId === 'lost-1');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.orderId).toBe(found!.venueOrderId);
    expect(l.violations).toEqual([]);
    await venue.cancel(SYMBOL, 'lost-1');
  });

  it('reports an HTTP 5xx as ambiguous, without the secret in the message', async () => {
    const order = await restingBuy('http5xx-1');
    await faults({ http5xx: { count: 1, paths: ['/v5/order/create'] } });
    const err = await rejectionOf(venue.submit(order));
    expect(err).toBeInstanceOf(VenueAmbiguousError);
    expect(err.message).toContain('503');
    expect(err.message).not.toContain(SECRET);
    // The 5xx was answered before the venue looked at the order.
    expect(await venue.query(SYMBOL, 'http5xx-1')).toBeUndefined();
  });

  it('reports a 10006 rate limit answer as ambiguous', async () => {
    const order = await restingBuy('ratelimit-1');
    await faults({ rateLimit: { count: 1, paths: ['/v5/order/create'] } });
    const err = await rejectionOf(venue.submit(order));
    expect(err).toBeInstanceOf(VenueAmbiguousError);
    expect(err.message).toContain('10006');
  });

  it('reports a request timeout as ambiguous; the order the venue still processed is found afterwards', async () => {
    const impatient = new BybitVenue({
      key: KEY,
      secret: SECRET,
      restBaseUrl: sim.restUrl,
      requestTimeoutMs: 100,
      logger: capturingLogger,
    });
    extraVenues.push(impatient);
    const order = await restingBuy('slow-1');
    await faults({ latencyMs: 600 });
    let err: Error;
    try {
      err = await rejectionOf(impatient.submit(order));
    } finally {
      await faults({ latencyMs: 0 });
    }
    expect(err).toBeInstanceOf(VenueAmbiguousError);
    expect(err.message).toMatch(/timeout/i);
    // The delayed request is executed after its answer was given up on.
    let found: VenueOrderUpdate | undefined;
    const deadline = Date.now() + 10_000;
    while (found === undefined && Date.now() < deadline) {
      found = await venue.query(SYMBOL, 'slow-1');
      if (found === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    expect(found).toMatchObject({ orderLinkId: 'slow-1', status: 'New' });
    await venue.cancel(SYMBOL, 'slow-1');
  });

  it('rejects a request signed with a wrong secret without echoing any secret', async () => {
    const wrongSecret = 'wrong-secret-9876543210';
    const wrong = new BybitVenue({
      key: KEY,
      secret: wrongSecret,
      restBaseUrl: sim.restUrl,
      logger: capturingLogger,
    });
    extraVenues.push(wrong);
    const err = await rejectionOf(wrong.submit(await restingBuy('wrong-secret-1')));
    expect(err).toBeInstanceOf(VenueRejectedError);
    expect((err as VenueRejectedError).venueCode).toBe('10004');
    expect(err.message).not.toContain(wrongSecret);
    expect(err.message).not.toContain(SECRET);
    const queryErr = await rejectionOf(wrong.query(SYMBOL, 'wrong-secret-1'));
    expect((queryErr as VenueRejectedError).venueCode).toBe('10004');
    expect(queryErr.message).not.toContain(wrongSecret);
    expect((await ledger()).orders.some((o) => o.orderLinkId === 'wrong-secret-1')).toBe(false);
  });

  it('refuses a private stream with a wrong secret through streamReady', async () => {
    const wrong = new BybitVenue({
      key: KEY,
      secret: 'another-wrong-secret-000',
      restBaseUrl: sim.restUrl,
      wsUrl: sim.wsUrl,
      logger: capturingLogger,
    });
    extraVenues.push(wrong);
    wrong.subscribe({ onFill: () => undefined, onOrderUpdate: () => undefined });
    const err = await within(rejectionOf(wrong.streamReady()), 'the refused auth');
    // A refused key is a configuration problem the service reports in one line and exits 78 on.
    expect(err).toBeInstanceOf(VenueCredentialsError);
    expect(err.message).toMatch(/refused the API key .* check BYBIT_API_KEY and BYBIT_API_SECRET/);
    expect(err.message).not.toContain('another-wrong-secret-000');
    wrong.close();
  });

  it('calls onReconnected once the stream is resubscribed after a drop, and reports fills again', async () => {
    const before = reconnections;
    await control('POST', '/sim/ws/disconnect', { path: '/v5/private' });
    await waitFor('onReconnected', () => reconnections === before + 1, 10_000);

    const { ask } = await touch();
    await venue.submit({
      symbol: SYMBOL,
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.002',
      price: ask,
      timeInForce: 'IOC',
      orderLinkId: 'after-reconnect-1',
    });
    await waitFor('a fill after the reconnection', () =>
      fills.some((f) => f.orderLinkId === 'after-reconnect-1'),
    );
  });

  it('never logged the secret', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) {
      expect(line).not.toContain(SECRET);
      expect(line).not.toContain('wrong-secret-9876543210');
    }
  });
});
