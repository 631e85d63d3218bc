import { RestClientV5, WebsocketClient, type OrderParamsV5 } from 'bybit-api';
import {
  VenueAmbiguousError,
  VenueRejectedError,
  VenueCredentialsError,
  type VenueFill,
  type VenueListener,
  type VenueOrderRequest,
  type VenueOrderUpdate,
  type VenuePort,
} from '@tranche/ports';
import { validateInstrumentRules, type InstrumentRules } from '@tranche/execution-core';
import { silentLogger, toSdkLogger, type Logger } from '../common/logger.js';
import { describeError } from '../common/safe-error.js';
import {
  CANCEL_ALREADY_DONE_RET_CODES,
  errorForRetCode,
  errorForThrown,
  errorForUnreadable,
  readEnvelope,
  type RetEnvelope,
} from './errors.js';
import { parseFill, parseInstrumentRules, parseOrderUpdate } from './parse.js';

const CATEGORY = 'linear';
const PRIVATE_PATH = '/v5/private';
const EXECUTION_PAGE_SIZE = 100;
/** An order has a bounded number of fills; a cursor that never ends is a venue bug, not more data. */
const MAX_EXECUTION_PAGES = 100;
/** Bybit's own default window for disconnect cancel-all, and the bounds it accepts (seconds). */
// Off unless asked for: Bybit enables DCP per account, and a router should not depend on a feature
// the account may not have.
export const DEFAULT_DCP_WINDOW_S = 0;
export const MIN_DCP_WINDOW_S = 3;
export const MAX_DCP_WINDOW_S = 300;

export interface BybitVenueOptions {
  key: string;
  secret: string;
  /** REST base URL, e.g. `http://127.0.0.1:PORT` (default: Bybit mainnet, or testnet with `testnet`). */
  restBaseUrl?: string;
  /**
   * Private stream URL: a base without path (`ws://127.0.0.1:PORT`, `/v5/private` is appended) or the
   * full private URL (`wss://stream.bybit.com/v5/private`). Default: Bybit mainnet, or testnet.
   */
  wsUrl?: string;
  testnet?: boolean;
  /** `X-BAPI-RECV-WINDOW` and the WS auth expiry, ms (SDK default 5000). */
  recvWindow?: number;
  /** Per REST request; past it the outcome is reported as unknown. Default 5000 ms. */
  requestTimeoutMs?: number;
  logger?: Logger;
  /**
   * Called once the private stream is live again after the SDK reconnected it: re-authenticated and
   * the `order`/`execution` subscription acknowledged. Whatever happened while it was down was never
   * delivered, so the caller should reconcile its working orders (`query` each by orderLinkId).
   * Events from the moment of this call on are delivered, so a reconciliation started here misses
   * nothing.
   */
  onReconnected?: () => void;
  /** SDK heartbeat and reconnect delay (defaults 10000 / 1000 / 500 ms). */
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  reconnectTimeoutMs?: number;
  /**
   * Disconnect cancel-all (DCP) window, seconds: an integer in [3, 300], or 0 to leave it off.
   * Default 0 (off; 10 is Bybit's usual window). With it on, the private stream also subscribes `dcp` and, once live, asks Bybit to
   * cancel every open derivatives order of the account when no such stream of the account has been
   * connected for this long: orders of a process that died do not keep working unattended. Bybit
   * enables DCP per account; where it is refused, one warning is logged and trading carries on.
   */
  dcpWindowS?: number;
}

/** Throws unless `w` is 0 (off) or a window Bybit accepts. */
export function validateDcpWindow(w: number): number {
  if (w === 0 || (Number.isInteger(w) && w >= MIN_DCP_WINDOW_S && w <= MAX_DCP_WINDOW_S)) return w;
  throw new Error(
    `dcpWindowS must be 0 (off) or an integer number of seconds in [${MIN_DCP_WINDOW_S}, ${MAX_DCP_WINDOW_S}], got ${w}`,
  );
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
  settled: boolean;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const d: Deferred = {
    promise,
    settled: false,
    resolve: () => {
      if (d.settled) return;
      d.settled = true;
      resolve();
    },
    reject: (error) => {
      if (d.settled) return;
      d.settled = true;
      reject(error);
    },
  };
  // A stream that fails before anyone awaits streamReady() must not become an unhandled rejection.
  promise.catch(() => undefined);
  return d;
}

