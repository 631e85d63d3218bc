import { parseKlines, parseLiquidations, parseOrderbook, parseTicker, parseTrades } from './parse.js';

describe('parse', () => {
  it('maps an orderbook message without copying its levels', () => {
    const msg = {
      topic: 'orderbook.50.BTCUSDT',
      type: 'delta',
      ts: 1700000000123,
      cts: 1700000000100,
      data: { s: 'BTCUSDT', b: [['1', '2']], a: [], u: 7, seq: 99 },
    };
    const u = parseOrderbook(msg)!;
    expect(u).toMatchObject({
      symbol: 'BTCUSDT',
      kind: 'delta',
      updateId: 7,
      seq: 99,
      tsEvent: 1700000000123,
      tsMatch: 1700000000100,
    });
    expect(u.bids).toBe(msg.data.b);
    expect(parseOrderbook({ ...msg, type: 'weird' })).toBeUndefined();
    expect(parseOrderbook({ ...msg, data: { ...msg.data, u: '7' } })).toBeUndefined();
    expect(parseOrderbook(null)).toBeUndefined();
  });

  it('maps public trades: Bybit taker side Buy/Sell to buy/sell', () => {
    const trades = parseTrades({
      topic: 'publicTrade.BTCUSDT',
      type: 'snapshot',
      ts: 1,
      data: [
        {
          T: 10,
          s: 'BTCUSDT',
          S: 'Buy',
          v: '0.01',
          p: '50000.5',
          L: 'PlusTick',
          i: 'abc',
          BT: false,
          seq: 1,
        },
        {
          T: 11,
          s: 'BTCUSDT',
          S: 'Sell',
          v: '0.02',
          p: '50000.0',
          L: 'MinusTick',
          i: 'abd',
          BT: true,
          seq: 2,
        },
        { T: 12, s: 'BTCUSDT', S: 'Hold', v: '1', p: '1', i: 'bad' },
      ],
    })!;
    expect(trades).toEqual([
      {
        symbol: 'BTCUSDT',
        tsEvent: 10,
        price: '50000.5',
        size: '0.01',
        side: 'buy',
        tradeId: 'abc',
        isBlockTrade: false,
      },
      {
        symbol: 'BTCUSDT',
        tsEvent: 11,
        price: '50000.0',
        size: '0.02',
        side: 'sell',
        tradeId: 'abd',
        isBlockTrade: true,
      },
    ]);
  });

  it('maps a ticker delta keeping only the fields present', () => {
    const t = parseTicker({
      topic: 'tickers.BTCUSDT',
      type: 'delta',
      ts: 5,
      data: {
        symbol: 'BTCUSDT',
        fundingRate: '-0.0001',
        nextFundingTime: '1700028800000',
        openInterest: '123.4',
      },
    })!;
    expect(t).toEqual({
      symbol: 'BTCUSDT',
      kind: 'delta',
      tsEvent: 5,
      fundingRate: -0.0001,
      nextFundingTimeMs: 1700028800000,
      openInterest: 123.4,
    });
  });

  it('maps liquidations: Bybit S=Buy is a liquidated long', () => {
    const l = parseLiquidations({
      topic: 'allLiquidation.BTCUSDT',
      type: 'snapshot',
      ts: 1,
      data: [
        { T: 1, s: 'BTCUSDT', S: 'Buy', v: '0.5', p: '49000' },
        { T: 2, s: 'BTCUSDT', S: 'Sell', v: '0.1', p: '51000' },
      ],
    })!;
    expect(l.map((x) => x.positionSide)).toEqual(['long', 'short']);
  });

  it('sorts REST klines oldest first', () => {
    const k = parseKlines([
      ['120000', '1', '2', '0.5', '1.5', '10', '15'],
      ['60000', '1', '1', '1', '1', '5', '5'],
    ]);
    expect(k.map((x) => x.startMs)).toEqual([60000, 120000]);
    expect(k[1]!.volume).toBe(10);
  });
});
