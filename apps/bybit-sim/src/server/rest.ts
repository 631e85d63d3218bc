import type { IncomingMessage, ServerResponse } from 'node:http';
import { RetCode, SimConfigError, VenueError } from '../core/errors.js';
import type { SimContext } from './context.js';

type Params = Record<string, unknown>;
type Handler = (ctx: SimContext, p: Params) => unknown;
/** Signed endpoints also learn which API key signed the request. */
type PrivateHandler = (ctx: SimContext, p: Params, apiKey: string) => unknown;

/** Public market endpoints: no auth, IP limit only. */
const PUBLIC: Record<string, Handler> = {
  'GET /v5/market/orderbook': (c, p) => c.venue.orderbookResult(p),
  'GET /v5/market/tickers': (c, p) => c.venue.tickersResult(p),
  'GET /v5/market/recent-trade': (c, p) => c.venue.recentTradesResult(p),
  'GET /v5/market/kline': (c, p) => c.venue.klineResult(p),
  'GET /v5/market/funding/history': (c, p) => c.venue.fundingHistoryResult(p),
  'GET /v5/market/instruments-info': (c, p) => c.venue.instrumentsResult(p),
  'GET /v5/market/time': (c) => {
    const ms = c.wallClock.now();
    return { timeSecond: String(Math.floor(ms / 1000)), timeNano: `${Math.floor(ms)}000000` };
  },
};

/** Signed endpoints, each with its own per-UID rate-limit bucket. */
const PRIVATE: Record<string, PrivateHandler> = {
  'POST /v5/order/create': (c, p, key) => c.venue.createOrder(p, 'rest', key),
  'POST /v5/order/amend': (c, p) => c.venue.amendOrder(p),
  'POST /v5/order/cancel': (c, p) => c.venue.cancelOrder(p),
  'POST /v5/order/cancel-all': (c, p) => c.venue.cancelAll(p),
  'POST /v5/order/disconnected-cancel-all': (c, p, key) => c.dcp.setWindow(key, p),
  'GET /v5/order/realtime': (c, p) => c.venue.openOrders(p),
  'GET /v5/order/history': (c, p) => c.venue.orderHistory(p),
  'GET /v5/execution/list': (c, p) => c.venue.executionList(p),
  'GET /v5/position/list': (c, p) => c.venue.positionList(p),
  'GET /v5/account/wallet-balance': (c, p) => c.venue.walletBalanceResult(p),
};

