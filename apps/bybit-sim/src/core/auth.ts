import { createHmac, timingSafeEqual } from 'node:crypto';
import { RetCode, VenueError } from './errors.js';

export interface Credentials {
  apiKey: string;
  apiSecret: string;
}

/** Documented defaults for local runs (README); override with SIM_API_KEY / SIM_API_SECRET. */
export const DEFAULT_CREDENTIALS: Credentials = { apiKey: 'sim-key', apiSecret: 'sim-secret' };

export function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

/**
 * Bybit v5 REST signing: HMAC-SHA256(secret, timestamp + apiKey + recvWindow + payload), lower
 * hex, where payload is the raw query string (GET) or the raw body (POST), exactly as received.
 */
export function restSignPayload(
  timestamp: string,
  apiKey: string,
  recvWindow: string,
  payload: string,
): string {
  return timestamp + apiKey + recvWindow + payload;
}

export interface RestAuthInput {
  apiKey: string | undefined;
  timestamp: string | undefined;
  sign: string | undefined;
  recvWindow: string | undefined;
  payload: string;
}

function safeEqualHex(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export class Authenticator {
  private readonly keys = new Map<string, string>();
  constructor(creds: Credentials[]) {
    for (const c of creds) this.keys.set(c.apiKey, c.apiSecret);
  }

  /** Throws the VenueError Bybit would return; returns the key (our UID) on success. */
  verifyRest(input: RestAuthInput, serverTime: number): string {
    const { apiKey, timestamp, sign, payload } = input;
    if (!apiKey || !timestamp || !sign) {
      throw new VenueError(
        RetCode.INVALID_KEY,
        'API key is invalid. Missing X-BAPI-API-KEY, X-BAPI-TIMESTAMP or X-BAPI-SIGN',
      );
    }
    const secret = this.keys.get(apiKey);
    if (secret === undefined) throw new VenueError(RetCode.INVALID_KEY, 'API key is invalid.');
    const recvWindow = input.recvWindow ?? '5000';
    const ts = Number(timestamp);
    const rw = Number(recvWindow);
    if (!Number.isFinite(ts) || !Number.isFinite(rw) || rw <= 0) {
      throw new VenueError(
        RetCode.PARAM_ERROR,
        'params error: X-BAPI-TIMESTAMP and X-BAPI-RECV-WINDOW must be numbers',
      );
    }
    // Bybit's rule: server_time - recv_window <= timestamp < server_time + 1000.
    if (!(serverTime - rw <= ts && ts < serverTime + 1000)) {
      throw new VenueError(
        RetCode.TIMESTAMP,
        `invalid request, please check your server timestamp or recv_window param. req_timestamp[${timestamp}],server_timestamp[${Math.floor(serverTime)}],recv_window[${recvWindow}]`,
      );
    }
    const origin = restSignPayload(timestamp, apiKey, recvWindow, payload);
    if (!safeEqualHex(hmacHex(secret, origin), sign.toLowerCase())) {
      throw new VenueError(RetCode.BAD_SIGN, `error sign! origin_string[${origin}]`);
    }
    return apiKey;
  }

  /** WS auth: args [apiKey, expires, signature] with signature = HMAC(secret, "GET/realtime" + expires). */
  verifyWs(args: unknown, serverTime: number): string {
    if (!Array.isArray(args) || args.length < 3) throw new VenueError(RetCode.PARAM_ERROR, 'Params Error');
    const [apiKey, expires, sig] = args as unknown[];
    if (typeof apiKey !== 'string' || typeof sig !== 'string')
      throw new VenueError(RetCode.PARAM_ERROR, 'Params Error');
    const secret = this.keys.get(apiKey);
    if (secret === undefined) throw new VenueError(RetCode.INVALID_KEY, 'API key is invalid.');
    const exp = Number(expires);
    if (!Number.isFinite(exp) || exp <= serverTime) {
      throw new VenueError(RetCode.PARAM_ERROR, 'Params Error: request expired');
    }
    if (!safeEqualHex(hmacHex(secret, `GET/realtime${String(expires)}`), sig.toLowerCase())) {
      throw new VenueError(RetCode.BAD_SIGN, 'error sign!');
    }
    return apiKey;
  }
}
