import type { BybitOrderbookMessage } from '../src/common/venue-types.js';
import type { Logger } from '../src/common/logger.js';
import type { MarketFeatures } from '../src/market-data/features.js';
import { BybitPublicFeed, type FeedEvent } from '../src/market-data/public-feed.js';
import { readBybitArchiveLines } from '../src/replay/archive.js';
import { toDepthStream } from '../src/replay/depth-stream.js';
import { OB500_SAMPLE, sampleAvailable } from './support/data.js';
import { FakeBybitServer, waitFor } from './support/fake-bybit-server.js';

const SYMBOL = 'XRPUSDT';

/** Collects log lines so a test can check nothing unexpected (or secret) was logged. */
function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string, context?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${JSON.stringify(context ?? {})}`);
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

const withData = sampleAvailable() ? describe : describe.skip;

withData('BybitPublicFeed against a local Bybit-format server replaying the archive sample', () => {
  let stream: BybitOrderbookMessage[] = [];
  let server: FakeBybitServer;
  let feed: BybitPublicFeed | undefined;

  beforeAll(() => {
    const deep = readBybitArchiveLines(OB500_SAMPLE).map((l) => JSON.parse(l) as BybitOrderbookMessage);
    stream = toDepthStream(deep, 50);
  });

  beforeEach(async () => {
    server = new FakeBybitServer(SYMBOL, 50);
    await server.listen();
    server.load(stream[0]!);
  });

  afterEach(async () => {
    feed?.stop();
    feed = undefined;
    await server.close();
  });

  function makeFeed(extra: Partial<ConstructorParameters<typeof BybitPublicFeed>[0]> = {}) {
    const events: FeedEvent[] = [];
    const published: MarketFeatures[] = [];
    const logger = memoryLogger();
    const f = new BybitPublicFeed({
      symbols: [SYMBOL],
      depth: 50,
      wsUrl: `ws://127.0.0.1:${server.port}/v5/public/linear`,
      restBaseUrl: `http://127.0.0.1:${server.port}`,
      reconnectTimeoutMs: 50,
      // Long enough that the watchdog never fires between steps of the main scenario.
      staleAfterMs: 60_000,
      klineBackfillMinutes: 120,
      snapshots: { sink: (_s, v) => void published.push(v), cadenceMs: 20 },
      onEvent: (e) => events.push(e),
      logger,
      ...extra,
    });
    feed = f;
    return { feed: f, events, published, logger };
  }

  /** Waits until the feed holds the server's latest `u` on a live book, then compares every level. */
  async function expectInSync(f: BybitPublicFeed, what: string): Promise<void> {
    const book = f.book(SYMBOL)!;
    await waitFor(
      `${what}: book at u=${server.u}`,
      () => book.state === 'live' && book.updateId === server.u,
    );
    expect(book.toLevels()).toEqual(server.book.toLevels());
  }

  it('keeps the book equal to the server after every message, through gaps, duplicates, restarts, disconnects and a crossed message', async () => {
    const { feed: f, events, published } = makeFeed();
    await f.start();
    await expectInSync(f, 'initial snapshot');
    const metrics = () => f.metrics.snapshot();
    const bookTopicOps = () => server.ops.filter((o) => o.endsWith(server.bookTopic));
    let faults = 0;

    for (let i = 1; i < stream.length; i++) {
      const delta = stream[i]!;
      if (i === 5) {
        // Lost message: the server moves on, the client sees the gap on the next one.
        server.step(delta, false);
        server.step(stream[++i]!);
        await waitFor('gap counted', () => metrics().gaps === 1);
        await expectInSync(f, 'after gap');
        expect(bookTopicOps().slice(-2)).toEqual([
          `unsubscribe:${server.bookTopic}`,
          `subscribe:${server.bookTopic}`,
        ]);
        faults++;
      } else if (i === 10) {
        server.step(delta);
        await expectInSync(f, `message ${i}`);
        server.repeatLast();
        await waitFor('duplicate counted', () => metrics().duplicates === 1);
        await expectInSync(f, 'after duplicate');
        faults++;
      } else if (i === 15) {
        server.restart(delta);
        await waitFor('restart counted', () => metrics().restarts === 1);
        await expectInSync(f, 'after u=1 restart');
        expect(f.book(SYMBOL)!.updateId).toBe(1);
        faults++;
      } else if (i === 20) {
        const opsBefore = bookTopicOps().length;
        // A change the client never receives, then the connection drops: the snapshot it gets on
        // return must carry that change.
        server.step(delta, false);
        server.dropConnections();
        await waitFor('disconnect seen', () => metrics().reconnects === 1);
        await waitFor('resubscribed', () => bookTopicOps().length > opsBefore);
        await expectInSync(f, 'after reconnect');
        faults++;
      } else if (i === 25) {
        server.sendCrossing();
        await waitFor('crossed counted', () => metrics().crossed === 1);
        await expectInSync(f, 'after crossed message');
        faults++;
      } else {
        server.step(delta);
        await expectInSync(f, `message ${i}`);
      }
    }
    expect(faults).toBe(5);

    const m = metrics();
    expect([m.gaps, m.duplicates, m.restarts, m.reconnects, m.crossed]).toEqual([1, 1, 1, 1, 1]);
    // One resync per fault that needs one: gap, crossed, reconnect (duplicates and restarts heal in place).
    expect(m.resyncsByReason).toEqual({
      gap: 1,
      crossed: 1,
      malformed: 0,
      stale: 0,
      reconnect: 1,
      manual: 0,
    });
    expect(m.resyncs).toBe(3);
    expect(m.malformed).toBe(0);
    expect(events.filter((e) => e.type === 'resync')).toHaveLength(3);

    // The REST cross-check reads the server's book: no divergence.
    const check = await f.crossCheck(SYMBOL);
    expect(check.bookUsable).toBe(true);
    expect(check.divergence).toBe(0);
    expect(check.levelsCompared).toBeGreaterThan(50);
    expect(f.metrics.snapshot().divergenceChecks).toBe(1);

    // Snapshots were published through the injected sink, the newest one matching the book.
    await waitFor('a publish of the final book', () => published.at(-1)?.bookUpdateId === server.u);
    const last = published.at(-1)!;
    expect(last.bestBid).toBe(server.book.toLevels().bids[0]![0]);
    expect(last.bestAsk).toBe(server.book.toLevels().asks[0]![0]);
    expect(f.metrics.snapshot().publishes).toBeGreaterThan(0);
  });

  it('backfills klines over REST and carries trades, tickers and liquidations through the SDK', async () => {
    const { feed: f, events } = makeFeed();
    await f.start();
    await expectInSync(f, 'initial snapshot');
    expect(events.find((e) => e.type === 'backfill')).toEqual({
      type: 'backfill',
      symbol: SYMBOL,
      klines: 120,
    });

    const now = Date.now();
    server.sendTopic(`publicTrade.${SYMBOL}`, {
      type: 'snapshot',
      ts: now,
      data: [
        { T: now, s: SYMBOL, S: 'Buy', v: '150', p: '1.9535', L: 'PlusTick', i: 't-1', BT: false, seq: 1 },
      ],
    });
    server.sendTopic(`tickers.${SYMBOL}`, {
      type: 'snapshot',
      ts: now,
      cs: 1,
      data: {
        symbol: SYMBOL,
        markPrice: '1.9534',
        indexPrice: '1.9530',
        fundingRate: '0.0001',
        nextFundingTime: String(now + 3_600_000),
        openInterest: '1000000',
      },
    });
    server.sendTopic(`tickers.${SYMBOL}`, {
      type: 'delta',
      ts: now,
      cs: 2,
      data: { symbol: SYMBOL, openInterest: '1000500' },
    });
    server.sendTopic(`allLiquidation.${SYMBOL}`, {
      type: 'snapshot',
      ts: now,
      data: [{ T: now, s: SYMBOL, S: 'Buy', v: '1000', p: '1.9' }],
    });
    await waitFor(
      'all side topics',
      () => f.metrics.liquidationMessages === 1 && f.metrics.tickerMessages === 2,
    );
    const features = f.features(SYMBOL)!;
    expect(features.lastTrades.map((t) => [t.price, t.size, t.side])).toEqual([['1.9535', '150', 'buy']]);
    expect(features.volume1m).toBe(150);
    expect(features.openInterest).toBe(1000500);
    expect(features.markPrice).toBe('1.9534');
    expect(features.fundingRate).toBe(0.0001);
    expect(features.liquidationFlow).toBeCloseTo(-1900, 9);
    // 119 closed backfilled minutes at 2 per minute (the live minute comes from trades), scaled to a day.
    expect(features.averageDailyVolume).not.toBeNull();
  });

  it('resyncs a silent book from the watchdog and recovers the changes it missed', async () => {
    const { feed: f } = makeFeed({ staleAfterMs: 300, watchdogIntervalMs: 25 });
    await f.start();
    await expectInSync(f, 'initial snapshot');
    // The server's book moves but nothing reaches the client.
    server.step(stream[1]!, false);
    server.step(stream[2]!, false);
    await waitFor('stale resync', () => f.metrics.resyncsByReason.stale >= 1);
    await expectInSync(f, 'after stale resync');
    expect(f.metrics.snapshot().maxStalenessMs).toBeGreaterThan(300);
  });

  it('never logs SDK error objects raw when REST fails', async () => {
    const { feed: f, logger } = makeFeed({ restBaseUrl: `http://127.0.0.1:${server.port}/nowhere` });
    await f.start();
    await expect(f.crossCheck(SYMBOL)).rejects.toThrow(/cross-check request failed: code=404/);
    expect(logger.lines.some((l) => l.includes('kline backfill failed'))).toBe(true);
    expect(logger.lines.join('\n')).not.toMatch(/requestOptions|secret/);
  });
});
