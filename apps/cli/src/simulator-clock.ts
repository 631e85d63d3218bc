import type { Clock } from '@tranche/engine';
import type { SimulatorHandle } from '@tranche/bybit-sim';

/**
 * The router's clock when it trades an in-process simulator on a manual market clock: sleeping
 * steps the market forward, so a two-hour order replays in seconds while every order still goes
 * through the real adapter over loopback HTTP and WebSocket.
 */
export class SimulatorClock implements Clock {
  constructor(private readonly sim: SimulatorHandle) {}

  now(): number {
    return this.sim.clock.now();
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return;
    // Step in one-second increments so resting orders see the trade flow in order.
    let left = Math.max(0, ms);
    while (left > 0 && !signal?.aborted) {
      const step = Math.min(1000, left);
      this.sim.advance(step);
      left -= step;
    }
    // Let the WebSocket frames the step produced (fills, order updates) arrive before going on.
    await new Promise((r) => setTimeout(r, 5));
  }
}
