export * from './headers.js';
export * from './errors.js';
export * from './codec.js';
export * from './rpc-client.js';
export * from './nest-codec.js';
export * from './rpc-handler.js';
export * from './health.js';
export * from './microservice.js';
