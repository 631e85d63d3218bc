import { compareBook } from './book-divergence.js';
import { L2Book } from './l2-book.js';

function book(bids: [string, string][], asks: [string, string][]): L2Book {
  const b = new L2Book('X');
  b.apply({ symbol: 'X', kind: 'snapshot', bids, asks, updateId: 5, seq: 1, tsEvent: 0, tsMatch: 0 });
  return b;
}

describe(compareBook.name, () => {
  const bids: [string, string][] = [
    ['100', '1'],
    ['99', '2'],
    ['98', '3'],
  ];
  const asks: [string, string][] = [
    ['101', '1'],
    ['102', '2'],
  ];

  it('is zero for identical books', () => {
    const b = book(bids, asks);
    const d = compareBook(b.bids, b.asks, bids, asks, 50);
    expect(d).toEqual({
      divergence: 0,
      levelsCompared: 5,
      mismatchedLevels: 0,
      bestBidMatches: true,
      bestAskMatches: true,
    });
  });

  it('measures size differences and missing levels relative to total size', () => {
    const b = book(bids, asks);
    const d = compareBook(
      b.bids,
      b.asks,
      [
        ['100', '1'],
        ['99', '4'],
        ['98', '3'],
      ],
      [
        ['101.5', '1'],
        ['102', '2'],
      ],
      50,
    );
    // bids: |2-4| over 1+1+2+4+3+3 = 14; asks: 101 (1, local only) + 101.5 (1, ref only) over 1+1+2+2 = 6
    expect(d.divergence).toBeCloseTo((2 + 2) / 20, 12);
    expect(d.mismatchedLevels).toBe(3);
    expect(d.bestBidMatches).toBe(true);
    expect(d.bestAskMatches).toBe(false);
  });

  it('compares only the price range both books cover', () => {
    const b = book(bids, asks);
    const d = compareBook(b.bids, b.asks, [['100', '1']], [['101', '1']], 50);
    expect(d.divergence).toBe(0);
    expect(d.levelsCompared).toBe(2);
  });
});
