import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Authenticator, DEFAULT_CREDENTIALS, type Credentials } from './core/auth.js';
import { MarketClock, SystemClock, type Clock } from './core/clock.js';
import { DisconnectCancelAll } from './core/dcp.js';
import { SimConfigError } from './core/errors.js';
import { FaultInjector, type FaultConfig } from './core/faults.js';
import type { PermanentImpactConfig } from './core/impact.js';
import type { InstrumentSpec } from './core/instruments.js';
import { instrumentSpec } from './core/instruments.js';
import { DEFAULT_ENDPOINT_LIMITS, IpLimiter, RollingLimiter } from './core/rate-limit.js';
import { Venue, type FeeConfig } from './core/venue.js';
import { MergedSource, type MarketSource } from './market/events.js';
import { createReplaySource, type ReplayFileSpec } from './market/replay.js';
import { SyntheticSource, type SyntheticConfig } from './market/synthetic.js';
import type { SimContext } from './server/context.js';
import { handleRest } from './server/rest.js';
import { WsGateway } from './server/ws.js';

/** Where market data comes from. */
export type MarketSpec =
  | {
      type: 'synthetic';
      symbols?: string[];
      seed?: number;
      startTime?: number;
      config?: Partial<SyntheticConfig>;
    }
  | { type: 'replay'; files: ReplayFileSpec[] }
  | { type: 'source'; source: MarketSource };

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Accepted API keys; default SIM_API_KEY/SIM_API_SECRET-style defaults (sim-key/sim-secret). */
  credentials?: Credentials | Credentials[];
  market?: MarketSpec;
  /**
   * Market clock: a factor of real time (1 = real time), 'max' (as fast as the CPU allows) or
   * 'manual' (moves only through advance()/POST /sim/advance; for deterministic tests).
   */
  speed?: number | 'max' | 'manual';
  symbols?: string[];
  instruments?: Record<string, Partial<InstrumentSpec>>;
  fees?: FeeConfig;
  impact?: PermanentImpactConfig | Record<string, PermanentImpactConfig>;
  resilienceHalfLifeMs?: number;
  initialBalanceUsdt?: number;
  leverage?: number;
  bboFusion?: boolean;
  faults?: FaultConfig;
  faultSeed?: number;
  /**
   * Refuse disconnect cancel-all (POST /v5/order/disconnected-cancel-all answers retCode 10005), as
   * for an account Bybit has not enabled it for: true for every key, or a list of keys.
   */
  dcpRefused?: boolean | string[];
  /** Per-endpoint request limits per window (default: Bybit's per-second numbers). */
  endpointLimits?: Record<string, number>;
  rateLimitWindowMs?: number;
  ipLimit?: { limit?: number; windowMs?: number; banMs?: number };
  /** Wall-clock interval of the driver: market catch-up and WS publishing (ms). */
  tickMs?: number;
  wallClock?: Clock;
  log?: (msg: string) => void;
}

export interface SimulatorHandle {
  restUrl: string;
  wsUrl: string;
  port: number;
  venue: Venue;
  faults: FaultInjector;
  clock: MarketClock;
  /** Disconnect cancel-all state per API key. */
  dcp: DisconnectCancelAll;
  /** Step a manual market clock by `ms` and process events; returns the new market time. */
  advance(ms: number): number;
  /** Step a manual market clock to `t`. */
  advanceTo(t: number): number;
  /** Push pending WS frames now (the driver does it every tickMs). */
  publish(): void;
  /** Halt the market: market time and the source stand still; orders and streams keep working. */
  pauseMarket(): void;
  resumeMarket(): void;
  close(): Promise<void>;
}

function buildSource(spec: MarketSpec, symbols: string[] | undefined, startTime: number): MarketSource {
  switch (spec.type) {
    case 'source':
      return spec.source;
    case 'replay':
      return createReplaySource(spec.files);
    case 'synthetic': {
      const syms = spec.symbols ?? symbols ?? ['BTCUSDT'];
      const parts = syms.map((symbol, i) => {
        const inst = instrumentSpec(symbol);
        const known: Record<string, number> = { BTCUSDT: 60_000, ETHUSDT: 3_000, XRPUSDT: 0.6 };
        return new SyntheticSource({
          symbol,
          startTime: spec.startTime ?? startTime,
          seed: (spec.seed ?? 42) + i,
          tickSize: Number(inst.tickSize),
          qtyStep: Number(inst.qtyStep),
          startPrice: known[symbol] ?? 100,
          ...spec.config,
        });
      });
      return parts.length === 1 ? parts[0]! : new MergedSource(parts);
    }
  }
}

