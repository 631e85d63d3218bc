import { feedHarness, ob } from '../../test/support/feed-harness.js';

describe('staleness runs from the last applied update', () => {
  it('is not reset by deltas dropped while a book waits for a usable snapshot', async () => {
    const { ws, feed, advance } = feedHarness({ staleAfterMs: 5000, resyncBackoff: { initialMs: 60_000 } });
    await feed.start();
    ws.emit('update', ob('snapshot', 10));
    ws.emit('update', ob('snapshot', 11, '101', '101')); // crossed answer: the book stays unusable
    let u = 12;
    for (let i = 0; i < 150; i++) {
      await advance(20);
      ws.emit('update', ob('delta', u++)); // dropped: awaiting a snapshot
    }
    const m = feed.metrics.snapshot();
    expect(m.droppedWhileResyncing).toBe(150);
    expect(m.currentStalenessMs).toBe(3000);
    expect(feed.health().books[0]).toMatchObject({ usable: false, ageMs: 3000, stale: false });
    feed.stop();
  });

  it('lets the watchdog resync a valid book whose messages are all duplicates', async () => {
    const { ws, feed, resubscribes, advance } = feedHarness({ staleAfterMs: 1000, watchdogIntervalMs: 100 });
    await feed.start();
    ws.emit('update', ob('snapshot', 10));
    ws.emit('update', ob('delta', 11));
    // The venue keeps repeating old updates: every message arrives, none moves the book.
    for (let i = 0; i < 60; i++) {
      await advance(20);
      ws.emit('update', ob('delta', 11));
    }
    // Duplicates until the watchdog's resync at 1100 ms, dropped while it waits after that.
    expect([feed.metrics.duplicates, feed.metrics.droppedWhileResyncing]).toEqual([54, 6]);
    expect(resubscribes()).toBe(1);
    expect(feed.metrics.snapshot().resyncsByReason.stale).toBe(1);
    feed.stop();
  });

  it('keeps a frozen book stale through a resync that only confirms it, asking again with back-off', async () => {
    const { ws, feed, resubscribes, advance } = feedHarness({ staleAfterMs: 1000, watchdogIntervalMs: 100 });
    await feed.start();
    ws.emit('update', ob('snapshot', 10));
    ws.emit('update', ob('delta', 11));
    // The venue's market has stopped; each resubscribe brings the same book at the same u.
    const confirm = () => ws.emit('update', ob('snapshot', 11));
    let seen = 0;
    const attemptsAt: number[] = [];
    for (let t = 10; t <= 12_000; t += 10) {
      await advance(10);
      if (resubscribes() > seen) {
        seen = resubscribes();
        attemptsAt.push(t);
        confirm();
      }
    }
    // Stale from 1000 ms (seen at the 1100 ms watchdog tick), then each confirmation leaves it
    // stale and the watchdog asks again after 250, 500, 1000, 2000, 4000 ms (on its 100 ms grid).
    expect(attemptsAt).toEqual([1100, 1400, 1900, 2900, 4900, 8900]);
    expect(feed.health().books[0]).toMatchObject({ usable: true, stale: true, ageMs: 12_000 });
    expect(feed.features('BTCUSDT')).toMatchObject({ bookUpdateId: 11, ageMs: 12_000 });

    // The market moves again: one delta makes it fresh and the back-off starts over.
    ws.emit('update', ob('delta', 12));
    expect(feed.health()).toMatchObject({ ready: true });
    expect(feed.health().books[0]).toMatchObject({ ageMs: 0, resyncAttempts: 0 });
    feed.stop();
  });
});
