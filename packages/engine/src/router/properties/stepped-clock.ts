import { VirtualClock } from '../../adapters/clocks.js';

/**
 * Virtual time that tells listeners when it has moved on, so a test venue can hold a report back
 * "until the next slice" by an event rather than by wall time: a run replays the same way each time.
 */
export class SteppedClock extends VirtualClock {
  private readonly listeners: Array<(nowMs: number) => void> = [];

  onAdvance(listener: (nowMs: number) => void): void {
    this.listeners.push(listener);
  }

  override async sleep(ms: number): Promise<void> {
    const before = this.now();
    await super.sleep(ms);
    if (this.now() > before) for (const l of this.listeners) l(this.now());
  }

  override advance(ms: number): void {
    super.advance(ms);
    if (ms > 0) for (const l of this.listeners) l(this.now());
  }
}