/**
 * Start a Bybit v5-compatible simulator on loopback: REST and WebSockets on one port.
 * In-process use: `const sim = await startSimulator({ speed: 'manual' }); ... await sim.close();`
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const wall = options.wallClock ?? new SystemClock();
  const log = options.log ?? (() => undefined);
  const source = buildSource(
    options.market ?? { type: 'synthetic' },
    options.symbols,
    Math.floor(wall.now()),
  );
  const first = source.peekTime();
  const clock = new MarketClock(first ?? wall.now(), wall);
  const venue = new Venue({
    clock,
    source,
    symbols: options.symbols,
    instruments: options.instruments,
    fees: options.fees,
    impact: options.impact,
    resilienceHalfLifeMs: options.resilienceHalfLifeMs,
    initialBalanceUsdt: options.initialBalanceUsdt,
    leverage: options.leverage,
    bboFusion: options.bboFusion,
  });
  // Warm-up: replays start with diffs that precede their seeding snapshot; play until every
  // symbol has a book so that the first order sees a market.
  for (let guard = 0; guard < 10_000_000; guard++) {
    if ([...venue.symbols.values()].every((s) => s.ready)) break;
    const t = venue.sourcePeekTime();
    if (t === undefined) break;
    clock.set(t);
    venue.advanceTo(t);
  }
  const speed = options.speed ?? 1;
  if (typeof speed === 'number') {
    if (!(speed > 0)) throw new SimConfigError(`speed must be > 0, 'max' or 'manual'; got ${speed}`);
    clock.runScaled(speed);
  }

  const creds = options.credentials ?? DEFAULT_CREDENTIALS;
  const faults = new FaultInjector(options.faultSeed ?? 7, options.faults ?? {});
  const ip = options.ipLimit ?? {};
  const dcp = new DisconnectCancelAll(wall, options.dcpRefused ?? false);
  // The gateway needs the context and the context calls the gateway: a late-bound holder.
  const late: { gateway?: WsGateway } = {};
  const ctx: SimContext = {
    venue,
    auth: new Authenticator(Array.isArray(creds) ? creds : [creds]),
    faults,
    dcp,
    wallClock: wall,
    limiter: new RollingLimiter(wall, options.rateLimitWindowMs ?? 1000),
    ipLimiter: new IpLimiter(wall, ip.limit ?? 600, ip.windowMs ?? 5000, ip.banMs ?? 10 * 60_000),
    endpointLimits: { ...DEFAULT_ENDPOINT_LIMITS, ...options.endpointLimits },
    advance: () => {
      if (!clock.isManual) venue.advanceTo(clock.now());
    },
    advanceManual: (to, ms) => {
      // In 'max' mode the driver owns the (manual) clock; stepping it from outside would race.
      if (speed !== 'manual')
        throw new SimConfigError(`advance needs speed "manual"; this simulator runs at ${speed}`);
      if (clock.paused) throw new SimConfigError('the market is paused: POST /sim/market/resume first');
      const target = to ?? clock.now() + (ms ?? 0);
      clock.set(target);
      venue.advanceTo(target);
      late.gateway?.publish();
      return clock.now();
    },
    pauseMarket: () => clock.pause(),
    resumeMarket: () => clock.resume(),
    state: () => ({
      marketTime: clock.now(),
      wallTime: wall.now(),
      speed,
      paused: clock.paused,
      source: { exhausted: venue.sourceExhausted, nextEventTime: venue.sourcePeekTime() ?? null },
      wsConnections: late.gateway?.connectionCount ?? 0,
      dcp: dcp.view(),
      symbols: [...venue.symbols.values()].map((s) => {
        const b = venue.bestTicks(s);
        return {
          symbol: s.inst.symbol,
          bestBid: b.bid !== undefined ? s.inst.price(b.bid) : null,
          bestAsk: b.ask !== undefined ? s.inst.price(b.ask) : null,
          impactOffset: s.inst.price(s.offsetTicks),
          cumulativeQty: s.impact.cumulativeQty,
        };
      }),
    }),
    wsDisconnect: (path) => late.gateway?.disconnect(path) ?? 0,
    wsRestart: (symbol) => late.gateway?.restart(symbol),
    log,
  };
  const gateway = new WsGateway(ctx);
  late.gateway = gateway;

  const server: Server = createServer((req, res) => {
    handleRest(ctx, req, res).catch((e: unknown) => {
      log(`request failed: ${(e as Error).message}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  // Idle keep-alive sockets would hold close() open.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';

  // Driver: let market time catch up with the clock and publish WS frames.
  const tickMs = options.tickMs ?? 20;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    if (stopped) return;
    try {
      if (clock.paused) {
        // A halted market: nothing moves, but streams keep publishing what our own orders change.
      } else if (speed === 'max') {
        // As fast as possible, in slices so the servers stay responsive.
        const until = Date.now() + tickMs;
        while (Date.now() < until) {
          const t = venue.sourcePeekTime();
          if (t === undefined) break;
          for (let i = 0; i < 2000; i++) {
            const nt = venue.sourcePeekTime();
            if (nt === undefined) break;
            clock.set(nt);
            venue.advanceTo(nt);
          }
        }
      } else if (speed !== 'manual') {
        venue.advanceTo(clock.now());
      }
      for (const t of dcp.due()) {
        const cancelled = venue.cancelAllOfKey(t.apiKey, 'CancelByDCP');
        log(
          `disconnect cancel-all: key ${t.apiKey} had no dcp connection for ${t.windowS} s, ` +
            `${cancelled.length} order(s) cancelled`,
        );
      }
      gateway.publish();
    } catch (e) {
      log(`driver error: ${(e as Error).message}`);
    }
    timer = setTimeout(tick, speed === 'max' ? 0 : tickMs);
  };
  timer = setTimeout(tick, 0);

  const handle: SimulatorHandle = {
    restUrl: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}`,
    port,
    venue,
    faults,
    clock,
    dcp,
    advance: (ms) => ctx.advanceManual(undefined, ms),
    advanceTo: (t) => ctx.advanceManual(t),
    publish: () => gateway.publish(),
    pauseMarket: () => ctx.pauseMarket(),
    resumeMarket: () => ctx.resumeMarket(),
    close: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return handle;
}
