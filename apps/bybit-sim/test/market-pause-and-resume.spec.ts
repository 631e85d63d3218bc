import { WebSocket } from 'ws';
import { MarketClock, ManualClock, startSimulator, WS_PATHS } from '../src/index.js';
import { waitFor, within } from './helpers.js';

describe('halting the simulated market', () => {
  it('stops and restarts a scaled market clock without a jump in market time', () => {
    const wall = new ManualClock(1_000);
    const clock = new MarketClock(50_000, wall);
    clock.runScaled(10);
    wall.advance(100);
    expect(clock.now()).toBe(51_000);
    clock.pause();
    wall.advance(5_000);
    expect(clock.now()).toBe(51_000);
    expect(clock.paused).toBe(true);
    clock.resume();
    wall.advance(100);
    expect(clock.now()).toBe(52_000);
    expect(clock.isManual).toBe(false);
  });

  it('POST /sim/market/pause silences the book streams; /sim/market/resume brings them back', async () => {
    const sim = await startSimulator({
      port: 0,
      speed: 10,
      tickMs: 10,
      market: { type: 'synthetic', symbols: ['BTCUSDT'], seed: 5 },
    });
    const ws = new WebSocket(sim.wsUrl + WS_PATHS.publicLinear);
    try {
      let frames = 0;
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { topic?: string };
        if (m.topic === 'orderbook.50.BTCUSDT') frames++;
      });
      await within(new Promise((r) => ws.once('open', r)), 'the socket to open');
      ws.send(JSON.stringify({ op: 'subscribe', req_id: 'b', args: ['orderbook.50.BTCUSDT'] }));
      await waitFor(() => frames > 5, 'book frames while the market runs');

      const post = async (path: string) => (await fetch(`${sim.restUrl}${path}`, { method: 'POST' })).json();
      const state = async () =>
        (await (await fetch(`${sim.restUrl}/sim/state`)).json()) as { marketTime: number; paused: boolean };
      expect(await post('/sim/market/pause')).toEqual({ paused: true });
      // Frames already on the way still land; after that, silence.
      await new Promise((r) => setTimeout(r, 100));
      const atPause = frames;
      const before = await state();
      await new Promise((r) => setTimeout(r, 500));
      const after = await state();
      expect(frames).toBe(atPause);
      expect(after).toMatchObject({ paused: true, marketTime: before.marketTime });

      expect(await post('/sim/market/resume')).toEqual({ paused: false });
      await waitFor(() => frames > atPause + 5, 'book frames once the market runs again');
      const resumed = await state();
      expect(resumed.paused).toBe(false);
      // Market time goes on from where it stopped, not from where the wall clock would put it.
      expect(resumed.marketTime - before.marketTime).toBeLessThan(10 * 2_000);
      expect(resumed.marketTime).toBeGreaterThan(before.marketTime);
    } finally {
      ws.close();
      await sim.close();
    }
  });
});