/** `ws://host:port` gets the private path; a URL that already names it is used as is. */
export function privateStreamUrl(wsUrl: string): string {
  const url = new URL(wsUrl);
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '') url.pathname = PRIVATE_PATH;
  else if (path !== PRIVATE_PATH)
    throw new Error(`wsUrl must be a base URL without a path or end in ${PRIVATE_PATH}, got path "${path}"`);
  return url.toString().replace(/\/$/, '');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** `order`, `execution` and their per-category forms; never `execution.fast` (maker fills lack orderLinkId there). */
function topicKind(topic: unknown): 'order' | 'execution' | undefined {
  if (topic === 'order' || topic === `order.${CATEGORY}`) return 'order';
  if (topic === 'execution' || topic === `execution.${CATEGORY}`) return 'execution';
  return undefined;
}

/**
 * The order-routing half of the Bybit v5 adapter (linear perpetuals) behind the router's
 * `VenuePort`: orders over REST, their reports over the private WebSocket.
 *
 * Every SDK failure becomes a `VenueRejectedError` (the venue refused; retrying as is will not
 * help) or a `VenueAmbiguousError` (the venue may or may not have acted; look the order up by
 * orderLinkId before anything else). SDK error objects are never logged or rethrown: on a non-200
 * answer they carry the API secret.
 */
export class BybitVenue implements VenuePort {
  private readonly rest: RestClientV5;
  private ws: WebsocketClient | undefined;
  private readonly listeners: VenueListener[] = [];
  private readonly rules = new Map<string, Promise<InstrumentRules>>();
  private readonly logger: Logger;
  private readonly dcpWindowS: number;
  /** The one disconnect cancel-all request of this venue; it never rejects. */
  private dcpSetUp: Promise<void> | undefined;
  private ready: Deferred | undefined;
  private reconnecting = false;
  private closed = false;

  constructor(private readonly options: BybitVenueOptions) {
    if (!options.key || !options.secret) throw new Error('BybitVenue needs an API key and secret');
    this.logger = options.logger ?? silentLogger;
    this.dcpWindowS = validateDcpWindow(options.dcpWindowS ?? DEFAULT_DCP_WINDOW_S);
    if (options.wsUrl !== undefined) privateStreamUrl(options.wsUrl);
    this.rest = new RestClientV5(
      {
        key: options.key,
        secret: options.secret,
        testnet: options.testnet === true,
        // Read X-Bapi-Limit-* so a rate-limited call knows when the window resets.
        parseAPIRateLimits: true,
        ...(options.restBaseUrl !== undefined ? { baseUrl: options.restBaseUrl } : {}),
        ...(options.recvWindow !== undefined ? { recv_window: options.recvWindow } : {}),
      },
      // The SDK's default is five minutes: far too long to leave an order's fate unknown.
      { timeout: options.requestTimeoutMs ?? 5000 },
    );
  }

  instrument(symbol: string): Promise<InstrumentRules> {
    const cached = this.rules.get(symbol);
    if (cached) return cached;
    const pending = this.fetchInstrument(symbol);
    this.rules.set(symbol, pending);
    // Only successes are cached: a failed look-up must be retried next time.
    pending.catch(() => {
      if (this.rules.get(symbol) === pending) this.rules.delete(symbol);
    });
    return pending;
  }

  private async fetchInstrument(symbol: string): Promise<InstrumentRules> {
    const operation = `instrument look-up for ${symbol}`;
    let response: Awaited<ReturnType<RestClientV5['getInstrumentsInfo']>>;
    try {
      response = await this.rest.getInstrumentsInfo({ category: CATEGORY, symbol });
    } catch (e) {
      throw errorForThrown(operation, e);
    }
    const env = this.envelope(operation, response);
    if (env.retCode === 10001) {
      throw new VenueRejectedError(
        '10001',
        `symbol ${symbol} is not a Bybit ${CATEGORY} contract (retCode 10001 ${env.retMsg})`,
      );
    }
    if (env.retCode !== 0) throw errorForRetCode(operation, env);
    const list: unknown = isObject(response.result) ? response.result.list : undefined;
    const item = Array.isArray(list)
      ? (list as unknown[]).find((i) => isObject(i) && i.symbol === symbol)
      : undefined;
    // instruments-info lists only status=Trading by default: a delisted or pre-launch symbol is an
    // empty list, not an error.
    if (item === undefined) {
      throw new VenueRejectedError(
        '10001',
        `symbol ${symbol} is not a trading Bybit ${CATEGORY} contract (instruments-info does not list it)`,
      );
    }
    const rules = parseInstrumentRules(item);
    if (rules === undefined)
      throw new Error(`Bybit instruments-info for ${symbol} lacks its price or lot filters`);
    validateInstrumentRules(rules);
    return rules;
  }

