import { feedHarness, ob, T0 } from '../../test/support/feed-harness.js';

describe('feed health: ready only while every book is usable and fresh', () => {
  it('follows the book through start, staleness, a crossed update and recovery', async () => {
    const { ws, feed, advance } = feedHarness({ symbols: ['BTCUSDT'], staleAfterMs: 1000 });
    expect(feed.health()).toMatchObject({ ready: false, books: [{ ageMs: null, stale: true }] });
    await feed.start();
    expect(feed.health()).toMatchObject({ ready: false, books: [{ state: 'empty', usable: false }] });

    ws.emit('update', ob('snapshot', 10));
    expect(feed.health()).toEqual({
      ready: true,
      books: [
        {
          symbol: 'BTCUSDT',
          usable: true,
          state: 'live',
          updatedAt: T0,
          ageMs: 0,
          stale: false,
          resyncing: false,
          resyncAttempts: 0,
        },
      ],
    });

    // Within the limit: ready. Past it without an applied update: not ready.
    await advance(1000);
    expect(feed.health().ready).toBe(true);
    ws.emit('update', ob('delta', 11));
    await advance(999);
    expect(feed.health().ready).toBe(true);
    await advance(2);
    expect(feed.health()).toMatchObject({
      ready: false,
      books: [{ usable: true, stale: true, ageMs: 1001 }],
    });
    // A caller may ask with its own limit.
    expect(feed.health(5000).ready).toBe(true);

    // Fresh but crossed: not ready either.
    ws.emit('update', ob('snapshot', 20));
    ws.emit('update', ob('delta', 21, '101.2', '101'));
    expect(feed.health()).toMatchObject({ ready: false, books: [{ usable: false, resyncing: true }] });
    ws.emit('update', ob('snapshot', 22));
    expect(feed.health().ready).toBe(true);
    feed.stop();
    expect(feed.health().ready).toBe(false);
  });

  it('is not ready while any configured symbol is not', async () => {
    const { ws, feed } = feedHarness({ symbols: ['BTCUSDT', 'ETHUSDT'] });
    await feed.start();
    ws.emit('update', ob('snapshot', 10));
    const h = feed.health();
    expect(h.ready).toBe(false);
    expect(h.books.map((b) => [b.symbol, b.usable])).toEqual([
      ['BTCUSDT', true],
      ['ETHUSDT', false],
    ]);
    feed.stop();
  });

  it('is not ready on a one-sided book', async () => {
    const { ws, feed } = feedHarness();
    await feed.start();
    ws.emit('update', {
      topic: 'orderbook.50.BTCUSDT',
      type: 'snapshot',
      ts: 1,
      data: { s: 'BTCUSDT', b: [['100', '1']], a: [], u: 5, seq: 5 },
    });
    expect(feed.health()).toMatchObject({ ready: false, books: [{ state: 'live', usable: false }] });
    feed.stop();
  });
});
