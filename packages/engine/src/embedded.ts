import {
  type Decider,
  InProcessDecision,
  InProcessImpact,
  InProcessMarketData,
  InProcessRisk,
} from './adapters/in-process-ports.js';
import { MemoryEventSink } from './adapters/memory-event-sink.js';
import { MemoryRateCounter } from './adapters/memory-rate-counter.js';
import { MemoryLeases, MemoryOrderStore } from './adapters/memory-store.js';
import { PaperVenue } from './adapters/paper-venue.js';
import { SilentLogger } from './adapters/console-logger.js';
import { SystemClock, VirtualClock } from './adapters/clocks.js';
import { DEFAULT_INSTRUMENTS, SYNTHETIC_START_PRICES } from './market/instruments.js';
import { SyntheticMarket } from './market/synthetic-market.js';
import type {
  Clock,
  DecisionPort,
  ImpactPort,
  LeasePort,
  Logger,
  MarketDataPort,
  RiskPort,
  VenuePort,
} from './ports/index.js';
import { defaultRouterConfig, type RouterConfig } from './router/config.js';
import { Router } from './router/router.js';
import { HeuristicDecider } from './services/heuristic-decider.js';
import { RiskValidator } from './services/risk-validator.js';
import { defaultRiskLimits, type RiskLimits } from '@tranche/execution-core';

export interface EmbeddedOptions {
  seed?: number;
  /** Virtual time (default) runs a two-hour order in milliseconds; real time waits for the schedule. */
  clock?: 'virtual' | 'real' | Clock;
  startMs?: number;
  config?: Partial<RouterConfig>;
  /** Limits the in-process risk service runs with, over execution-core's defaults. */
  riskLimits?: Partial<RiskLimits>;
  logger?: Logger;
  /** Parent leases; by default this process owns every parent. */
  leases?: LeasePort;
  /**
   * The in-process decision policy instead of the heuristic, e.g. one that consults a model. With
   * deadline 'market' it charges its latency in market time itself (see InProcessDecision).
   */
  decider?: { decider: Decider; deadline?: 'wall' | 'market' };
  /** Replace any in-process adapter, e.g. a venue talking to the Bybit simulator. */
  overrides?: Partial<{
    market: MarketDataPort;
    impact: ImpactPort;
    decision: DecisionPort;
    risk: RiskPort;
    venue: VenuePort;
  }>;
}

/**
 * The whole system in one process: the same router and service logic as the
 * distributed mode, wired through in-process adapters and memory state. No
 * NATS, Redis or network is needed.
 */
export function createEmbeddedSystem(options: EmbeddedOptions = {}) {
  const seed = options.seed ?? 42;
  const startMs = options.startMs ?? Date.UTC(2026, 0, 5, 12, 0, 0);
  const clock: Clock =
    typeof options.clock === 'object'
      ? options.clock
      : options.clock === 'real'
        ? new SystemClock()
        : new VirtualClock(startMs);
  const now0 = clock.now();
  const markets = new Map(
    [...DEFAULT_INSTRUMENTS.values()].map((rules, i) => [
      rules.symbol,
      new SyntheticMarket({
        symbol: rules.symbol,
        seed: seed + i,
        startPrice: SYNTHETIC_START_PRICES[rules.symbol] ?? 100,
        startMs: now0,
        rules,
      }),
    ]),
  );
  const market = options.overrides?.market ?? new InProcessMarketData(markets, clock);
  const store = new MemoryOrderStore();
  const events = new MemoryEventSink();
  const riskValidator = new RiskValidator(new MemoryRateCounter(), {
    limits: { ...defaultRiskLimits(), ...options.riskLimits },
    instruments: DEFAULT_INSTRUMENTS,
    evaluatedBy: 'risk-in-process',
  });
  const venue =
    options.overrides?.venue ?? new PaperVenue((s) => market.snapshot(s, 1000), DEFAULT_INSTRUMENTS, clock);
  const config = { ...defaultRouterConfig(), ...options.config };
  const router = new Router({
    clock,
    market,
    impact: options.overrides?.impact ?? new InProcessImpact(),
    decision:
      options.overrides?.decision ??
      (options.decider
        ? new InProcessDecision(options.decider.decider, clock, options.decider.deadline ?? 'wall')
        : new InProcessDecision(new HeuristicDecider(), clock)),
    risk: options.overrides?.risk ?? new InProcessRisk(riskValidator, clock),
    venue,
    store,
    events,
    leases: options.leases ?? new MemoryLeases('embedded', () => clock.now()),
    logger: options.logger ?? new SilentLogger(),
    config,
  });
  return { router, store, events, clock, market, venue };
}

export type EmbeddedSystem = ReturnType<typeof createEmbeddedSystem>;