  async submit(order: VenueOrderRequest): Promise<{ venueOrderId: string }> {
    const operation = `order create ${order.orderLinkId}`;
    const params: OrderParamsV5 = {
      category: CATEGORY,
      symbol: order.symbol,
      side: order.side,
      orderType: order.orderType,
      qty: order.qty,
      timeInForce: order.timeInForce,
      orderLinkId: order.orderLinkId,
    };
    if (order.price !== undefined) params.price = order.price;
    let response: Awaited<ReturnType<RestClientV5['submitOrder']>>;
    try {
      response = await this.rest.submitOrder(params);
    } catch (e) {
      throw this.logged(errorForThrown(operation, e));
    }
    const env = this.envelope(operation, response);
    if (env.retCode !== 0) throw this.logged(errorForRetCode(operation, env));
    const venueOrderId: unknown = isObject(response.result) ? response.result.orderId : undefined;
    if (typeof venueOrderId !== 'string' || venueOrderId === '') {
      // Accepted, but without an id we cannot prove which order it is: let the router look it up.
      throw this.logged(errorForUnreadable(operation));
    }
    return { venueOrderId };
  }

  async cancel(symbol: string, orderLinkId: string): Promise<void> {
    const operation = `order cancel ${orderLinkId}`;
    let response: Awaited<ReturnType<RestClientV5['cancelOrder']>>;
    try {
      response = await this.rest.cancelOrder({ category: CATEGORY, symbol, orderLinkId });
    } catch (e) {
      throw this.logged(errorForThrown(operation, e));
    }
    const env = this.envelope(operation, response);
    if (env.retCode === 0) return;
    if (CANCEL_ALREADY_DONE_RET_CODES.has(env.retCode)) {
      // Unknown, filled or already cancelled: either way it no longer works, which is the goal.
      this.logger.info('cancel found nothing working', { orderLinkId, retCode: env.retCode });
      return;
    }
    throw this.logged(errorForRetCode(operation, env));
  }

  async query(
    symbol: string,
    orderLinkId: string,
  ): Promise<(VenueOrderUpdate & { fills: VenueFill[] }) | undefined> {
    // Open orders first: history may lag real time, so a just-accepted order can be missing there.
    const order =
      (await this.findOrder('active', symbol, orderLinkId)) ??
      (await this.findOrder('history', symbol, orderLinkId));
    if (order === undefined) return undefined;
    // Fills after the order: a fill racing the look-up then shows as an extra fill (deduplicated by
    // execId downstream), never as a status ahead of its fills.
    const fills = await this.fills(symbol, orderLinkId);
    return { ...order, fills };
  }

  private async findOrder(
    where: 'active' | 'history',
    symbol: string,
    orderLinkId: string,
  ): Promise<VenueOrderUpdate | undefined> {
    const operation = `${where === 'active' ? 'open order' : 'order history'} look-up ${orderLinkId}`;
    const params = { category: CATEGORY, symbol, orderLinkId } as const;
    let response: Awaited<ReturnType<RestClientV5['getActiveOrders']>>;
    try {
      response =
        where === 'active'
          ? await this.rest.getActiveOrders(params)
          : await this.rest.getHistoricOrders(params);
    } catch (e) {
      throw errorForThrown(operation, e);
    }
    const env = this.envelope(operation, response);
    if (env.retCode !== 0) throw errorForRetCode(operation, env);
    const list: unknown = isObject(response.result) ? response.result.list : undefined;
    if (!Array.isArray(list)) throw errorForUnreadable(operation);
    const raw = (list as unknown[]).find((i) => isObject(i) && i.orderLinkId === orderLinkId);
    if (raw === undefined) return undefined;
    const update = parseOrderUpdate(raw);
    // The venue knows the order but we cannot read its state: unknown, not absent.
    if (update === undefined) throw errorForUnreadable(`${operation} (order item)`);
    return update;
  }