/** Parse a raw query string, decoding each value exactly once (the signature uses it raw). */
export function parseQuery(raw: string): Params {
  const out: Params = {};
  if (!raw) return out;
  for (const part of raw.split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const k = i < 0 ? part : part.slice(0, i);
    const v = i < 0 ? '' : part.slice(i + 1);
    try {
      out[decodeURIComponent(k)] = decodeURIComponent(v);
    } catch {
      out[k] = v;
    }
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.writableEnded || res.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function envelope(
  ctx: SimContext,
  retCode: number,
  retMsg: string,
  result: unknown,
): Record<string, unknown> {
  return { retCode, retMsg, result: result ?? {}, retExtInfo: {}, time: Math.floor(ctx.wallClock.now()) };
}

function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * The REST layer: Bybit's transport conventions (status codes, envelope, signing, rate limits,
 * faults) around the venue's methods. It holds no trading logic.
 */
export async function handleRest(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
  const method = req.method ?? 'GET';
  const body = method === 'POST' || method === 'PUT' || method === 'DELETE' ? await readBody(req) : '';

  if (path.startsWith('/sim/')) {
    await handleControl(ctx, method, path, rawQuery, body, res);
    return;
  }

  // IP limit first, as Bybit's edge does: 403 with a plain-text body, no envelope.
  const ip = clientIp(req);
  const ban = ctx.faults.takeIpBan();
  if (ban !== undefined) ctx.ipLimiter.ban(ip, ban);
  if (!ctx.ipLimiter.allow(ip)) {
    send(res, 403, 'access too frequent');
    return;
  }
  await sleep(ctx.faults.latency());
  if (ctx.faults.fire('http5xx', path)) {
    const status = ctx.faults.rule('http5xx')?.status ?? 503;
    send(res, status, status === 503 ? 'Service Unavailable' : 'Internal Server Error');
    return;
  }
  if (ctx.faults.fire('rateLimit', path)) {
    const kind = ctx.faults.rule('rateLimit')?.kind ?? '10006';
    if (kind === '429') send(res, 429, 'Too Many Requests');
    else {
      const now = Math.floor(ctx.wallClock.now());
      send(res, 200, envelope(ctx, RetCode.RATE_LIMIT, 'Too many visits!', {}), {
        'X-Bapi-Limit': '10',
        'X-Bapi-Limit-Status': '0',
        'X-Bapi-Limit-Reset-Timestamp': String(now + 1000),
      });
    }
    return;
  }

  const key = `${method} ${path}`;
  const pub = PUBLIC[key];
  const priv = PRIVATE[key];
  if (!pub && !priv) {
    const known = [...Object.keys(PUBLIC), ...Object.keys(PRIVATE)].some((k) => k.endsWith(` ${path}`));
    // A known path with the wrong method is HTTP 400 at Bybit; an unknown path 404.
    send(
      res,
      known ? 400 : 404,
      envelope(ctx, RetCode.ROUTE_NOT_FOUND, `route not found: ${method} ${path}`, {}),
    );
    return;
  }

  let params: Params;
  if (method === 'GET') params = parseQuery(rawQuery);
  else {
    try {
      const parsed: unknown = body ? JSON.parse(body) : {};
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      params = parsed as Params;
    } catch {
      send(res, 200, envelope(ctx, RetCode.PARAM_ERROR, 'params error: body is not a JSON object', {}));
      return;
    }
  }

  const headers: Record<string, string> = {};
  try {
    // Market time follows the source; let it catch up before answering.
    ctx.advance();
    let uid = '';
    if (priv) {
      uid = ctx.auth.verifyRest(
        {
          apiKey: header(req, 'x-bapi-api-key'),
          timestamp: header(req, 'x-bapi-timestamp'),
          sign: header(req, 'x-bapi-sign'),
          recvWindow: header(req, 'x-bapi-recv-window'),
          payload: method === 'GET' ? rawQuery : body,
        },
        ctx.wallClock.now(),
      );
      const limit = ctx.endpointLimits[path] ?? 50;
      const st = ctx.limiter.take(`${uid}:${path}`, limit);
      headers['X-Bapi-Limit'] = String(st.limit);
      headers['X-Bapi-Limit-Status'] = String(st.remaining);
      headers['X-Bapi-Limit-Reset-Timestamp'] = String(st.resetAt);
      if (!st.allowed) throw new VenueError(RetCode.RATE_LIMIT, 'Too many visits!');
    }
    const result = priv ? priv(ctx, params, uid) : pub!(ctx, params);
    if (ctx.faults.fire('responseLost', path)) {
      // The venue has already acted on the request; the client never learns the outcome.
      const delay = ctx.faults.rule('responseLost')?.delayMs ?? 0;
      await sleep(delay);
      req.socket.destroy();
      return;
    }
    send(res, 200, envelope(ctx, 0, 'OK', result), headers);
  } catch (e) {
    if (e instanceof VenueError) {
      send(res, 200, envelope(ctx, e.retCode, e.retMsg, {}), headers);
      return;
    }
    ctx.log(`internal error on ${method} ${path}: ${(e as Error).message}`);
    send(res, 500, envelope(ctx, 10016, 'internal error', {}));
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Control endpoints for tests and operators (no auth: the simulator listens on loopback).
 *   GET  /sim/ledger            every order, status change, fill and rejection + violations
 *   GET  /sim/state             clock, source position, books' top, impact offsets
 *   GET  /sim/faults            current fault config and how often each fired
 *   POST /sim/faults            merge a FaultConfig
 *   POST /sim/faults/reset      clear all faults (and IP bans)
 *   POST /sim/advance           {"ms":N} or {"to":T}: step a manual market clock
 *   POST /sim/market/pause      halt the market: market time and the source stand still
 *   POST /sim/market/resume     let the market run again from where it stopped
 *   POST /sim/ws/disconnect     {"path"?: "/v5/private"}: drop WS connections now
 *   POST /sim/ws/restart        {"symbol"?}: send u=1 orderbook snapshots now
 */
async function handleControl(
  ctx: SimContext,
  method: string,
  path: string,
  _rawQuery: string,
  body: string,
  res: ServerResponse,
): Promise<void> {
  let json: Record<string, unknown> = {};
  if (body) {
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch {
      send(res, 400, { error: 'body is not JSON' });
      return;
    }
  }
  try {
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /sim/ledger':
        send(res, 200, ctx.venue.ledger.snapshot());
        return;
      case 'GET /sim/state':
        send(res, 200, ctx.state());
        return;
      case 'GET /sim/faults':
        send(res, 200, { config: ctx.faults.current, fired: ctx.faults.fired });
        return;
      case 'POST /sim/faults':
        ctx.faults.update(json);
        send(res, 200, { config: ctx.faults.current });
        return;
      case 'POST /sim/faults/reset':
        ctx.faults.reset();
        ctx.ipLimiter.reset();
        ctx.limiter.reset();
        send(res, 200, { config: ctx.faults.current });
        return;
      case 'POST /sim/advance': {
        const to = typeof json.to === 'number' ? json.to : undefined;
        const ms = typeof json.ms === 'number' ? json.ms : undefined;
        send(res, 200, { now: ctx.advanceManual(to, ms) });
        return;
      }
      case 'POST /sim/market/pause':
        ctx.pauseMarket();
        send(res, 200, { paused: true });
        return;
      case 'POST /sim/market/resume':
        ctx.resumeMarket();
        send(res, 200, { paused: false });
        return;
      case 'POST /sim/ws/disconnect':
        send(res, 200, { closed: ctx.wsDisconnect(typeof json.path === 'string' ? json.path : undefined) });
        return;
      case 'POST /sim/ws/restart':
        ctx.wsRestart(typeof json.symbol === 'string' ? json.symbol : undefined);
        send(res, 200, { ok: true });
        return;
      default:
        send(res, 404, { error: `unknown control endpoint ${route}` });
    }
  } catch (e) {
    const status = e instanceof SimConfigError ? 400 : 500;
    send(res, status, { error: (e as Error).message });
  }
}
