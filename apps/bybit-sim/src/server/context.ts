import type { Clock } from '../core/clock.js';
import type { Authenticator } from '../core/auth.js';
import type { DisconnectCancelAll } from '../core/dcp.js';
import type { FaultInjector } from '../core/faults.js';
import type { IpLimiter, RollingLimiter } from '../core/rate-limit.js';
import type { Venue } from '../core/venue.js';

/** Everything the thin REST/WS layers need from the simulator, in one place. */
export interface SimContext {
  venue: Venue;
  auth: Authenticator;
  faults: FaultInjector;
  /** Disconnect cancel-all per API key: set over REST, fed by the private WebSocket layer. */
  dcp: DisconnectCancelAll;
  /** Wall clock: what clients sign with (auth window, rate limits, envelope `time`). */
  wallClock: Clock;
  limiter: RollingLimiter;
  ipLimiter: IpLimiter;
  endpointLimits: Record<string, number>;
  /** Let the venue process market events up to its clock's now. */
  advance(): void;
  /** Step a manual market clock (control endpoint); returns the new market time. */
  advanceManual(to?: number, ms?: number): number;
  /** Halt / restart the market (control endpoints): market time and the source stand still. */
  pauseMarket(): void;
  resumeMarket(): void;
  state(): Record<string, unknown>;
  wsDisconnect(path?: string): number;
  wsRestart(symbol?: string): void;
  log(msg: string): void;
}