  private async fills(symbol: string, orderLinkId: string): Promise<VenueFill[]> {
    const operation = `execution look-up ${orderLinkId}`;
    const newestFirst: VenueFill[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_EXECUTION_PAGES; page++) {
      let response: Awaited<ReturnType<RestClientV5['getExecutionList']>>;
      try {
        response = await this.rest.getExecutionList({
          category: CATEGORY,
          symbol,
          orderLinkId,
          limit: EXECUTION_PAGE_SIZE,
          ...(cursor !== undefined ? { cursor } : {}),
        });
      } catch (e) {
        throw errorForThrown(operation, e);
      }
      const env = this.envelope(operation, response);
      if (env.retCode !== 0) throw errorForRetCode(operation, env);
      const result: unknown = response.result;
      if (!isObject(result) || !Array.isArray(result.list)) throw errorForUnreadable(operation);
      for (const raw of result.list as unknown[]) {
        const fill = parseFill(raw);
        if (fill === undefined || fill.orderLinkId !== orderLinkId || seen.has(fill.execId)) continue;
        seen.add(fill.execId);
        newestFirst.push(fill);
      }
      const next = result.nextPageCursor;
      if (typeof next !== 'string' || next === '' || next === cursor) return newestFirst.reverse();
      cursor = next;
    }
    throw new VenueAmbiguousError(
      `Bybit ${operation}: fills unknown (more than ${MAX_EXECUTION_PAGES} pages of executions)`,
    );
  }

  /**
   * Adds a listener for order updates and fills from the private stream. The first call opens the
   * stream (auth, then `order` and `execution` for linear, and `dcp` unless DCP is off);
   * `streamReady()` says when it is live.
   */
  subscribe(listener: VenueListener): void {
    if (this.closed) throw new Error('BybitVenue is closed');
    this.listeners.push(listener);
    if (this.ws !== undefined) return;
    this.ready = deferred();
    const ws = this.createWsClient();
    this.ws = ws;
    ws.on('update', (msg: unknown) => this.onStreamMessage(msg));
    ws.on('response', (msg: unknown) => this.onStreamResponse(msg));
    ws.on('exception', (e: unknown) => this.onStreamException(e));
    ws.on('reconnect', () => {
      this.reconnecting = true;
      this.logger.warn('private stream lost, reconnecting; order reports may be missed until it is back');
    });
    ws.on('reconnected', () => {
      this.reconnecting = true;
      this.logger.info('private stream reconnected; waiting for the resubscription');
    });
    try {
      // One request for all topics: the SDK resubscribes them together after every reconnection, and
      // DCP counts only connections subscribed to `dcp`.
      const topics = this.dcpWindowS > 0 ? ['order', 'execution', 'dcp'] : ['order', 'execution'];
      const pending = ws.subscribeV5(topics, CATEGORY, true);
      void Promise.allSettled(pending).then((results) => {
        for (const r of results) {
          if (r.status === 'rejected')
            this.logger.error('private subscribe failed', { error: describeError(r.reason) });
        }
      });
    } catch (e) {
      this.logger.error('private subscribe failed', { error: describeError(e) });
      this.ready.reject(new Error(`Bybit private stream could not subscribe: ${describeError(e)}`));
    }
  }

  /**
   * Resolves once the private stream is authenticated and its `order`/`execution` subscription is
   * acknowledged: from then on every report reaches the listeners. With DCP on it also waits for
   * Bybit's answer to the DCP request (accepted or not), so that no order is placed before the
   * protection is in place. Rejects if authentication or the subscription is refused (the SDK does
   * not retry a refused auth) or the venue is closed.
   */
  streamReady(): Promise<void> {
    if (this.ready === undefined) return Promise.reject(new Error('subscribe() has not been called'));
    return this.ready.promise;
  }

