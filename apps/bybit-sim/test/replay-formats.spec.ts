import { startSimulator } from '../src/index.js';
import { sharedData } from './helpers.js';

const XRP = sharedData('bybit/bybit_linear_XRPUSDT_2024-12-01_ob500.data.zip');
const TRADES = sharedData('binance/tardis_binance-futures_trades_BTCUSDT_2020-02-22.csv');
const QUOTES = sharedData('binance/tardis_binance-futures_quotes_BTCUSDT_2020-02-22.csv');
if (!XRP || !TRADES || !QUOTES)
  console.warn('skipping some replay-format tests: ../shared/data files are absent');

(XRP ? it : it.skip)(
  'replays the Bybit XRPUSDT ob500 archive sample and serves its book',
  async () => {
    const sim = await startSimulator({
      port: 0,
      speed: 'manual',
      market: { type: 'replay', files: [{ path: XRP! }] },
    });
    try {
      sim.advance(10_000);
      const ob = (await (
        await fetch(`${sim.restUrl}/v5/market/orderbook?category=linear&symbol=XRPUSDT&limit=5`)
      ).json()) as {
        result: { b: string[][]; a: string[][] };
      };
      expect(ob.result.b).toHaveLength(5);
      expect(Number(ob.result.b[0]![0])).toBeLessThan(Number(ob.result.a[0]![0]));
      expect(ob.result.b[0]![0]).toMatch(/^1\.9\d{3}$/);
      expect(sim.venue.sourceExhausted).toBe(true);
    } finally {
      await sim.close();
    }
  },
  60_000,
);

(TRADES && QUOTES ? it : it.skip)(
  'replays the Tardis trades + quotes pair of 2020-02-22 in time order',
  async () => {
    const sim = await startSimulator({
      port: 0,
      speed: 'manual',
      market: { type: 'replay', files: [{ path: TRADES! }, { path: QUOTES! }] },
      instruments: { BTCUSDT: { tickSize: '0.01' } },
    });
    try {
      const start = sim.clock.now();
      sim.advanceTo(start + 60_000);
      const s = sim.venue.symbol('BTCUSDT');
      const best = sim.venue.bestTicks(s);
      expect(best.bid! * 0.01).toBeGreaterThan(9600);
      expect(best.ask!).toBeGreaterThan(best.bid!);
      expect(s.tape.length).toBeGreaterThan(10);
      // Tape timestamps never go backwards across the two merged files.
      const ts = s.tape.map((t) => t.ts);
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
    } finally {
      await sim.close();
    }
  },
  60_000,
);
