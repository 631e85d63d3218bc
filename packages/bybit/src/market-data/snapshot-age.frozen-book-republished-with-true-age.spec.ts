import { feedHarness, ob, T0 } from '../../test/support/feed-harness.js';
import { L2Book } from './l2-book.js';

describe('snapshot age: every published snapshot says how old its book is', () => {
  it('stamps bookUpdatedAt with the local time of the last applied update and ageMs = tsInit - bookUpdatedAt', async () => {
    const { ws, feed, clock, published, advance } = feedHarness({ staleAfterMs: 600_000 });
    await feed.start();
    await advance(40);
    ws.emit('update', ob('snapshot', 10));
    await advance(0);
    expect(published.at(-1)).toMatchObject({ tsInit: T0 + 40, bookUpdatedAt: T0 + 40, ageMs: 0 });
    await advance(30);
    ws.emit('update', ob('delta', 11, '100.5', '101'));
    await advance(0);
    expect(published.at(-1)).toMatchObject({ bookUpdateId: 11, bookUpdatedAt: T0 + 70, ageMs: 0 });
    expect(clock.now()).toBe(T0 + 70);
  });

  it('keeps republishing a frozen book with its true, growing age, even across a resync that only confirms it', async () => {
    const { ws, feed, published, advance } = feedHarness({ staleAfterMs: 600_000 });
    await feed.start();
    ws.emit('update', ob('snapshot', 10));
    ws.emit('update', ob('delta', 11));
    await advance(0);
    const updatedAt = published.at(-1)!.bookUpdatedAt;
    expect(updatedAt).toBe(T0);

    // Nothing moves for 5 s; the idle republish (every 1 s) goes on.
    await advance(2500);
    feed.resync('BTCUSDT', 'manual');
    ws.emit('update', ob('snapshot', 11)); // same u: the venue's book has not moved
    await advance(2500);
    const idle = published.slice(1);
    expect(idle.length).toBeGreaterThanOrEqual(4);
    for (const f of idle) {
      expect(f.bookUpdatedAt).toBe(updatedAt);
      expect(f.ageMs).toBe(f.tsInit - updatedAt);
    }
    expect(idle.at(-1)!.ageMs).toBeGreaterThanOrEqual(4000);
    feed.stop();
  });

  it('counts a restart or a snapshot with a new u as an update, and a repeated u as none', () => {
    const book = new L2Book('BTCUSDT');
    const snap = (u: number, at: number) =>
      book.apply(
        {
          symbol: 'BTCUSDT',
          kind: 'snapshot',
          bids: [['100', '1']],
          asks: [['101', '1']],
          updateId: u,
          seq: u,
          tsEvent: 1,
          tsMatch: 1,
        },
        at,
      );
    expect(snap(10, 1000)).toBe('snapshot');
    expect(book.updatedAt).toBe(1000);
    expect(snap(10, 2000)).toBe('snapshot');
    expect(book.updatedAt).toBe(1000);
    expect(snap(12, 3000)).toBe('snapshot');
    expect(book.updatedAt).toBe(3000);
    expect(snap(1, 4000)).toBe('restart');
    expect(book.updatedAt).toBe(4000);
  });
});
