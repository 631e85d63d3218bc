import { startSimulator, type SimulatorHandle } from '@tranche/bybit-sim';
import { common, execution, marketdata, Subjects } from '@tranche/contracts';
import { Dec } from '@tranche/execution-core';
import { waitFor } from '@tranche/testing';
import { Cluster } from './cluster.js';

const KEY = 'it-key';
const SECRET = 'it-secret-0123456789';

interface Ledger {
  orders: Array<{ orderLinkId: string }>;
  fills: Array<{ orderLinkId: string; execQty: string }>;
  violations: unknown[];
}

describe('the five services trading the Bybit v5 simulator through the real adapters', () => {
  const cluster = new Cluster();
  let sim: SimulatorHandle;

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      speed: 1,
      credentials: { apiKey: KEY, apiSecret: SECRET },
      market: { type: 'synthetic', symbols: ['BTCUSDT'], seed: 3 },
    });
    await cluster.start({
      MD_SOURCE: 'bybit',
      MD_SYMBOLS: 'BTCUSDT',
      MD_KLINE_BACKFILL_MINUTES: '0',
      BYBIT_WS_PUBLIC_URL: `${sim.wsUrl}/v5/public/linear`,
      BYBIT_REST_URL: sim.restUrl,
      ROUTER_VENUE: 'bybit',
      BYBIT_WS_URL: sim.wsUrl,
      BYBIT_API_KEY: KEY,
      BYBIT_API_SECRET: SECRET,
      // A market minutes old has little volume yet; this test is about routing, not the participation cap.
      RISK_MAX_PARTICIPATION: '1',
      ROUTER_IMPACT_DEADLINE_MS: '2000',
      ROUTER_RISK_DEADLINE_MS: '2000',
      ROUTER_DECISION_DEADLINE_MS: '2000',
      ROUTER_MARKET_DATA_DEADLINE_MS: '2000',
    });
  }, 120_000);

  afterAll(async () => {
    await cluster.stop();
    await sim?.close();
  }, 60_000);

  it('completes a parent order at the venue with exactly the target filled and nothing duplicated', async () => {
    await waitFor(
      'a Bybit snapshot with trade volume',
      async () => {
        const r = await cluster.rpc.request(
          Subjects.getSnapshot,
          marketdata.GetSnapshotRequest.create({ symbol: 'BTCUSDT' }),
        );
        return r.found && Number(r.snapshot!.volume_1m) > 0;
      },
      60_000,
      250,
    );
    const res = await cluster.rpc.request(
      Subjects.submitParent,
      execution.SubmitParentOrderRequest.create({
        clientOrderId: 'it-sim-1',
        symbol: 'BTCUSDT',
        side: common.Side.SIDE_SELL,
        // Small against the synthetic book (a ladder out to ~15 bps that refills with a 5 s
        // half-life), so every slice can fill within the router's 30 bps price protection.
        quantity: '0.12',
        horizonMs: 6000,
        slices: 3,
        algorithm: execution.Algorithm.ALGORITHM_TWAP,
      }),
    );
    const parentId = res.parent!.parentId!;
    const tap = await cluster.tap(parentId);
    const last = await tap.untilDone(90_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${cluster.logs()}`);
    });
    await tap.close();
    if (!last.parentCompleted) {
      const story = tap.events
        .filter((e) => e.childRejected || e.childDenied || e.fallbackUsed || e.parentFailed)
        .map((e) => JSON.stringify(execution.ExecutionEvent.toObject(e)));
      throw new Error(`parent did not complete:\n${story.join('\n')}`);
    }

    const status = await cluster.rpc.request(
      Subjects.getParent,
      execution.GetParentOrderRequest.create({ parentId }),
    );
    expect(status.parent!.filledQuantity).toBe('0.12');
    const ledger = (await (await fetch(`${sim.restUrl}/sim/ledger`)).json()) as Ledger;
    expect(ledger.violations).toEqual([]);
    const ours = new Set(status.children.map((c) => c.childId));
    const venueOrders = ledger.orders.filter((o) => ours.has(o.orderLinkId));
    // Every child the venue saw is one of ours and appears once; Denied children never reached it.
    expect(new Set(venueOrders.map((o) => o.orderLinkId)).size).toBe(venueOrders.length);
    const venueFilled = ledger.fills
      .filter((f) => ours.has(f.orderLinkId))
      .reduce((s, f) => s.plus(f.execQty), new Dec(0));
    expect(venueFilled.toFixed()).toBe('0.12');
    // Our fills are the venue's, exec id for exec id.
    expect(status.fills.length).toBe(ledger.fills.filter((f) => ours.has(f.orderLinkId)).length);
  }, 120_000);

  it('routes every algorithm at once against the venue, each completing with nothing duplicated', async () => {
    const algorithms = ['TWAP', 'VWAP', 'IS', 'POV', 'ADAPTIVE'] as const;
    const ids: string[] = [];
    for (const a of algorithms) {
      const res = await cluster.rpc.request(
        Subjects.submitParent,
        execution.SubmitParentOrderRequest.create({
          clientOrderId: `it-sim-algo-${a}`,
          symbol: 'BTCUSDT',
          side: a === 'IS' || a === 'POV' ? common.Side.SIDE_BUY : common.Side.SIDE_SELL,
          // POV keeps to its share of the young market's volume: a smaller parent it can finish.
          quantity: a === 'POV' ? '0.004' : '0.05',
          horizonMs: 8000,
          slices: 4,
          urgency: 0.9,
          algorithm: execution.Algorithm[`ALGORITHM_${a}`],
        }),
      );
      ids.push(res.parent!.parentId!);
    }
    const taps = await Promise.all(ids.map((id) => cluster.tap(id)));
    try {
      const ends = await Promise.all(taps.map((t) => t.untilDone(90_000)));
      ends.forEach((last, i) => {
        const plan = taps[i]!.events.find((e) => e.schedulePlanned)!.schedulePlanned!;
        // ADAPTIVE announces the algorithm it picked; the others their own.
        if (algorithms[i] === 'ADAPTIVE') expect(plan.reason).toMatch(/^ADAPTIVE: /);
        else expect(plan.algorithm).toBe(execution.Algorithm[`ALGORITHM_${algorithms[i]!}`]);
        if (!last.parentCompleted)
          throw new Error(
            `${algorithms[i]} did not complete: ${JSON.stringify(execution.ExecutionEvent.toObject(last))}`,
          );
      });
    } finally {
      await Promise.all(taps.map((t) => t.close()));
    }
    const ledger = (await (await fetch(`${sim.restUrl}/sim/ledger`)).json()) as Ledger;
    expect(ledger.violations).toEqual([]);
    const ours = ledger.orders.filter((o) => ids.some((id) => o.orderLinkId.startsWith(`${id}-`)));
    expect(new Set(ours.map((o) => o.orderLinkId)).size).toBe(ours.length);
    const filled = ledger.fills
      .filter((f) => ids.some((id) => f.orderLinkId.startsWith(`${id}-`)))
      .reduce((s, f) => s.plus(f.execQty), new Dec(0));
    expect(filled.toFixed()).toBe('0.204');
  }, 150_000);
});
