import { connect, type NatsConnection } from '@nats-io/transport-node';
import { RestClientV5 } from 'bybit-api';
import { join } from 'node:path';
import { eventTypes, marketdata, snapshotSubject } from '@tranche/contracts';
import {
  ServiceProcess,
  sleep,
  startNatsServer,
  startRedisServer,
  waitFor,
  type ManagedServer,
} from '@tranche/testing';
import { decodeMessage } from '@tranche/transport';
import { ROOT } from './cluster.js';

const KEY = 'md-it-key';
const SECRET = 'md-it-secret-0123456789';
const STALE_AFTER_MS = 2000;

interface Readyz {
  status: number;
  body: { problems?: string[]; metrics?: Record<string, unknown>; [k: string]: unknown };
}

interface Ledger {
  fills: Array<{ orderLinkId: string; isMaker: boolean; execPrice: string }>;
  violations: unknown[];
}

/**
 * market-data on MD_SOURCE=bybit against the simulator, both as OS processes: our resting PostOnly
 * orders are traded through by the simulated market while market-data keeps a usable, moving book,
 * and /readyz follows the market when it halts and restarts.
 */
describe('market-data on the Bybit feed while the simulated market trades through resting orders and halts', () => {
  let nats: ManagedServer;
  let redisServer: ManagedServer;
  let simProcess: ServiceProcess;
  let service: ServiceProcess;
  let nc: NatsConnection;
  let simRest = '';
  let simWs = '';
  let healthPort = 0;
  const snapshots: marketdata.MarketSnapshot[] = [];

  beforeAll(async () => {
    [nats, redisServer] = await Promise.all([startNatsServer(), startRedisServer()]);
    simProcess = new ServiceProcess('bybit-sim', join(ROOT, 'apps/bybit-sim/dist/main.js'), {
      SIM_PORT: '0',
      SIM_HOST: '127.0.0.1',
      SIM_MARKET: 'synthetic',
      SIM_SYMBOLS: 'BTCUSDT',
      SIM_SEED: '9',
      SIM_SPEED: '1',
      SIM_API_KEY: KEY,
      SIM_API_SECRET: SECRET,
    }).start();
    await simProcess.waitForLog(/listening rest=\S+ ws=\S+/, 30_000);
    const m = /listening rest=(\S+) ws=(\S+)/.exec(simProcess.logs())!;
    [simRest, simWs] = [m[1]!, m[2]!];

    service = new ServiceProcess('market-data', join(ROOT, 'apps/market-data/dist/main.js'), {
      NATS_URL: nats.url,
      REDIS_URL: redisServer.url,
      HEALTH_PORT: '0',
      MD_SOURCE: 'bybit',
      MD_SYMBOLS: 'BTCUSDT',
      MD_KLINE_BACKFILL_MINUTES: '0',
      MD_STALE_AFTER_MS: String(STALE_AFTER_MS),
      BYBIT_WS_PUBLIC_URL: `${simWs}/v5/public/linear`,
      BYBIT_REST_URL: simRest,
    }).start();
    await service.waitForLog(/market-data ready .*health=\d+/, 60_000);
    healthPort = Number(/market-data ready .*health=(\d+)/.exec(service.logs())![1]);
    nc = await connect({ servers: nats.url });
    nc.subscribe(snapshotSubject('BTCUSDT'), {
      callback: (_e, msg) =>
        void snapshots.push(decodeMessage(eventTypes.snapshot, msg.data, msg.headers, msg.subject)),
    });
  }, 120_000);

  afterAll(async () => {
    await nc?.close();
    await service?.stop();
    await simProcess?.stop();
    await nats?.dispose();
    await redisServer?.dispose();
  }, 60_000);

  const logs = () => `--- market-data ---\n${service.logs()}\n--- bybit-sim ---\n${simProcess.logs()}`;

  async function readyz(): Promise<Readyz> {
    const res = await fetch(`http://127.0.0.1:${healthPort}/readyz`);
    return { status: res.status, body: (await res.json()) as Readyz['body'] };
  }

  async function control(path: string): Promise<void> {
    const res = await fetch(`${simRest}${path}`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
  }

  function uncrossed(s: marketdata.MarketSnapshot): boolean {
    return Number(s.bestBid) < Number(s.bestAsk);
  }

  it('keeps publishing moving snapshots while the market crosses our resting PostOnly orders, and /readyz follows a halt and a restart', async () => {
    await waitFor('/readyz to answer ready', async () => (await readyz()).status === 200, 30_000).catch(
      (e: Error) => {
        throw new Error(`${e.message}\n${logs()}`);
      },
    );

    // Phase 1: PostOnly orders at the touch, refreshed every half second for 12 s. The synthetic
    // market moves tens of ticks a second, so it keeps moving through them.
    const rest = new RestClientV5({ key: KEY, secret: SECRET, baseUrl: simRest });
    const from = snapshots.length;
    const readyzDuring: number[] = [];
    let n = 0;
    const phaseEnd = Date.now() + 12_000;
    while (Date.now() < phaseEnd) {
      const top = await rest.getOrderbook({ category: 'linear', symbol: 'BTCUSDT', limit: 1 });
      const bid = top.result.b[0]![0];
      const ask = top.result.a[0]![0];
      for (const [side, price] of [
        ['Buy', bid],
        ['Sell', ask],
      ] as const) {
        const r = await rest.submitOrder({
          category: 'linear',
          symbol: 'BTCUSDT',
          side,
          orderType: 'Limit',
          timeInForce: 'PostOnly',
          qty: '0.010',
          price,
          orderLinkId: `md-it-${n++}`,
        });
        expect(r.retCode).toBe(0);
      }
      readyzDuring.push((await readyz()).status);
      await sleep(500);
    }
    const ledger = (await (await fetch(`${simRest}/sim/ledger`)).json()) as Ledger;
    const makerFills = ledger.fills.filter((f) => f.isMaker && f.orderLinkId.startsWith('md-it-'));
    expect(makerFills.length).toBeGreaterThan(0);
    expect(ledger.violations).toEqual([]);

    const during = snapshots.slice(from);
    expect(during.length).toBeGreaterThan(50);
    expect(during.every(uncrossed)).toBe(true);
    expect(new Set(during.map((s) => s.mid)).size).toBeGreaterThan(10);
    // Every snapshot says how old its book is, and none was built from an old one.
    for (const s of during) {
      expect(Number(s.bookUpdatedAt)).toBeGreaterThan(0);
      expect(Number(s.ageMs)).toBe(Number(s.tsInit) - Number(s.bookUpdatedAt));
      expect(Number(s.ageMs)).toBeLessThan(STALE_AFTER_MS);
    }
    expect(readyzDuring.every((status) => status === 200)).toBe(true);
    const metrics = (await readyz()).body.metrics as { crossed: number; resyncs: number; gaps: number };
    expect([metrics.crossed, metrics.gaps, metrics.resyncs]).toEqual([0, 0, 0]);

    // Phase 2: the market halts. The book stops moving, so market-data goes not ready within the
    // limit and stays so (a resync that only confirms the frozen book does not make it fresh).
    await control('/sim/market/pause');
    const pausedAt = Date.now();
    const notReady = await waitFor(
      '/readyz to turn not ready on the halted market',
      async () => {
        const r = await readyz();
        return r.status === 503 ? r : undefined;
      },
      STALE_AFTER_MS + 5_000,
    );
    expect(Date.now() - pausedAt).toBeGreaterThanOrEqual(STALE_AFTER_MS - 200);
    expect(notReady.body.problems!.join('\n')).toMatch(/BTCUSDT: .*(ms ago|ms old)/);
    const heldFrom = snapshots.length;
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      await sleep(200);
      statuses.push((await readyz()).status);
    }
    expect(statuses.every((s) => s === 503)).toBe(true);
    // Snapshots keep coming, with the book time of the halt and an age that keeps growing.
    const held = snapshots.slice(heldFrom);
    expect(held.length).toBeGreaterThanOrEqual(2);
    expect(new Set(held.map((s) => Number(s.bookUpdatedAt))).size).toBe(1);
    expect(Number(held.at(-1)!.ageMs)).toBeGreaterThan(Number(held[0]!.ageMs));
    expect(Number(held.at(-1)!.ageMs)).toBeGreaterThan(STALE_AFTER_MS);

    // Phase 3: the market runs again, and so does market-data.
    await control('/sim/market/resume');
    await waitFor('/readyz to be ready again', async () => (await readyz()).status === 200, 15_000);
    const resumedFrom = snapshots.length;
    await waitFor('fresh, moving snapshots', () => {
      const fresh = snapshots.slice(resumedFrom).filter((s) => Number(s.ageMs) < STALE_AFTER_MS);
      return new Set(fresh.map((s) => s.mid)).size >= 3;
    });
    expect(snapshots.slice(resumedFrom).every(uncrossed)).toBe(true);
  }, 120_000);
});
