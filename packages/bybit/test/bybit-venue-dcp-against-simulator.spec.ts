import { Decimal } from 'decimal.js';
import { startSimulator, type LedgerOrderRecord, type SimulatorHandle } from '@tranche/bybit-sim';
import type { VenueOrderRequest, VenueOrderUpdate } from '@tranche/ports';
import { BybitVenue, type BybitVenueOptions } from '../src/trading/bybit-venue.js';
import type { Logger } from '../src/common/logger.js';
import { waitFor } from './support/fake-bybit-server.js';

const KEY = 'dcp-venue-key';
const SECRET = 'dcp-venue-secret-0123456789';
const SYMBOL = 'BTCUSDT';
/** The smallest window Bybit accepts keeps the test short. */
const WINDOW_S = 3;
const TEST_TIMEOUT_MS = 30_000;

function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      info: (m, c) => lines.push(`info ${m} ${JSON.stringify(c ?? {})}`),
      warn: (m, c) => lines.push(`warn ${m} ${JSON.stringify(c ?? {})}`),
      error: (m, c) => lines.push(`error ${m} ${JSON.stringify(c ?? {})}`),
    },
  };
}

async function simulator(dcpRefused = false): Promise<SimulatorHandle> {
  const sim = await startSimulator({
    port: 0,
    speed: 'manual',
    credentials: { apiKey: KEY, apiSecret: SECRET },
    market: { type: 'synthetic', symbols: [SYMBOL], seed: 4 },
    dcpRefused,
  });
  sim.advance(1_000);
  return sim;
}

/** A buy far below the bid: it rests and never fills on a manual clock. */
function restingBuy(sim: SimulatorHandle, orderLinkId: string): VenueOrderRequest {
  const s = sim.venue.symbols.get(SYMBOL)!;
  const bid = s.inst.price(sim.venue.bestTicks(s).bid!);
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

const ledgerOrder = (sim: SimulatorHandle, orderLinkId: string): LedgerOrderRecord | undefined =>
  sim.venue.ledger.snapshot().orders.find((o) => o.orderLinkId === orderLinkId);

describe('BybitVenue disconnect cancel-all (DCP) against the venue simulator', () => {
  const sims: SimulatorHandle[] = [];
  const venues: BybitVenue[] = [];

  afterEach(async () => {
    for (const v of venues.splice(0)) v.close();
    for (const s of sims.splice(0)) await s.close();
  });

  async function start(
    dcpRefused: boolean,
    options: Partial<BybitVenueOptions>,
  ): Promise<{ sim: SimulatorHandle; venue: BybitVenue; lines: string[]; updates: VenueOrderUpdate[] }> {
    const sim = await simulator(dcpRefused);
    sims.push(sim);
    const { logger, lines } = capturingLogger();
    const venue = new BybitVenue({
      key: KEY,
      secret: SECRET,
      restBaseUrl: sim.restUrl,
      wsUrl: sim.wsUrl,
      logger,
      pongTimeoutMs: 5_000,
      ...options,
    });
    venues.push(venue);
    const updates: VenueOrderUpdate[] = [];
    venue.subscribe({ onFill: () => undefined, onOrderUpdate: (u) => updates.push(u) });
    await venue.streamReady();
    return { sim, venue, lines, updates };
  }

  it(
    'has the venue cancel a resting order once the process holding it has lost its private stream for the window',
    async () => {
      const { sim, venue, lines } = await start(false, { dcpWindowS: WINDOW_S });
      // streamReady waited for DCP: the window is set and the stream counts as a dcp connection.
      expect(sim.dcp.view()).toEqual([
        expect.objectContaining({ apiKey: KEY, windows: { DERIVATIVES: WINDOW_S }, liveConnections: 1 }),
      ]);
      expect(lines.filter((l) => l.startsWith('warn'))).toEqual([]);
      expect(lines.some((l) => l.startsWith('info disconnect cancel-all (DCP) on'))).toBe(true);

      await venue.submit(restingBuy(sim, 'dcp-rest-1'));
      expect(ledgerOrder(sim, 'dcp-rest-1')!.statuses.at(-1)!.status).toBe('New');

      // The process dies: its connection goes, nothing is cancelled by us.
      venue.close();
      const lostAt = Date.now();
      await waitFor(
        'the venue to cancel the order',
        () => ledgerOrder(sim, 'dcp-rest-1')!.statuses.at(-1)!.status === 'Cancelled',
        WINDOW_S * 1000 + 5_000,
      );
      expect(Date.now() - lostAt).toBeGreaterThanOrEqual(WINDOW_S * 1000 - 50);
      expect(ledgerOrder(sim, 'dcp-rest-1')!.statuses.at(-1)!.cancelType).toBe('CancelByDCP');

      // What a restarted process finds when it looks the order up.
      const restarted = new BybitVenue({ key: KEY, secret: SECRET, restBaseUrl: sim.restUrl, dcpWindowS: 0 });
      venues.push(restarted);
      expect(await restarted.query(SYMBOL, 'dcp-rest-1')).toMatchObject({ status: 'Cancelled', fills: [] });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps trading with one warning when the account is refused DCP, and its orders then survive a lost stream',
    async () => {
      const { sim, venue, lines, updates } = await start(true, { dcpWindowS: WINDOW_S });
      const warnings = lines.filter((l) => l.startsWith('warn'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/disconnect cancel-all \(DCP\) not set: Bybit refused it \(retCode 10005 /);
      expect(warnings[0]).toContain(`"dcpWindowS":${WINDOW_S}`);

      await venue.submit(restingBuy(sim, 'refused-1'));
      await waitFor('the New update', () =>
        updates.some((u) => u.orderLinkId === 'refused-1' && u.status === 'New'),
      );
      await venue.cancel(SYMBOL, 'refused-1');
      await waitFor('the Cancelled update', () =>
        updates.some((u) => u.orderLinkId === 'refused-1' && u.status === 'Cancelled'),
      );

      await venue.submit(restingBuy(sim, 'refused-2'));
      venue.close();
      // Past the window the venue would have used had it accepted the request.
      await new Promise((r) => setTimeout(r, WINDOW_S * 1000 + 500));
      expect(ledgerOrder(sim, 'refused-2')!.statuses.at(-1)!.status).toBe('New');
      for (const line of lines) expect(line).not.toContain(SECRET);
    },
    TEST_TIMEOUT_MS,
  );

  it('asks for nothing and subscribes no dcp topic with DCP off', async () => {
    const { sim, lines } = await start(false, { dcpWindowS: 0 });
    expect(sim.dcp.view()).toEqual([]);
    expect(lines.filter((l) => l.includes('DCP'))).toEqual([]);
  });
});
