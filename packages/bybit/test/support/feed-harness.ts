import { EventEmitter } from 'node:events';
import type { RestClientV5, WebsocketClient } from 'bybit-api';
import { ManualClock } from '../../src/common/manual-clock.js';
import type { MarketFeatures } from '../../src/market-data/features.js';
import {
  BybitPublicFeed,
  type BybitPublicFeedOptions,
  type FeedEvent,
} from '../../src/market-data/public-feed.js';

/** Records what the feed asks of the SDK; the test plays the venue by emitting `update`. */
export class FakeWsClient extends EventEmitter {
  readonly calls: string[] = [];
  subscribeV5(topics: string | string[]): Promise<unknown>[] {
    for (const t of ([] as string[]).concat(topics)) this.calls.push(`subscribe:${t}`);
    return [Promise.resolve()];
  }
  unsubscribeV5(topics: string | string[]): Promise<unknown>[] {
    for (const t of ([] as string[]).concat(topics)) this.calls.push(`unsubscribe:${t}`);
    return [Promise.resolve()];
  }
  closeAll(): void {
    this.calls.push('closeAll');
  }
}

export const TOPIC = 'orderbook.50.BTCUSDT';
export const T0 = 1_700_000_000_000;

/** An orderbook.50 message with one level a side. */
export function ob(type: 'snapshot' | 'delta', u: number, bid = '100', ask = '101') {
  return {
    topic: TOPIC,
    type,
    ts: 1000 + u,
    data: { s: 'BTCUSDT', b: [[bid, '1']], a: [[ask, '1']], u, seq: u },
  };
}

/** Lets the resubscribe promises (unsubscribe, then subscribe) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** A feed on a fake SDK client and a manual clock, publishing into an array. */
export function feedHarness(options: Partial<BybitPublicFeedOptions> = {}) {
  const clock = new ManualClock(T0);
  const ws = new FakeWsClient();
  const events: FeedEvent[] = [];
  const published: MarketFeatures[] = [];
  const feed = new BybitPublicFeed({
    symbols: ['BTCUSDT'],
    wsClient: ws as unknown as WebsocketClient,
    restClient: {} as RestClientV5,
    clock,
    timer: clock,
    staleAfterMs: 1000,
    watchdogIntervalMs: 100,
    klineBackfillMinutes: 0,
    snapshots: { sink: (_s, f) => void published.push(f), cadenceMs: 100, idleRepublishMs: 1000 },
    onEvent: (e) => events.push(e),
    ...options,
  });
  const resubscribes = () => ws.calls.filter((c) => c === `unsubscribe:${TOPIC}`).length;
  /** Advance the clock in 10 ms steps, letting the resubscribe promises run at each. */
  const advance = async (ms: number) => {
    let t = 0;
    // advance(0) still runs what is due now (the publisher's immediate flush is a 0 ms timer).
    do {
      const step = Math.min(10, ms - t);
      clock.advance(step);
      t += step;
      await settle();
    } while (t < ms);
  };
  return { clock, ws, feed, events, published, resubscribes, advance };
}
