import { WebSocket } from 'ws';
import { startSimulator, WS_PATHS, type MarketEvent, type MarketSource } from '../src/index.js';
import { waitFor, within } from './helpers.js';

const T0 = Date.UTC(2026, 0, 5, 10);

/** A scripted market: a book, two trades in one minute, then a liquidation. */
class Script implements MarketSource {
  readonly name = 'script';
  readonly symbols = ['BTCUSDT'];
  private readonly q: MarketEvent[] = [
    { kind: 'depth', ts: T0, symbol: 'BTCUSDT', snapshot: true, bids: [[60000, 1]], asks: [[60000.1, 1]] },
    { kind: 'trade', ts: T0 + 1_000, symbol: 'BTCUSDT', price: 60000.1, qty: 0.5, side: 'Buy' },
    { kind: 'trade', ts: T0 + 2_000, symbol: 'BTCUSDT', price: 60000, qty: 0.25, side: 'Sell' },
    { kind: 'liquidation', ts: T0 + 3_000, symbol: 'BTCUSDT', side: 'Buy', price: 59990, qty: 2 },
    { kind: 'funding', ts: T0 + 4_000, symbol: 'BTCUSDT', rate: 0.0003 },
  ];
  peekTime(): number | undefined {
    return this.q[0]?.ts;
  }
  next(): MarketEvent | undefined {
    return this.q.shift();
  }
}

it('publishes kline, allLiquidation and the funding rate from the market source', async () => {
  const sim = await startSimulator({
    port: 0,
    speed: 'manual',
    market: { type: 'source', source: new Script() },
  });
  const ws = new WebSocket(sim.wsUrl + WS_PATHS.publicLinear);
  try {
    const frames: Array<{ topic?: string; data?: unknown }> = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as { topic?: string }));
    await within(new Promise((r) => ws.once('open', r)), 'the socket to open');
    ws.send(
      JSON.stringify({
        op: 'subscribe',
        req_id: 'k',
        args: ['kline.1.BTCUSDT', 'allLiquidation.BTCUSDT', 'tickers.BTCUSDT'],
      }),
    );
    await waitFor(() => frames.some((f) => f.topic === 'tickers.BTCUSDT'), 'the ticker snapshot');
    sim.advance(5_000);
    await waitFor(
      () =>
        frames.some((f) => f.topic === 'kline.1.BTCUSDT') &&
        frames.some((f) => f.topic === 'allLiquidation.BTCUSDT'),
      'kline and liquidation frames',
    );
    const liq = frames.find((f) => f.topic === 'allLiquidation.BTCUSDT')!.data as Array<
      Record<string, unknown>
    >;
    expect(liq[0]).toMatchObject({ s: 'BTCUSDT', S: 'Buy', v: '2.000', p: '59990.00' });
    const kl = frames.filter((f) => f.topic === 'kline.1.BTCUSDT').pop()!.data as Array<
      Record<string, unknown>
    >;
    expect(kl[kl.length - 1]).toMatchObject({
      open: '60000.10',
      close: '60000.00',
      high: '60000.10',
      low: '60000.00',
      volume: '0.750',
      confirm: false,
    });
    const t = (await (
      await fetch(`${sim.restUrl}/v5/market/tickers?category=linear&symbol=BTCUSDT`)
    ).json()) as { result: { list: Array<Record<string, string>> } };
    expect(t.result.list[0]).toMatchObject({
      fundingRate: '0.0003',
      lastPrice: '60000.00',
      volume24h: '0.750',
    });
    const k = (await (
      await fetch(`${sim.restUrl}/v5/market/kline?category=linear&symbol=BTCUSDT&interval=1`)
    ).json()) as { result: { list: string[][] } };
    expect(k.result.list[0]).toEqual([
      String(T0),
      '60000.10',
      '60000.10',
      '60000.00',
      '60000.00',
      '0.750',
      '45000.0500',
    ]);
  } finally {
    ws.close();
    await sim.close();
  }
});
