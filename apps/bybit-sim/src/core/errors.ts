/**
 * Named errors. `VenueError` is an expected business outcome that the REST/WS layers turn into
 * Bybit's envelope (HTTP 200, retCode != 0); the others are configuration or data problems that
 * stop the simulator with a message saying what to fix.
 */
export class VenueError extends Error {
  override readonly name = 'VenueError';
  constructor(
    readonly retCode: number,
    readonly retMsg: string,
  ) {
    super(`retCode ${retCode}: ${retMsg}`);
  }
}

export class SimConfigError extends Error {
  override readonly name = 'SimConfigError';
}

export class MarketDataError extends Error {
  override readonly name = 'MarketDataError';
}

/** Bybit v5 retCodes used by the simulator (spelling and numbers from the v5 error table). */
export const RetCode = {
  OK: 0,
  PARAM_ERROR: 10001,
  TIMESTAMP: 10002,
  INVALID_KEY: 10003,
  BAD_SIGN: 10004,
  PERMISSION_DENIED: 10005,
  RATE_LIMIT: 10006,
  ROUTE_NOT_FOUND: 10017,
  ORDER_NOT_EXIST: 110001,
  INSUFFICIENT_BALANCE: 110007,
  QTY_TRUNCATES_TO_ZERO: 110017,
  DUPLICATE_ORDER_LINK_ID: 110072,
  BELOW_MIN_NOTIONAL: 110094,
  WS_DUPLICATE_REQ_ID: 20006,
} as const;
