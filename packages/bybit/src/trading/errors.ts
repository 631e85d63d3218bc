import { VenueAmbiguousError, VenueRejectedError } from '@tranche/ports';
import { describeError } from '../common/safe-error.js';

/**
 * retCodes after which the request may or may not have been carried out.
 * - 10000 (server timeout), 10016 (server error / restarting), 110079 (order is processing): the
 *   venue may well have acted.
 * - 10006 and 10429 (rate limits): documented as not processed, but reporting them as unknown
 *   costs only one look-up by orderLinkId, and guessing wrong the other way would duplicate an order.
 */
export const AMBIGUOUS_RET_CODES: ReadonlySet<number> = new Set([10000, 10016, 110079, 10006, 10429]);

/** Cancel outcomes that mean "the order is not working any more", which is what a cancel wants. */
export const CANCEL_ALREADY_DONE_RET_CODES: ReadonlySet<number> = new Set([110001, 110008, 110010]);

const MAX_MESSAGE = 300;

function clip(s: string): string {
  return s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s;
}

/** The part of a v5 envelope that decides the outcome. */
export interface RetEnvelope {
  retCode: number;
  retMsg: string;
  /** From X-Bapi-Limit-Reset-Timestamp (the SDK's `rateLimitApi`), when the venue sent it. */
  limitResetAtMs?: number;
}

const RATE_LIMIT_RET_CODES: ReadonlySet<number> = new Set([10006, 10429]);
/** Bybit's API limits are per-second windows: without a reset time, wait one window. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;

/** Reads `{retCode, retMsg}` from whatever the SDK resolved with; `undefined` when it is not an envelope. */
export function readEnvelope(response: unknown): RetEnvelope | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const r = response as Record<string, unknown>;
  if (typeof r.retCode !== 'number') return undefined;
  const limits = r.rateLimitApi as { resetAtTimestamp?: unknown } | undefined;
  const reset = typeof limits?.resetAtTimestamp === 'number' ? limits.resetAtTimestamp : undefined;
  return {
    retCode: r.retCode,
    retMsg: typeof r.retMsg === 'string' ? r.retMsg : '',
    ...(reset !== undefined ? { limitResetAtMs: reset } : {}),
  };
}

/** The error for a v5 answer with `retCode != 0`. */
export function errorForRetCode(
  operation: string,
  env: RetEnvelope,
): VenueRejectedError | VenueAmbiguousError {
  const text = `${env.retCode} ${clip(env.retMsg)}`.trim();
  if (AMBIGUOUS_RET_CODES.has(env.retCode)) {
    const retryAfterMs = RATE_LIMIT_RET_CODES.has(env.retCode)
      ? env.limitResetAtMs !== undefined
        ? Math.min(10_000, Math.max(0, env.limitResetAtMs - Date.now()))
        : DEFAULT_RATE_LIMIT_WAIT_MS
      : undefined;
    return new VenueAmbiguousError(`Bybit ${operation}: outcome unknown (retCode ${text})`, retryAfterMs);
  }
  return new VenueRejectedError(String(env.retCode), `Bybit ${operation} rejected: retCode ${text}`);
}

/**
 * The error for anything the SDK threw: a non-200 HTTP answer (its error object carries the API
 * secret in `requestOptions`, so only `describeError`'s safe fields are kept), a timeout, a reset
 * connection. None of them says whether the venue acted, so all are ambiguous.
 */
export function errorForThrown(operation: string, error: unknown): VenueAmbiguousError {
  return new VenueAmbiguousError(`Bybit ${operation}: outcome unknown (${describeError(error)})`);
}

/** The error for a 200 answer that is not a v5 envelope at all. */
export function errorForUnreadable(operation: string): VenueAmbiguousError {
  return new VenueAmbiguousError(`Bybit ${operation}: outcome unknown (the answer is not a v5 envelope)`);
}
