import { feedHarness, ob, T0 } from '../../test/support/feed-harness.js';
import { ResyncBackoff } from './resync-backoff.js';

describe('a resync retries with back-off until the book is valid', () => {
  it('doubles the wait from 250 ms up to 5 s', () => {
    const b = new ResyncBackoff();
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => b.delayAfter(n))).toEqual([
      250, 500, 1000, 2000, 4000, 5000, 5000, 5000,
    ]);
    expect(new ResyncBackoff({ initialMs: 100, maxMs: 300 }).delayAfter(3)).toBe(300);
  });

  it('asks again when the venue answers a crossed-book resync with a crossed snapshot, until a valid one comes', async () => {
    const { ws, feed, clock, resubscribes, advance } = feedHarness({ staleAfterMs: 600_000 });
    await feed.start();
    ws.emit('update', ob('snapshot', 10, '100', '101'));
    // Our resting bid crossed the venue's ask: the delta leaves the book crossed.
    ws.emit('update', ob('delta', 11, '101.5', '101'));
    await advance(0);
    expect(resubscribes()).toBe(1);

    // Every answer is still crossed, and deltas keep streaming meanwhile (dropped).
    let u = 12;
    const venueAnswersCrossed = () => {
      ws.emit('update', ob('snapshot', u++, '101.5', '101'));
      for (let i = 0; i < 5; i++) ws.emit('update', ob('delta', u++, '101.6', '101'));
    };
    venueAnswersCrossed();
    const attemptsAt: number[] = [];
    let seen = resubscribes();
    for (let t = 0; t < 20_000; t += 10) {
      await advance(10);
      if (resubscribes() > seen) {
        seen = resubscribes();
        attemptsAt.push(clock.now() - T0);
        venueAnswersCrossed();
      }
    }
    // Attempt 1 at 0, then after 250, 500, 1000, 2000, 4000, 5000, 5000 ms.
    expect(attemptsAt).toEqual([250, 750, 1750, 3750, 7750, 12750, 17750]);
    const m = feed.metrics.snapshot();
    expect(m.resyncs).toBe(1);
    expect(m.resyncsByReason.crossed).toBe(1);
    expect(m.resyncAttempts).toBe(8);
    expect(m.crossed).toBe(1 + 8);
    expect(m.droppedWhileResyncing).toBe(8 * 5);
    expect(feed.health().books[0]).toMatchObject({ usable: false, resyncing: true, resyncAttempts: 8 });

    // The venue's book is valid again: the next answer heals it and the retries stop.
    await advance(5000);
    ws.emit('update', ob('snapshot', 200, '100.9', '101'));
    expect(feed.book('BTCUSDT')!.isUsable()).toBe(true);
    const after = resubscribes();
    for (let i = 0; i < 100; i++) {
      ws.emit('update', ob('delta', 201 + i, '100.9', '101'));
      await advance(100);
    }
    expect(resubscribes()).toBe(after);
    expect(feed.health()).toMatchObject({ ready: true });
    expect(feed.health().books[0]).toMatchObject({ resyncing: false, resyncAttempts: 0 });
    feed.stop();
  });

  it('retries a resync whose snapshot never comes, with the same back-off, counting every attempt', async () => {
    const { ws, feed, resubscribes, advance } = feedHarness({ staleAfterMs: 600_000 });
    await feed.start();
    ws.emit('update', ob('snapshot', 10));
    ws.emit('update', ob('delta', 12)); // gap
    await advance(0);
    expect(resubscribes()).toBe(1);
    await advance(240);
    expect(resubscribes()).toBe(1);
    await advance(20);
    expect(resubscribes()).toBe(2);
    await advance(500);
    expect(resubscribes()).toBe(3);
    expect(feed.metrics.snapshot()).toMatchObject({ resyncs: 1, resyncAttempts: 3, gaps: 1 });
    expect(feed.metrics.snapshot().resyncsByReason).toMatchObject({ gap: 1, stale: 0 });
    feed.stop();
  });

  it('lets the SDK resubscribe after a reconnect, and retries itself when that snapshot is crossed', async () => {
    const { ws, feed, resubscribes, advance } = feedHarness({ staleAfterMs: 600_000 });
    await feed.start();
    ws.emit('update', ob('snapshot', 10));
    ws.emit('reconnect', { wsKey: 'v5LinearPublic' });
    await advance(0);
    expect(resubscribes()).toBe(0);
    ws.emit('update', ob('snapshot', 20, '102', '101')); // the SDK's resubscribe brings a crossed book
    await advance(260);
    expect(resubscribes()).toBe(1);
    ws.emit('update', ob('snapshot', 21, '100', '101'));
    await advance(5000);
    expect(resubscribes()).toBe(1);
    expect(feed.metrics.snapshot()).toMatchObject({ resyncs: 1, resyncAttempts: 2, reconnects: 1 });
    feed.stop();
  });
});
