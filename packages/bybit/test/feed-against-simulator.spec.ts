import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { startSimulator, type SimulatorHandle } from '@tranche/bybit-sim';
import { BybitPublicFeed } from '../src/market-data/public-feed.js';
import { repoRoot } from './support/data.js';
import { waitFor } from './support/fake-bybit-server.js';

const CAPTURE = resolve(repoRoot(), '../shared/data/binance/hftbacktest_binance-usdm_btcusdt_20240808.gz');
const present = existsSync(CAPTURE);
if (!present) console.warn(`skipping the feed-against-simulator tests: ${CAPTURE} is absent`);

const SYMBOL = 'BTCUSDT';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface RestBook {
  b: string[][];
  a: string[][];
}

(present ? describe : describe.skip)(
  'BybitPublicFeed against the venue simulator replaying the Binance BTCUSDT capture',
  () => {
    let sim: SimulatorHandle;
    let feed: BybitPublicFeed;

    beforeAll(async () => {
      sim = await startSimulator({
        port: 0,
        speed: 'manual',
        market: { type: 'replay', files: [{ path: CAPTURE }] },
      });
      // Move into the capture so the book is populated before the feed subscribes.
      sim.advance(2_000);
      feed = new BybitPublicFeed({
        symbols: [SYMBOL],
        depth: 50,
        wsUrl: `${sim.wsUrl}/v5/public/linear`,
        restBaseUrl: sim.restUrl,
        reconnectTimeoutMs: 50,
        staleAfterMs: 600_000,
        klineBackfillMinutes: 0,
        logger: silent,
      });
      await feed.start();
    }, 60_000);

    afterAll(async () => {
      feed?.stop();
      await sim?.close();
    });

    async function restBook(): Promise<RestBook> {
      const r = (await (
        await fetch(`${sim.restUrl}/v5/market/orderbook?category=linear&symbol=${SYMBOL}&limit=50`)
      ).json()) as { result: RestBook };
      return r.result;
    }

    /** Our book's top 50 levels, as numbers, against the simulator's own (REST) top 50. */
    async function inSync(): Promise<boolean> {
      const book = feed.book(SYMBOL);
      if (!book || book.state !== 'live') return false;
      const venue = await restBook();
      const ours = book.toLevels();
      const same = (a: string[][], b: [string, string][]) =>
        a.length === Math.min(50, b.length) &&
        a.every(([p, q], i) => Number(p) === Number(b[i]![0]) && Number(q) === Number(b[i]![1]));
      return same(venue.b, ours.bids) && same(venue.a, ours.asks);
    }

    async function expectInSync(what: string): Promise<void> {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        if (await inSync()) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      const venue = await restBook();
      const ours = feed.book(SYMBOL)?.toLevels();
      throw new Error(
        `${what}: book differs from the simulator's\nvenue bids ${JSON.stringify(venue.b.slice(0, 3))}\nours  bids ${JSON.stringify(ours?.bids.slice(0, 3))}`,
      );
    }

    it('matches the simulator after every replay step, and heals each injected fault within one resync', async () => {
      await expectInSync('initial snapshot');
      const m = () => feed.metrics.snapshot();
      for (let step = 0; step < 150; step++) {
        const before = m();
        if (step === 30) sim.faults.update({ deltaDrop: { count: 1 } });
        if (step === 60) sim.faults.update({ deltaDuplicate: { count: 1 } });
        if (step === 90) sim.faults.update({ bookRestart: { count: 1 } });
        if (step === 120) await fetch(`${sim.restUrl}/sim/ws/disconnect`, { method: 'POST', body: '{}' });
        sim.advance(50);
        if (step === 30) {
          // A lost delta shows only when the next one arrives: step on until it does.
          for (let k = 0; k < 40 && m().gaps === before.gaps; k++) {
            await new Promise((r) => setTimeout(r, 20));
            sim.advance(50);
          }
        }
        await expectInSync(`replay step ${step}`);
        const after = m();
        if (step === 30) {
          expect(after.gaps - before.gaps).toBe(1);
          expect(after.resyncs - before.resyncs).toBe(1);
        }
        if (step === 60) {
          await waitFor('duplicate counted', () => m().duplicates - before.duplicates === 1);
          expect(after.resyncs - before.resyncs).toBe(0);
        }
        if (step === 90) {
          await waitFor('restart counted', () => m().restarts - before.restarts === 1);
          expect(m().resyncs - before.resyncs).toBe(0);
        }
        if (step === 120) {
          await waitFor('reconnect counted', () => m().reconnects - before.reconnects === 1);
          expect(m().resyncs - before.resyncs).toBe(1);
        }
      }
      const total = m();
      expect([total.gaps, total.duplicates, total.restarts, total.reconnects]).toEqual([1, 1, 1, 1]);
      expect(total.resyncsByReason.gap).toBe(1);
      expect(total.resyncsByReason.reconnect).toBe(1);
      const check = await feed.crossCheck(SYMBOL, 50);
      expect(check.divergence).toBe(0);
    }, 120_000);
  },
);
