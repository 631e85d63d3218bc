export { startSimulator } from './simulator.js';
export type { SimulatorOptions, SimulatorHandle, MarketSpec } from './simulator.js';
export { Venue, DEFAULT_FEES, DEFAULT_IMPACT, instrumentView } from './core/venue.js';
export type {
  VenueOptions,
  VenueListener,
  SimOrder,
  SimExecution,
  PublicTrade,
  FeeConfig,
  SymbolState,
} from './core/venue.js';
export { Instrument, instrumentSpec, BTCUSDT_SPEC } from './core/instruments.js';
export type { InstrumentSpec } from './core/instruments.js';
export { BookSide, SourceBook } from './core/book.js';
export { PermanentImpact, Resilience, DEFAULT_SQRT_Y } from './core/impact.js';
export type { PermanentImpactConfig } from './core/impact.js';
export { Ledger } from './core/ledger.js';
export type { LedgerSnapshot, LedgerOrderRecord, LedgerFillRecord, LedgerViolation } from './core/ledger.js';
export { Authenticator, DEFAULT_CREDENTIALS, hmacHex, restSignPayload } from './core/auth.js';
export type { Credentials } from './core/auth.js';
export { RollingLimiter, IpLimiter, DEFAULT_ENDPOINT_LIMITS } from './core/rate-limit.js';
export { FaultInjector } from './core/faults.js';
export type { FaultConfig, FaultRule } from './core/faults.js';
export { SystemClock, ManualClock, ScaledClock, MarketClock } from './core/clock.js';
export type { Clock } from './core/clock.js';
export { VenueError, SimConfigError, MarketDataError, RetCode } from './core/errors.js';
export { Rng } from './core/rng.js';
export { MergedSource, EmptySource } from './market/events.js';
export type {
  MarketEvent,
  MarketSource,
  DepthEvent,
  BboEvent,
  TradeEvent,
  FundingEvent,
  LiquidationEvent,
} from './market/events.js';
export {
  createReplaySource,
  createFileSource,
  ChainedSource,
  BinanceHftbacktestSource,
} from './market/replay.js';
export type { ReplayFileSpec, ReplayFormat } from './market/replay.js';
export { SyntheticSource, DEFAULT_SYNTHETIC, DEFAULT_HOURLY_PROFILE } from './market/synthetic.js';
export type { SyntheticConfig } from './market/synthetic.js';
export { WS_PATHS } from './server/ws.js';
export { measureSyntheticMarket } from './market/stylised-facts.js';
export type { StylisedFacts } from './market/stylised-facts.js';
export { loadConfig } from './config.js';
