export * from './ports.js';
export * from './processes.js';
export * from './service-process.js';
export * from './otlp-receiver.js';
