import { ManualClock } from '../common/manual-clock.js';
import { IngestPipeline } from './ingest-pipeline.js';

function ob(type: 'snapshot' | 'delta', u: number, b: [string, string][], a: [string, string][] = []) {
  return { topic: 'orderbook.50.BTCUSDT', type, ts: 1000 + u, data: { s: 'BTCUSDT', b, a, u, seq: u } };
}

describe(IngestPipeline.name, () => {
  function setup() {
    const clock = new ManualClock(5000);
    const resyncs: string[] = [];
    const pipeline = new IngestPipeline({
      symbols: ['BTCUSDT'],
      depth: 50,
      clock,
      hooks: { onResyncNeeded: (symbol, reason) => resyncs.push(`${symbol}:${reason}`) },
    });
    return { pipeline, resyncs, book: pipeline.state('BTCUSDT')!.book };
  }

  it('routes by exact topic and ignores other topics', () => {
    const { pipeline } = setup();
    expect(pipeline.topics()).toEqual([
      'orderbook.50.BTCUSDT',
      'publicTrade.BTCUSDT',
      'tickers.BTCUSDT',
      'allLiquidation.BTCUSDT',
    ]);
    expect(pipeline.handle({ topic: 'orderbook.200.BTCUSDT', type: 'snapshot', data: {} })).toBe(false);
    expect(pipeline.handle({ op: 'pong' })).toBe(false);
    expect(pipeline.metrics.messagesTotal).toBe(0);
  });

  it('counts gaps, duplicates, restarts and crossed books, asking for a resync where needed', () => {
    const { pipeline, resyncs, book } = setup();
    pipeline.handle(ob('snapshot', 10, [['100', '1']], [['101', '1']]));
    pipeline.handle(ob('delta', 11, [['100', '2']]));
    pipeline.handle(ob('delta', 11, [['100', '2']])); // duplicate
    pipeline.handle(ob('delta', 13, [['100', '3']])); // gap
    pipeline.handle(ob('delta', 14, [['100', '4']])); // dropped while resyncing
    pipeline.handle(ob('snapshot', 20, [['100', '5']], [['101', '1']]));
    pipeline.handle(ob('snapshot', 1, [['99', '1']], [['101', '1']])); // u=1 restart
    pipeline.handle(ob('delta', 2, [['101', '1']])); // crosses
    pipeline.handle({ topic: 'orderbook.50.BTCUSDT', type: 'delta', data: null }); // unreadable
    const m = pipeline.metrics.snapshot();
    expect([
      m.bookMessages,
      m.gaps,
      m.duplicates,
      m.droppedWhileResyncing,
      m.restarts,
      m.crossed,
      m.malformed,
    ]).toEqual([9, 1, 1, 1, 1, 1, 1]);
    expect(resyncs).toEqual(['BTCUSDT:gap', 'BTCUSDT:crossed', 'BTCUSDT:malformed']);
    expect(book.needsResync).toBe(true);
  });

  it('feeds trades, tickers and liquidations into the features', () => {
    const { pipeline } = setup();
    pipeline.handle(ob('snapshot', 10, [['100', '1']], [['101', '1']]));
    pipeline.handle({
      topic: 'publicTrade.BTCUSDT',
      type: 'snapshot',
      ts: 4990,
      data: [{ T: 4990, s: 'BTCUSDT', S: 'Sell', v: '0.3', p: '100', i: 'x' }],
    });
    pipeline.handle({
      topic: 'tickers.BTCUSDT',
      type: 'snapshot',
      ts: 4990,
      data: {
        symbol: 'BTCUSDT',
        fundingRate: '0.0002',
        nextFundingTime: '8000',
        openInterest: '10',
        markPrice: '100.5',
      },
    });
    pipeline.handle({
      topic: 'allLiquidation.BTCUSDT',
      type: 'snapshot',
      ts: 4990,
      data: [{ T: 4990, s: 'BTCUSDT', S: 'Sell', v: '1', p: '100' }],
    });
    const f = pipeline.state('BTCUSDT')!.features.compute(5000)!;
    expect(f.volume1m).toBeCloseTo(0.3, 12);
    expect(f.lastTrades[0]!.side).toBe('sell');
    expect(f.fundingRate).toBe(0.0002);
    expect(f.msToFunding).toBe(3000);
    expect(f.markPrice).toBe('100.5');
    expect(f.liquidationFlow).toBe(100);
    const m = pipeline.metrics.snapshot();
    expect([m.tradeMessages, m.tickerMessages, m.liquidationMessages]).toEqual([1, 1, 1]);
  });
});
