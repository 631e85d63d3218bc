export * from './redis-order-store.js';
export * from './redis-rate-counter.js';
export * from './jetstream-event-sink.js';
export * from './nats-ports.js';
export * from './snapshot-cache.js';
export * from './redis-verdict-audit.js';
