import fc from 'fast-check';
import { parseOrderbook } from '../common/parse.js';
import type { BybitOrderbookMessage } from '../common/venue-types.js';
import { readBybitArchiveLines } from '../replay/archive.js';
import { toDepthStream } from '../replay/depth-stream.js';
import { OB500_SAMPLE, sampleAvailable } from '../../test/support/data.js';
import { ReferenceBook } from '../../test/support/reference-book.js';
import { L2Book } from './l2-book.js';
import type { OrderbookUpdate, RawLevel } from './types.js';

function upd(kind: 'snapshot' | 'delta', u: number, bids: RawLevel[], asks: RawLevel[]): OrderbookUpdate {
  return { symbol: 'BTCUSDT', kind, bids, asks, updateId: u, seq: u, tsEvent: 1000 + u, tsMatch: 1000 + u };
}

function seeded(): L2Book {
  const book = new L2Book('BTCUSDT', { initialCapacity: 2 });
  expect(
    book.apply(
      upd(
        'snapshot',
        10,
        [
          ['100.0', '1'],
          ['99.5', '2'],
          ['99.0', '3'],
        ],
        [
          ['100.5', '4'],
          ['101.0', '5'],
        ],
      ),
    ),
  ).toBe('snapshot');
  return book;
}

describe(L2Book.name, () => {
  it('keeps bids descending and asks ascending whatever order levels arrive in', () => {
    const book = new L2Book('X');
    book.apply(
      upd(
        'snapshot',
        1,
        [
          ['99', '1'],
          ['101', '1'],
          ['100', '1'],
        ],
        [
          ['105', '1'],
          ['103', '1'],
          ['104', '1'],
        ],
      ),
    );
    expect(book.toLevels()).toEqual({
      bids: [
        ['101', '1'],
        ['100', '1'],
        ['99', '1'],
      ],
      asks: [
        ['103', '1'],
        ['104', '1'],
        ['105', '1'],
      ],
    });
  });

  it('applies a delta: size 0 deletes, unknown price inserts, known price updates', () => {
    const book = seeded();
    const out = book.apply(
      upd(
        'delta',
        11,
        [
          ['99.5', '0'],
          ['99.8', '7'],
          ['100.0', '1.5'],
        ],
        [
          ['101.0', '0'],
          ['100.7', '9'],
        ],
      ),
    );
    expect(out).toBe('applied');
    expect(book.toLevels()).toEqual({
      bids: [
        ['100.0', '1.5'],
        ['99.8', '7'],
        ['99.0', '3'],
      ],
      asks: [
        ['100.5', '4'],
        ['100.7', '9'],
      ],
    });
    expect(book.updateId).toBe(11);
  });

  it('ignores a delete for a level it does not hold instead of failing', () => {
    const book = seeded();
    expect(book.apply(upd('delta', 11, [['42', '0']], [['777', '0']]))).toBe('applied');
    expect(book.bids.length).toBe(3);
    expect(book.asks.length).toBe(2);
  });

  it('flags a gap in u, then drops deltas until a snapshot restores the book', () => {
    const book = seeded();
    expect(book.apply(upd('delta', 12, [['99.9', '1']], []))).toBe('gap');
    expect(book.needsResync).toBe(true);
    expect(book.isUsable()).toBe(false);
    expect(book.apply(upd('delta', 13, [['99.9', '1']], []))).toBe('awaiting-snapshot');
    expect(book.apply(upd('snapshot', 20, [['98', '1']], [['102', '1']]))).toBe('snapshot');
    expect(book.isUsable()).toBe(true);
    expect(book.apply(upd('delta', 21, [['98.5', '2']], []))).toBe('applied');
    expect(book.topBids(5)).toEqual([
      { price: '98.5', size: '2' },
      { price: '98', size: '1' },
    ]);
  });

  it('accepts skipped u in monotonic mode but still drops older ones', () => {
    const book = new L2Book('BTCUSDT', { sequenceCheck: 'monotonic' });
    book.apply(upd('snapshot', 10, [['100', '1']], [['101', '1']]));
    expect(book.apply(upd('delta', 15, [['100', '2']], []))).toBe('applied');
    expect(book.apply(upd('delta', 14, [['100', '3']], []))).toBe('duplicate');
    expect(book.bids.sizeAt(0)).toBe(2);
  });

  it('drops a duplicate or older delta without touching the book', () => {
    const book = seeded();
    book.apply(upd('delta', 11, [['99.9', '1']], []));
    const before = book.toLevels();
    expect(book.apply(upd('delta', 11, [['99.9', '5']], []))).toBe('duplicate');
    expect(book.apply(upd('delta', 9, [['99.1', '5']], []))).toBe('duplicate');
    expect(book.toLevels()).toEqual(before);
    expect(book.isUsable()).toBe(true);
  });

  it('treats u=1 as a venue restart and overwrites the book', () => {
    const book = seeded();
    expect(book.apply(upd('snapshot', 1, [['90', '1']], [['91', '1']]))).toBe('restart');
    expect(book.toLevels()).toEqual({ bids: [['90', '1']], asks: [['91', '1']] });
    expect(book.apply(upd('delta', 2, [['90', '3']], []))).toBe('applied');
    expect(book.bids.sizeAt(0)).toBe(3);
  });

  it('refuses a crossed book and waits for a snapshot', () => {
    const book = seeded();
    expect(book.apply(upd('delta', 11, [['100.5', '1']], []))).toBe('crossed');
    expect(book.needsResync).toBe(true);
    expect(book.isUsable()).toBe(false);
  });

  it('rejects unreadable levels and waits for a snapshot', () => {
    const book = seeded();
    expect(book.apply(upd('delta', 11, [['abc', '1']], []))).toBe('malformed');
    expect(book.needsResync).toBe(true);
    const neg = seeded();
    expect(neg.apply(upd('delta', 11, [['99', '-1']], []))).toBe('malformed');
  });

  it('treats numerically equal price strings as the same level', () => {
    const book = seeded();
    book.apply(upd('delta', 11, [['100', '9']], []));
    expect(book.bids.length).toBe(3);
    expect(book.bids.sizeAt(0)).toBe(9);
  });

  it('answers top-N, spread, mid and depth queries from the sorted sides', () => {
    const book = seeded();
    expect(book.topAsks(1)).toEqual([{ price: '100.5', size: '4' }]);
    expect(book.topBids(10)).toHaveLength(3);
    expect(book.midPrice()).toBe(100.25);
    expect(book.spreadBps()).toBeCloseTo((0.5 / 100.25) * 1e4, 10);
    expect(book.bids.sizeUpTo(99.5)).toBe(3);
    expect(book.asks.sizeUpTo(101)).toBe(9);
    expect(book.bids.sizeOfTop(2)).toBe(3);
  });

  it('matches a map-based reference under random snapshot/delta sequences', () => {
    const level = fc.tuple(
      fc.integer({ min: 1, max: 60 }).map((t) => (t / 4).toString()),
      fc.oneof(fc.constant('0'), fc.integer({ min: 1, max: 500 }).map(String)),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.boolean(), fc.array(level, { maxLength: 12 }), fc.array(level, { maxLength: 12 })),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        (steps) => {
          // Bids below 8, asks above 8, so random data never crosses and every step must match.
          const book = new L2Book('R', { initialCapacity: 1 });
          const ref = new ReferenceBook();
          let u = 100;
          steps.forEach(([snap, rawB, rawA], i) => {
            const b = rawB.filter(([p]) => Number(p) < 8);
            const a = rawA.filter(([p]) => Number(p) > 8);
            const kind = snap || i === 0 ? 'snapshot' : 'delta';
            u += 1;
            const msg = { type: kind, data: { b, a, u } };
            ref.apply(msg);
            expect(book.apply(upd(kind, u, b, a))).not.toMatch(/gap|crossed|malformed/);
            expect(book.toLevels()).toEqual(ref.toLevels());
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  const withData = sampleAvailable() ? describe : describe.skip;
  withData('on the Bybit ob500 archive sample', () => {
    const lines = sampleAvailable() ? readBybitArchiveLines(OB500_SAMPLE) : [];

    it('parses and applies every message, matching the reference after each step', () => {
      expect(lines.length).toBe(50);
      const book = new L2Book('XRPUSDT');
      const ref = new ReferenceBook();
      let applied = 0;
      for (const line of lines) {
        const msg = JSON.parse(line) as BybitOrderbookMessage;
        const update = parseOrderbook(msg);
        expect(update).toBeDefined();
        const outcome = book.apply(update!);
        ref.apply(msg);
        expect(outcome).toMatch(/^(snapshot|applied)$/);
        expect(book.toLevels()).toEqual(ref.toLevels());
        expect(book.updateId).toBe(msg.data.u);
        applied++;
      }
      expect(applied).toBe(50);
      expect(book.isCrossed()).toBe(false);
    });

    it('applies the derived orderbook.50 stream, matching the reference after each step', () => {
      const deep = lines.map((l) => JSON.parse(l) as BybitOrderbookMessage);
      const stream = toDepthStream(deep, 50);
      expect(stream.length).toBeGreaterThan(40);
      const book = new L2Book('XRPUSDT');
      const ref = new ReferenceBook();
      for (const msg of stream) {
        const outcome = book.apply(parseOrderbook(JSON.parse(JSON.stringify(msg)))!);
        ref.apply(msg);
        expect(outcome).toMatch(/^(snapshot|applied)$/);
        expect(book.toLevels()).toEqual(ref.toLevels());
        expect(book.bids.length).toBeLessThanOrEqual(50);
      }
    });
  });
});