  /** Closes the private stream. Final; REST calls still work. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ready?.reject(new Error('BybitVenue closed'));
    const ws = this.ws;
    if (ws === undefined) return;
    ws.removeAllListeners();
    // The SDK may report the forced close after we detached; never as an unhandled 'error'.
    ws.on('exception', () => undefined);
    ws.closeAll(true);
  }

  private createWsClient(): WebsocketClient {
    const o = this.options;
    return new WebsocketClient(
      {
        market: 'v5',
        key: o.key,
        secret: o.secret,
        testnet: o.testnet === true,
        ...(o.wsUrl !== undefined ? { wsUrl: privateStreamUrl(o.wsUrl) } : {}),
        ...(o.recvWindow !== undefined ? { recvWindow: o.recvWindow } : {}),
        ...(o.pingIntervalMs !== undefined ? { pingInterval: o.pingIntervalMs } : {}),
        ...(o.pongTimeoutMs !== undefined ? { pongTimeout: o.pongTimeoutMs } : {}),
        ...(o.reconnectTimeoutMs !== undefined ? { reconnectTimeout: o.reconnectTimeoutMs } : {}),
      },
      toSdkLogger(this.logger),
    );
  }

  private onStreamMessage(msg: unknown): void {
    if (!isObject(msg) || !Array.isArray(msg.data)) return;
    const kind = topicKind(msg.topic);
    if (kind === undefined) return;
    for (const item of msg.data as unknown[]) {
      // The all-in-one topics carry every category of the account; this venue routes linear only.
      if (isObject(item) && item.category !== undefined && item.category !== CATEGORY) continue;
      if (kind === 'order') {
        const update = parseOrderUpdate(item);
        if (update === undefined) {
          this.logger.warn('unreadable order report dropped', { topic: String(msg.topic) });
          continue;
        }
        this.deliver((l) => l.onOrderUpdate(update));
      } else {
        const fill = parseFill(item);
        if (fill !== undefined) this.deliver((l) => l.onFill(fill));
      }
    }
  }

  private deliver(call: (listener: VenueListener) => void): void {
    for (const listener of this.listeners) {
      try {
        call(listener);
      } catch (e) {
        // A throw inside an SDK event handler would come back as an SDK "exception"; contain it here.
        this.logger.error('venue listener failed', { error: describeError(e) });
      }
    }
  }

  private onStreamResponse(msg: unknown): void {
    if (!isObject(msg) || msg.op !== 'subscribe' || msg.success !== true) return;
    if (this.dcpWindowS > 0) {
      // Once per venue: Bybit keeps the window for the account across reconnections.
      this.dcpSetUp ??= this.setUpDcp(this.dcpWindowS);
      const ready = this.ready;
      void this.dcpSetUp.then(() => ready?.resolve());
    } else {
      this.ready?.resolve();
    }
    if (!this.reconnecting) return;
    this.reconnecting = false;
    this.logger.info('private stream resubscribed after a reconnection');
    try {
      this.options.onReconnected?.();
    } catch (e) {
      this.logger.error('onReconnected failed', { error: describeError(e) });
    }
  }

  /** Asks Bybit for disconnect cancel-all on derivatives; logs the outcome, never throws. */
  private async setUpDcp(timeWindow: number): Promise<void> {
    const unprotected = 'open orders stay working if this process loses its private stream';
    let response: unknown;
    try {
      response = await this.rest.setDisconnectCancelAllWindowV2({ product: 'DERIVATIVES', timeWindow });
    } catch (e) {
      // The SDK's error object carries the secret: only describeError's safe fields are logged.
      this.logger.warn(
        `disconnect cancel-all (DCP) not set: the request failed (${describeError(e)}); ${unprotected}`,
        { dcpWindowS: timeWindow },
      );
      return;
    }
    const env = readEnvelope(response);
    if (env === undefined) {
      this.logger.warn(
        `disconnect cancel-all (DCP) not set: the answer is not a v5 envelope; ${unprotected}`,
        { dcpWindowS: timeWindow },
      );
    } else if (env.retCode !== 0) {
      this.logger.warn(
        `disconnect cancel-all (DCP) not set: Bybit refused it (retCode ${env.retCode} ${env.retMsg.slice(0, 200)}); ` +
          `the account may not have DCP enabled; ${unprotected}`,
        { dcpWindowS: timeWindow, retCode: env.retCode },
      );
    } else {
      this.logger.info(
        'disconnect cancel-all (DCP) on: Bybit cancels open orders once the private stream is gone',
        { dcpWindowS: timeWindow },
      );
    }
  }

  private onStreamException(e: unknown): void {
    this.logger.error('private stream exception', { error: describeError(e) });
    if (isObject(e) && (e.op === 'auth' || e.op === 'subscribe') && e.success === false) {
      const reason = typeof e.ret_msg === 'string' ? e.ret_msg : 'no reason given';
      this.ready?.reject(
        e.op === 'auth'
          ? new VenueCredentialsError(
              `Bybit refused the API key on the private stream (${reason}); check BYBIT_API_KEY and ` +
                'BYBIT_API_SECRET (or BYBIT_API_SECRET_FILE), and that the key may trade',
            )
          : new Error(`Bybit private stream ${String(e.op)} refused: ${reason}`),
      );
    }
  }

  private envelope(operation: string, response: unknown): RetEnvelope {
    const env = readEnvelope(response);
    if (env === undefined) throw this.logged(errorForUnreadable(operation));
    return env;
  }

  private logged<E extends Error>(error: E): E {
    this.logger.warn(error.message, { error: error.name });
    return error;
  }
}
