export type { Clock, Timer, TimerHandle } from './common/clock.js';
export { systemClock, systemTimer } from './common/clock.js';
export { ManualClock } from './common/manual-clock.js';
export type { Logger, LogContext } from './common/logger.js';
export { silentLogger } from './common/logger.js';
export { describeError } from './common/safe-error.js';
export * from './common/parse.js';
export type * from './common/venue-types.js';

export type * from './market-data/types.js';
export { BookSide } from './market-data/book-side.js';
export { L2Book } from './market-data/l2-book.js';
export type { ApplyOutcome, BookState, L2BookOptions } from './market-data/l2-book.js';
export { compareBook } from './market-data/book-divergence.js';
export type { BookDivergence } from './market-data/book-divergence.js';
export { TickerState } from './market-data/ticker-state.js';
export { BucketRing, SecondReturns } from './market-data/rolling-window.js';
export { FeatureEngine } from './market-data/features.js';
export type { FeatureEngineOptions, MarketFeatures } from './market-data/features.js';
export { IngestMetrics } from './market-data/ingest-metrics.js';
export type {
  IngestMetricsOptions,
  IngestMetricsSnapshot,
  ResyncReason,
} from './market-data/ingest-metrics.js';
export { IngestPipeline, orderbookTopic } from './market-data/ingest-pipeline.js';
export type {
  BookDepth,
  IngestHooks,
  IngestPipelineOptions,
  SymbolMarketState,
} from './market-data/ingest-pipeline.js';
export { SnapshotPublisher } from './market-data/snapshot-publisher.js';
export type {
  ChangeProbe,
  SignificanceOptions,
  SnapshotPublisherOptions,
  SnapshotSink,
} from './market-data/snapshot-publisher.js';
export { BybitPublicFeed } from './market-data/public-feed.js';
export type { BybitPublicFeedOptions, CrossCheckResult, FeedEvent } from './market-data/public-feed.js';

export { readBybitArchiveLines, readZip } from './replay/archive.js';
export type { ZipEntry } from './replay/archive.js';
export { toDepthStream } from './replay/depth-stream.js';

export {
  BybitVenue,
  DEFAULT_DCP_WINDOW_S,
  MAX_DCP_WINDOW_S,
  MIN_DCP_WINDOW_S,
  privateStreamUrl,
  validateDcpWindow,
} from './trading/bybit-venue.js';
export type { BybitVenueOptions } from './trading/bybit-venue.js';
export { parseFill, parseInstrumentRules, parseOrderStatus, parseOrderUpdate } from './trading/parse.js';
export { AMBIGUOUS_RET_CODES, CANCEL_ALREADY_DONE_RET_CODES } from './trading/errors.js';
export type * from './trading/venue-types.js';
