import type { BybitOrderbookMessage } from '../common/venue-types.js';
import { OB500_SAMPLE, sampleAvailable } from '../../test/support/data.js';
import { ReferenceBook } from '../../test/support/reference-book.js';
import { readBybitArchiveLines } from './archive.js';
import { toDepthStream } from './depth-stream.js';

describe(toDepthStream.name, () => {
  it('emits a snapshot of the best levels, then only changes to that view', () => {
    const deep: BybitOrderbookMessage[] = [
      {
        topic: 'orderbook.500.X',
        type: 'snapshot',
        ts: 1,
        data: {
          s: 'X',
          b: [
            ['10', '1'],
            ['9', '1'],
            ['8', '1'],
          ],
          a: [
            ['11', '1'],
            ['12', '1'],
            ['13', '1'],
          ],
          u: 5,
          seq: 1,
        },
      },
      // Changes only beyond the 2-level view: nothing to emit.
      {
        topic: 'orderbook.500.X',
        type: 'delta',
        ts: 2,
        data: { s: 'X', b: [['8', '3']], a: [], u: 6, seq: 2 },
      },
      // Best bid removed: level 8 enters the view.
      {
        topic: 'orderbook.500.X',
        type: 'delta',
        ts: 3,
        data: { s: 'X', b: [['10', '0']], a: [], u: 7, seq: 3 },
      },
    ];
    const out = toDepthStream(deep, 2);
    expect(out).toHaveLength(2);
    expect(out[0]!.type).toBe('snapshot');
    expect(out[0]!.topic).toBe('orderbook.2.X');
    expect(out[0]!.data.b).toEqual([
      ['10', '1'],
      ['9', '1'],
    ]);
    expect(out[1]!.data).toEqual({
      s: 'X',
      b: [
        ['10', '0'],
        ['8', '3'],
      ],
      a: [],
      u: 6,
      seq: 3,
    });
  });

  const withData = sampleAvailable() ? it : it.skip;
  withData('reproduces the best 50 levels of the ob500 archive at every step', () => {
    const deep = readBybitArchiveLines(OB500_SAMPLE).map((l) => JSON.parse(l) as BybitOrderbookMessage);
    const stream = toDepthStream(deep, 50);
    const full = new ReferenceBook();
    const shallow = new ReferenceBook();
    let i = 0;
    for (const m of deep) {
      full.apply(m);
      const expected = full.toLevels();
      // Advance the shallow stream to the same source timestamp.
      while (i < stream.length && stream[i]!.ts <= m.ts) shallow.apply(stream[i++]!);
      const got = shallow.toLevels();
      expect(got.bids).toEqual(expected.bids.slice(0, 50));
      expect(got.asks).toEqual(expected.asks.slice(0, 50));
    }
    expect(i).toBe(stream.length);
  });
});
