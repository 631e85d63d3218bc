import { startSimulator, type SimulatorHandle } from '@tranche/bybit-sim';
import { BybitRestMarketData } from '../src/bybit-rest-market-data.js';

/** Snapshots built from the simulator's REST endpoints say when their book was last updated and how old it was. */
describe('BybitRestMarketData book time and age', () => {
  let sim: SimulatorHandle;

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      speed: 'manual',
      market: { type: 'synthetic', symbols: ['BTCUSDT'], seed: 9, startTime: Date.UTC(2026, 0, 5, 12) },
    });
    sim.advance(5 * 60_000);
  }, 30_000);
  afterAll(() => sim?.close());

  async function bookTs(): Promise<number> {
    const res = (await (
      await fetch(`${sim.restUrl}/v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=1`)
    ).json()) as { result: { ts: number | string } };
    return Number(res.result.ts);
  }

  it('takes bookUpdatedAt from the orderbook response and ageMs against the clock it is given', async () => {
    const ts = await bookTs();
    expect(ts).toBeGreaterThan(0);
    const md = new BybitRestMarketData(sim.restUrl, { now: () => ts + 1500 });
    const snap = await md.snapshot('BTCUSDT');
    expect(Number(snap.bookUpdatedAt)).toBe(ts);
    expect(Number(snap.tsInit)).toBe(ts + 1500);
    expect(Number(snap.ageMs)).toBe(1500);
  });

  it('is 0 old, never negative, when the clock it is given lags the venue', async () => {
    const ts = await bookTs();
    const md = new BybitRestMarketData(sim.restUrl, { now: () => ts - 10_000 });
    const snap = await md.snapshot('BTCUSDT');
    expect(Number(snap.bookUpdatedAt)).toBe(ts);
    expect(Number(snap.ageMs)).toBe(0);
  });

  it('on the simulator clock itself, the book is as old as the market time since its last update', async () => {
    const md = new BybitRestMarketData(sim.restUrl, { now: () => sim.clock.now() });
    const snap = await md.snapshot('BTCUSDT');
    expect(Number(snap.ageMs)).toBe(Math.max(0, sim.clock.now() - Number(snap.bookUpdatedAt)));
    expect(Number(snap.ageMs)).toBeLessThan(60_000);
  });
});
