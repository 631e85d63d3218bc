// What the benchmarks that run the services against the simulator share: a calm market (children
// rest until they are cancelled), the services' environment, the wait for tradable snapshots, the
// venue's own open orders, the global trading-state command and the nearest-rank percentile.
import { BybitVenue } from '@tranche/bybit';
import type { SimulatorHandle } from '@tranche/bybit-sim';
import { Dec, roundPriceToTick } from '@tranche/execution-core';
import { marketdata, risk, Subjects } from '@tranche/contracts';
import { sleep, waitFor, type ManagedServer } from '@tranche/testing';
import type { RpcClient } from '@tranche/transport';

/**
 * A calm synthetic market: in the default one (2.6 % daily volatility, 10 trades a second) a child
 * resting at the BTCUSDT touch is filled or crossed within 0.1-10 s, so few would still be working
 * when a halt lands or a replica dies.
 */
export const CALM_MARKET = {
  dailyVolatility: 0.00005,
  tradesPerSecond: 0.2,
  cascadesPerDay: 0,
  spreadBlowoutsPerDay: 0,
};

/** The five services' environment for trading the simulator through the real Bybit adapters. */
export function servicesEnv(
  nats: ManagedServer,
  redis: ManagedServer,
  sim: SimulatorHandle,
  symbols: readonly string[],
  key: { apiKey: string; apiSecret: string },
): Record<string, string> {
  return {
    NATS_URL: nats.url,
    REDIS_URL: redis.url,
    HEALTH_PORT: '0',
    MD_SOURCE: 'bybit',
    MD_SYMBOLS: symbols.join(','),
    MD_KLINE_BACKFILL_MINUTES: '0',
    BYBIT_WS_PUBLIC_URL: `${sim.wsUrl}/v5/public/linear`,
    BYBIT_REST_URL: sim.restUrl,
    ROUTER_VENUE: 'bybit',
    BYBIT_WS_URL: sim.wsUrl,
    BYBIT_API_KEY: key.apiKey,
    BYBIT_API_SECRET: key.apiSecret,
  };
}

/**
 * Wait until market data serves every symbol with enough volume for parents of `parentQty`: the
 * router sizes a parent against the day's volume, which a fresh market-data service extrapolates
 * from the last minute. Returns each symbol's mid.
 */
export async function tradableMids(
  rpc: RpcClient,
  parentQty: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<Map<string, string>> {
  const mids = new Map<string, string>();
  await waitFor(
    'snapshots for every symbol',
    async () => {
      for (const [symbol, qty] of Object.entries(parentQty)) {
        const r = await rpc.request(Subjects.getSnapshot, marketdata.GetSnapshotRequest.create({ symbol }));
        if (!r.found || !r.snapshot?.mid) return false;
        const daily = Number(r.snapshot.averageDailyVolume) || Number(r.snapshot.volume_1m || 0) * 1440;
        if (daily * 0.05 < 2 * Number(qty)) return false;
        mids.set(symbol, r.snapshot.mid);
      }
      return true;
    },
    timeoutMs,
    250,
  );
  return mids;
}

/** The simulator's own open linear orders, by orderLinkId (not the router's view of them). */
export function venueOpenOrders(sim: SimulatorHandle): string[] {
  const ids: string[] = [];
  let cursor = '';
  do {
    const page = sim.venue.openOrders({
      category: 'linear',
      settleCoin: 'USDT',
      limit: '50',
      ...(cursor ? { cursor } : {}),
    }) as { list: Array<{ orderLinkId: string }>; nextPageCursor: string };
    for (const o of page.list) ids.push(o.orderLinkId);
    cursor = page.nextPageCursor;
  } while (cursor);
  return ids;
}

/** A global trading state, as `tranche halt|resume-trading` without --symbol sets it. */
export function setGlobalTradingState(
  rpc: RpcClient,
  state: risk.TradingState,
  reason: string,
  requestedBy: string,
): Promise<risk.TradingStatus> {
  return rpc.request(
    Subjects.riskSetTradingState,
    risk.SetTradingStateRequest.create({ state, symbol: '', reason, requestedBy }),
  );
}

/** Nearest-rank percentile: with 50 samples, p99 is the largest. */
export function nearestRank(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * The floor of a cancel: a passive BTCUSDT order 1 % under `mid` placed, then cancelled, through the
 * same Bybit adapter the router uses, timed around the cancel alone (ms, one per sample). Under a key
 * of its own, so it neither uses up nor waits behind the router's request limits.
 */
export async function cancelFloorMs(
  sim: SimulatorHandle,
  key: { apiKey: string; apiSecret: string },
  mid: string,
  samples: number,
): Promise<number[]> {
  const venue = new BybitVenue({ key: key.apiKey, secret: key.apiSecret, restBaseUrl: sim.restUrl });
  const rules = await venue.instrument('BTCUSDT');
  const price = roundPriceToTick(new Dec(mid).times('0.99').toFixed(), rules, 'down');
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const orderLinkId = `bench-floor-${process.pid}-${i}`;
    await venue.submit({
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: rules.minOrderQty,
      price,
      timeInForce: 'PostOnly',
      orderLinkId,
    });
    const t = performance.now();
    await venue.cancel('BTCUSDT', orderLinkId);
    out.push(performance.now() - t);
    // Two requests per sample: stay under the 10 per second the venue allows per endpoint.
    await sleep(110);
  }
  venue.close();
  return out;
}
