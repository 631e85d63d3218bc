/**
 * Clocks. The venue reads time only through these, so tests can step a manual clock and
 * replays can run on the capture's own timeline at any speed.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch (may be fractional for replayed data). */
  now(): number;
}

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}

/** A clock that moves only when told to: for tests and for "as fast as possible" replays. */
export class ManualClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  set(t: number): void {
    // Time never goes backwards: a replay event older than "now" is processed at "now".
    if (t > this.t) this.t = t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * Virtual time that runs `speed` times faster than the wall clock, anchored at `start`.
 * speed = 1 replays in real time.
 */
export class ScaledClock implements Clock {
  private readonly wallStart: number;
  constructor(
    private readonly start: number,
    private readonly speed: number,
    private readonly wall: Clock = new SystemClock(),
  ) {
    this.wallStart = wall.now();
  }
  now(): number {
    return this.start + (this.wall.now() - this.wallStart) * this.speed;
  }
}

/**
 * The venue's market clock. It starts manual (so a replay can be warmed up to its first book)
 * and can then run scaled against the wall clock, or stay manual for tests and max-speed runs.
 */
export class MarketClock implements Clock {
  private mode: 'manual' | 'scaled' = 'manual';
  private t: number;
  private anchorMarket = 0;
  private anchorWall = 0;
  private speed = 1;
  /** Speed to resume at when paused while scaled; undefined when not paused or manual. */
  private resumeSpeed: number | undefined;
  private isPaused = false;

  constructor(
    start: number,
    private readonly wall: Clock = new SystemClock(),
  ) {
    this.t = start;
  }

  now(): number {
    return this.mode === 'manual'
      ? this.t
      : this.anchorMarket + (this.wall.now() - this.anchorWall) * this.speed;
  }

  get isManual(): boolean {
    return this.mode === 'manual';
  }

  /** Move a manual clock forward (never backwards). */
  set(t: number): void {
    if (this.mode !== 'manual')
      throw new Error('MarketClock.set: the clock is running scaled; use a manual clock');
    if (t > this.t) this.t = t;
  }

  runScaled(speed: number): void {
    this.anchorMarket = this.now();
    this.anchorWall = this.wall.now();
    this.speed = speed;
    this.mode = 'scaled';
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /**
   * Stop market time where it is (a halted market). A scaled clock resumes from the same market
   * time, so the pause leaves no gap in the source's timeline.
   */
  pause(): void {
    if (this.isPaused) return;
    this.isPaused = true;
    if (this.mode === 'scaled') {
      this.t = this.now();
      this.resumeSpeed = this.speed;
      this.mode = 'manual';
    }
  }

  resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    if (this.resumeSpeed !== undefined) this.runScaled(this.resumeSpeed);
    this.resumeSpeed = undefined;
  }
}
