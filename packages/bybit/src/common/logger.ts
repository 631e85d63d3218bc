import { describeError } from './safe-error.js';

export type LogContext = Record<string, string | number | boolean | undefined>;

/** Structured logger port; the app injects its own (pino, Nest, ...). */
export interface Logger {
  info(message: string, context?: LogContext): void;
  warn(message: string, context?: LogContext): void;
  error(message: string, context?: LogContext): void;
}

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * The shape bybit-api expects for its logger. The SDK passes raw objects (including caught
 * exceptions) as extra parameters, so every parameter is reduced to a safe string before it
 * reaches our logger. Trace output (every ping, every send) is dropped.
 */
export interface SdkLogger {
  trace: (...params: unknown[]) => void;
  info: (...params: unknown[]) => void;
  error: (...params: unknown[]) => void;
}

/**
 * One SDK log parameter as safe text. Most are context objects (`{category, wsKey, ...}`, sometimes
 * holding a socket or a raw exception): only their `wsKey` is kept, which says which connection.
 */
function describeSdkParam(param: unknown): string {
  if (typeof param === 'string') return param;
  const described = describeError(param);
  if (described !== 'unknown error object') return described;
  const wsKey = (param as { wsKey?: unknown }).wsKey;
  return typeof wsKey === 'string' ? `wsKey=${wsKey}` : '';
}

export function toSdkLogger(logger: Logger): SdkLogger {
  const flatten = (params: unknown[]): string =>
    params
      .map(describeSdkParam)
      .filter((s) => s !== '')
      .join(' ');
  return {
    trace: () => undefined,
    info: (...params) => logger.info(`bybit-api: ${flatten(params)}`),
    error: (...params) => logger.error(`bybit-api: ${flatten(params)}`),
  };
}
