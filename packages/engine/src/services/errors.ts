import { TrancheError } from '@tranche/execution-core';

/** A request that decodes but cannot be acted on; carried to callers as code BAD_REQUEST. */
export class InvalidRequestError extends TrancheError {
  declare readonly code: 'BAD_REQUEST';
  constructor(message: string) {
    super('BAD_REQUEST', message);
  }
}

export class ParentNotFoundError extends TrancheError {
  declare readonly code: 'NOT_FOUND';
  constructor(parentId: string) {
    super('NOT_FOUND', `no parent order with id ${parentId}`);
  }
}

/** Work could not finish within its deadline. */
export class DeadlineExceededError extends TrancheError {
  declare readonly code: 'DEADLINE_EXCEEDED';
  constructor(what: string, ms: number) {
    super('DEADLINE_EXCEEDED', `${what} did not finish within ${ms} ms`);
  }
}

/** Race a promise against a deadline so in-process adapters honour the same contract as NATS ones. */
export function withDeadline<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(what, ms)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function finitePositive(value: string | number | null | undefined): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * The venue could not be asked in time for something a request needs (e.g. instrument rules).
 * Transient: the caller did nothing wrong and may retry.
 */
export class VenueUnavailableError extends TrancheError {
  declare readonly code: 'VENUE_UNAVAILABLE';
  constructor(message: string) {
    super('VENUE_UNAVAILABLE', message);
  }
}

/** A parent order breaks a parent-level limit; the message names the limit and its value. */
export class ParentLimitExceededError extends TrancheError {
  declare readonly code: 'LIMIT_EXCEEDED';
  constructor(message: string) {
    super('LIMIT_EXCEEDED', message);
  }
}

/** No usable price for the symbol (market-data down, or its book stale). Transient. */
export class MarketDataUnavailableError extends TrancheError {
  declare readonly code: 'MARKET_DATA_UNAVAILABLE';
  constructor(message: string) {
    super('MARKET_DATA_UNAVAILABLE', message);
  }
}
