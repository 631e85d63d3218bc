import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startSimulator, type SimulatorHandle } from '@tranche/bybit-sim';
import { eventTypes, marketdata, snapshotSubject, Subjects, tradeSubject } from '@tranche/contracts';
import {
  ServiceProcess,
  startNatsServer,
  startRedisServer,
  waitFor,
  type ManagedServer,
} from '@tranche/testing';
import { decodeMessage, RpcClient } from '@tranche/transport';
import { ROOT } from './cluster.js';

const CAPTURE = resolve(ROOT, '../shared/data/binance/hftbacktest_binance-usdm_btcusdt_20240808.gz');
const present = existsSync(CAPTURE);
if (!present) console.warn(`skipping the market-data service against the simulator: ${CAPTURE} is absent`);

(present ? describe : describe.skip)(
  'market-data service on the Bybit feed, against the venue simulator',
  () => {
    let nats: ManagedServer;
    let redisServer: ManagedServer;
    let sim: SimulatorHandle;
    let service: ServiceProcess;
    let nc: NatsConnection;
    let redis: Redis;
    let driver: NodeJS.Timeout;

    beforeAll(async () => {
      [nats, redisServer] = await Promise.all([startNatsServer(), startRedisServer()]);
      sim = await startSimulator({
        port: 0,
        speed: 'manual',
        market: { type: 'replay', files: [{ path: CAPTURE }] },
      });
      sim.advance(2_000);
      service = new ServiceProcess('market-data', join(ROOT, 'apps/market-data/dist/main.js'), {
        NATS_URL: nats.url,
        REDIS_URL: redisServer.url,
        HEALTH_PORT: '0',
        MD_SOURCE: 'bybit',
        MD_SYMBOLS: 'BTCUSDT',
        MD_KLINE_BACKFILL_MINUTES: '0',
        BYBIT_WS_PUBLIC_URL: `${sim.wsUrl}/v5/public/linear`,
        BYBIT_REST_URL: sim.restUrl,
      }).start();
      await service.waitForLog(/market-data ready/, 60_000);
      nc = await connect({ servers: nats.url });
      redis = new Redis(redisServer.url);
      // Replay the capture at about real time while the test watches.
      driver = setInterval(() => sim.advance(100), 100);
    }, 120_000);

    afterAll(async () => {
      clearInterval(driver);
      redis?.disconnect();
      await nc?.close();
      await service?.stop();
      await sim?.close();
      await nats?.dispose();
      await redisServer?.dispose();
    }, 60_000);

    it('publishes snapshots built from the simulator book and trades on NATS, caches the latest in Redis, and answers requests', async () => {
      const snapshots: marketdata.MarketSnapshot[] = [];
      const trades: marketdata.Trade[] = [];
      nc.subscribe(snapshotSubject('BTCUSDT'), {
        callback: (_e, m) =>
          void snapshots.push(decodeMessage(eventTypes.snapshot, m.data, m.headers, m.subject)),
      });
      nc.subscribe(tradeSubject('BTCUSDT'), {
        callback: (_e, m) => void trades.push(decodeMessage(eventTypes.trade, m.data, m.headers, m.subject)),
      });
      await waitFor(
        'snapshots and trades on NATS',
        () => snapshots.length >= 5 && trades.length > 0,
        30_000,
      ).catch((e: Error) => {
        throw new Error(`${e.message}\n${service.logs()}`);
      });

      const s = snapshots.at(-1)!;
      expect(s.source).toBe('bybit');
      expect(Number(s.bestAsk)).toBeGreaterThan(Number(s.bestBid));
      expect(s.bids.length).toBe(10); // the feature engine keeps the best ten levels per side
      expect(Number(s.mid)).toBeCloseTo((Number(s.bestBid) + Number(s.bestAsk)) / 2, 6);
      // The book time is local, and the age is measured from it when the snapshot was built.
      expect(Number(s.bookUpdatedAt)).toBeGreaterThan(0);
      expect(Number(s.ageMs)).toBe(Number(s.tsInit) - Number(s.bookUpdatedAt));
      // Snapshot sequence numbers only grow: the latest value wins, nothing is re-ordered.
      const seqs = snapshots.map((x) => Number(x.sequence));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

      // The touch is the simulator's own, once the replay is paused.
      clearInterval(driver);
      await new Promise((r) => setTimeout(r, 300));
      const book = (await (
        await fetch(`${sim.restUrl}/v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=1`)
      ).json()) as { result: { b: string[][]; a: string[][] } };
      const rpc = new RpcClient(nc, 5000);
      await waitFor(
        'get_snapshot to reach the simulator touch',
        async () => {
          const r = await rpc.request(
            Subjects.getSnapshot,
            marketdata.GetSnapshotRequest.create({ symbol: 'BTCUSDT' }),
          );
          return (
            r.found &&
            Number(r.snapshot!.bestBid) === Number(book.result.b[0]![0]) &&
            Number(r.snapshot!.bestAsk) === Number(book.result.a[0]![0])
          );
        },
        15_000,
      );

      const ttl = await redis.pttl('tranche:md:snapshot:BTCUSDT');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(5000);
      expect(trades[0]!.price).toMatch(/^\d+(\.\d+)?$/);
    }, 90_000);
  },
);
