import type { NatsConnection } from '@nats-io/transport-node';
import type { MarketFeatures } from '@tranche/bybit';
import { marketdata } from '@tranche/contracts';
import type { RedisSnapshotCache } from '@tranche/infra';
import { featuresToSnapshot } from './features-to-snapshot.js';
import { marketDataReadiness, type SourceHealth } from './readiness.js';
import { LatestSnapshots, SnapshotOutlet, SyntheticSource } from './sources.js';

const NOW = 1_700_000_000_000;
const healthySource: SourceHealth = { ready: true, problems: [], detail: { source: 'test' } };

function snapshot(symbol: string, bookUpdatedAt: number): marketdata.MarketSnapshot {
  return marketdata.MarketSnapshot.create({ symbol, tsInit: NOW, bookUpdatedAt, ageMs: NOW - bookUpdatedAt });
}

describe('market-data readiness', () => {
  const base = {
    now: NOW,
    staleAfterMs: 5000,
    symbols: ['BTCUSDT', 'ETHUSDT'],
    natsConnected: true,
    source: healthySource,
  };

  it('is ready when every symbol has a snapshot of a book younger than the limit and the source is healthy', () => {
    const latest = new Map([
      ['BTCUSDT', snapshot('BTCUSDT', NOW - 40)],
      ['ETHUSDT', snapshot('ETHUSDT', NOW - 5000)],
    ]);
    const r = marketDataReadiness({ ...base, latest });
    expect(r.ok).toBe(true);
    expect(r.detail).toMatchObject({
      problems: [],
      published: { BTCUSDT: { ageMs: 40 }, ETHUSDT: { ageMs: 5000 } },
      source: 'test',
    });
  });

  it('is not ready when a published snapshot carries a book older than the limit, however recently it was built', () => {
    // Rebuilt and republished just now (tsInit = NOW) from a book frozen two minutes ago.
    const latest = new Map([
      ['BTCUSDT', snapshot('BTCUSDT', NOW - 120_000)],
      ['ETHUSDT', snapshot('ETHUSDT', NOW - 10)],
    ]);
    const r = marketDataReadiness({ ...base, latest });
    expect(r.ok).toBe(false);
    expect(r.detail.problems).toEqual([
      "BTCUSDT: latest snapshot's book is 120000 ms old (MD_STALE_AFTER_MS=5000)",
    ]);
  });

  it('is not ready when a configured symbol has nothing published, or carries no book time at all', () => {
    const r = marketDataReadiness({ ...base, latest: new Map([['BTCUSDT', snapshot('BTCUSDT', 0)]]) });
    expect(r.ok).toBe(false);
    expect(r.detail.problems).toEqual([
      `BTCUSDT: latest snapshot's book is ${NOW} ms old (MD_STALE_AFTER_MS=5000)`,
      'ETHUSDT: no snapshot published yet',
    ]);
  });

  it('is not ready when the source says a book is invalid, even with fresh snapshots cached', () => {
    const latest = new Map([
      ['BTCUSDT', snapshot('BTCUSDT', NOW - 10)],
      ['ETHUSDT', snapshot('ETHUSDT', NOW - 10)],
    ]);
    const source: SourceHealth = {
      ready: false,
      problems: ['BTCUSDT: order book not usable (awaiting-snapshot, resyncing, 7 attempts)'],
      detail: {},
    };
    const r = marketDataReadiness({ ...base, latest, source });
    expect(r).toMatchObject({ ok: false, detail: { problems: source.problems } });
    expect(marketDataReadiness({ ...base, latest, natsConnected: false }).detail.problems).toEqual([
      'NATS connection closed',
    ]);
  });
});

describe('snapshot age on the wire', () => {
  it('carries bookUpdatedAt and ageMs from the Bybit feed features', () => {
    const f = {
      symbol: 'BTCUSDT',
      tsEvent: NOW - 200,
      tsInit: NOW,
      bookUpdatedAt: NOW - 130_000,
      ageMs: 130_000,
      bids: [],
      asks: [],
      realizedVol1h: 0,
      averageDailyVolume: null,
      intradayVolumeProfile: [],
      fundingRate: null,
      nextFundingTimeMs: null,
      openInterest: null,
      openInterestChange: null,
      markPrice: null,
      indexPrice: null,
    } as unknown as MarketFeatures;
    const s = featuresToSnapshot(f, 1);
    expect([s.tsInit, s.bookUpdatedAt, s.ageMs]).toEqual([NOW, NOW - 130_000, 130_000]);
    const back = marketdata.MarketSnapshot.decode(marketdata.MarketSnapshot.encode(s).finish());
    expect(Number(back.bookUpdatedAt)).toBe(NOW - 130_000);
    expect(Number(back.ageMs)).toBe(130_000);
  });

  it('stamps synthetic snapshots with their own time as the book time, and reports the synthetic source stale when it stops moving', async () => {
    let now = NOW;
    const published: marketdata.MarketSnapshot[] = [];
    const nc = { publish: () => undefined } as unknown as NatsConnection;
    const cache = {
      put: async (s: marketdata.MarketSnapshot) => void published.push(s),
    } as unknown as RedisSnapshotCache;
    const source = new SyntheticSource(
      new SnapshotOutlet(nc, cache, new LatestSnapshots()),
      ['BTCUSDT'],
      1,
      60_000,
      () => now,
    );
    expect(source.health(5000)).toMatchObject({
      ready: false,
      problems: ['BTCUSDT: synthetic market not started'],
    });
    await source.start();
    try {
      expect(published).toHaveLength(1);
      expect([published[0]!.tsInit, published[0]!.bookUpdatedAt, published[0]!.ageMs]).toEqual([NOW, NOW, 0]);
      now += 5000;
      expect(source.health(5000).ready).toBe(true);
      now += 1;
      expect(source.health(5000)).toMatchObject({
        ready: false,
        problems: ['BTCUSDT: synthetic market last moved 5001 ms ago'],
      });
    } finally {
      await source.stop();
    }
  });
});
