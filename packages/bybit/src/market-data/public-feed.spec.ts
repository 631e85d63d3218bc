import { EventEmitter } from 'node:events';
import type { RestClientV5, WebsocketClient } from 'bybit-api';
import { ManualClock } from '../common/manual-clock.js';
import type { MarketFeatures } from './features.js';
import { BybitPublicFeed, type FeedEvent } from './public-feed.js';

/** Records what the feed asks of the SDK; the test plays the venue by emitting `update`. */
class FakeWsClient extends EventEmitter {
  readonly calls: string[] = [];
  subscribeV5(topics: string | string[]): Promise<unknown>[] {
    for (const t of ([] as string[]).concat(topics)) this.calls.push(`subscribe:${t}`);
    return [Promise.resolve()];
  }
  unsubscribeV5(topics: string | string[]): Promise<unknown>[] {
    for (const t of ([] as string[]).concat(topics)) this.calls.push(`unsubscribe:${t}`);
    return [Promise.resolve()];
  }
  closeAll(): void {
    this.calls.push('closeAll');
  }
}

const TOPIC = 'orderbook.50.BTCUSDT';

function ob(type: 'snapshot' | 'delta', u: number, bid = '100', ask = '101') {
  return {
    topic: TOPIC,
    type,
    ts: 1000 + u,
    data: { s: 'BTCUSDT', b: [[bid, '1']], a: [[ask, '1']], u, seq: u },
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

function setup(options: { staleAfterMs?: number } = {}) {
  const clock = new ManualClock(1_700_000_000_000);
  const ws = new FakeWsClient();
  const events: FeedEvent[] = [];
  const published: MarketFeatures[] = [];
  const feed = new BybitPublicFeed({
    symbols: ['BTCUSDT'],
    wsClient: ws as unknown as WebsocketClient,
    restClient: {} as RestClientV5,
    clock,
    timer: clock,
    staleAfterMs: options.staleAfterMs ?? 1000,
    watchdogIntervalMs: 100,
    klineBackfillMinutes: 0,
    snapshots: { sink: (_s, f) => void published.push(f), cadenceMs: 100, idleRepublishMs: 60_000 },
    onEvent: (e) => events.push(e),
  });
  const resubscribes = () => ws.calls.filter((c) => c === `unsubscribe:${TOPIC}`).length;
  return { clock, ws, feed, events, published, resubscribes };
}

describe(BybitPublicFeed.name, () => {
  it('subscribes book, trades, tickers and liquidations for each symbol', async () => {
    const { ws, feed } = setup();
    await feed.start();
    expect(ws.calls).toEqual([
      `subscribe:${TOPIC}`,
      'subscribe:publicTrade.BTCUSDT',
      'subscribe:tickers.BTCUSDT',
      'subscribe:allLiquidation.BTCUSDT',
    ]);
    feed.stop();
    expect(ws.listenerCount('update')).toBe(0);
    expect(ws.calls.at(-1)).toBe('closeAll');
  });

  it('resubscribes once per fault, however many deltas arrive before the snapshot', async () => {
    const { ws, feed, resubscribes } = setup();
    await feed.start();
    ws.emit('update', ob('snapshot', 10));
    ws.emit('update', ob('delta', 12)); // gap
    ws.emit('update', ob('delta', 13));
    ws.emit('update', ob('delta', 15)); // still waiting: dropped, no second resync
    await settle();
    expect(resubscribes()).toBe(1);
    expect(ws.calls.slice(-2)).toEqual([`unsubscribe:${TOPIC}`, `subscribe:${TOPIC}`]);
    expect(feed.metrics.snapshot()).toMatchObject({ gaps: 1, resyncs: 1, droppedWhileResyncing: 2 });
    ws.emit('update', ob('snapshot', 20));
    expect(feed.book('BTCUSDT')!.isUsable()).toBe(true);
    ws.emit('update', ob('delta', 22)); // a new fault after recovery gets its own resync
    await settle();
    expect(resubscribes()).toBe(2);
    feed.stop();
  });

  it('retries a resync whose snapshot never comes, without waiting for the watchdog', async () => {
    const { ws, feed, clock, resubscribes } = setup({ staleAfterMs: 1000 });
    await feed.start();
    ws.emit('update', ob('snapshot', 10));
    ws.emit('update', ob('delta', 12));
    await settle();
    expect(resubscribes()).toBe(1);
    clock.advance(200);
    await settle();
    expect(resubscribes()).toBe(1);
    clock.advance(100);
    await settle();
    expect(resubscribes()).toBe(2);
    // One fault, one resync, however many attempts it takes.
    expect(feed.metrics.snapshot().resyncsByReason).toMatchObject({ gap: 1, stale: 0 });
    expect(feed.metrics.snapshot().resyncAttempts).toBe(2);
    feed.stop();
  });

  it('invalidates books on reconnect and leaves resubscribing to the SDK', async () => {
    const { ws, feed, events, resubscribes } = setup();
    await feed.start();
    ws.emit('update', ob('snapshot', 10));
    ws.emit('reconnect', { wsKey: 'v5LinearPublic' });
    await settle();
    expect(feed.book('BTCUSDT')!.isUsable()).toBe(false);
    expect(resubscribes()).toBe(0);
    ws.emit('update', ob('delta', 11)); // a late delta from the old connection is not applied
    expect(feed.book('BTCUSDT')!.updateId).toBe(10);
    ws.emit('update', ob('snapshot', 30));
    expect(feed.book('BTCUSDT')!.isUsable()).toBe(true);
    const m = feed.metrics.snapshot();
    expect([m.reconnects, m.resyncsByReason.reconnect, m.droppedWhileResyncing]).toEqual([1, 1, 1]);
    expect(events.filter((e) => e.type === 'connection').map((e) => (e as { state: string }).state)).toEqual([
      'reconnecting',
    ]);
    feed.stop();
  });

  it('publishes features through the injected sink on the injected clock', async () => {
    const { ws, feed, clock, published } = setup();
    await feed.start();
    ws.emit('update', ob('snapshot', 10, '100', '101'));
    expect(published).toHaveLength(0); // never inside the ingest call
    clock.advance(0);
    expect(published.map((f) => [f.bookUpdateId, f.bestBid, f.mid])).toEqual([[10, '100', '100.5']]);
    ws.emit('update', ob('delta', 11, '100.0001', '101')); // tiny change: waits for the cadence
    clock.advance(0);
    expect(published).toHaveLength(1);
    clock.advance(100);
    expect(published.at(-1)!.bookUpdateId).toBe(11);
    expect(feed.metrics.snapshot().publishes).toBe(2);
    feed.stop();
  });
});
