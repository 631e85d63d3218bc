import { startSimulator, type SimulatorHandle } from '@tranche/bybit-sim';
import { common, execution, Subjects } from '@tranche/contracts';
import { Dec } from '@tranche/execution-core';
import { waitFor } from '@tranche/testing';
import { Cluster } from './cluster.js';
import { ledgerOf, SIM_KEY, SIM_SECRET, simulatorEnv, venueDisagreements } from './venue.js';

/**
 * Redis with its append-only file, as shipped, restarted while a parent trades: the state written
 * before survives, the router stops the parent while it cannot record anything, and takes it over
 * from its checkpoint once Redis is back. Nothing is lost, duplicated or over-filled.
 */
describe('the router across a Redis restart', () => {
  const cluster = new Cluster();
  let sim: SimulatorHandle;

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      speed: 1,
      credentials: { apiKey: SIM_KEY, apiSecret: SIM_SECRET },
      market: { type: 'synthetic', symbols: ['BTCUSDT'], seed: 12 },
    });
    await cluster.start(
      { ...simulatorEnv(sim, ['BTCUSDT']), ROUTER_REPLICA_ID: 'router-a' },
      { redisAppendOnly: true },
    );
    await waitFor(
      'a BTCUSDT snapshot',
      async () =>
        Boolean(
          await cluster.rpc
            .request(Subjects.getSnapshot, { symbol: 'BTCUSDT' } as never)
            .catch(() => undefined),
        ),
      30_000,
    );
  }, 120_000);

  afterAll(async () => {
    await cluster.stop();
    await sim?.close();
  });

  it('keeps every fill and child, and the parent completes once, exactly', async () => {
    const { parent } = await cluster.rpc.request(
      Subjects.submitParent,
      execution.SubmitParentOrderRequest.create({
        clientOrderId: 'redis-restart',
        symbol: 'BTCUSDT',
        side: common.Side.SIDE_BUY,
        quantity: '0.08',
        horizonMs: 40_000,
        slices: 8,
      }),
    );
    const id = parent!.parentId!;
    const tap = await cluster.tap(id);
    try {
      await tap.until('a first fill', (e) => Boolean(e.childFilled), 20_000);
      await cluster.redis.stop('SIGTERM');
      await new Promise((r) => setTimeout(r, 3000));
      await cluster.redis.start();
      // What was written before the restart is still there.
      const during = await waitFor(
        'the parent readable again',
        async () =>
          cluster.rpc
            .request(Subjects.getParent, execution.GetParentOrderRequest.create({ parentId: id }))
            .catch(() => undefined),
        20_000,
      );
      expect(during.children.length).toBeGreaterThan(0);
      expect(new Dec(during.parent!.filledQuantity || '0').gt(0)).toBe(true);

      const status = await waitFor(
        'the parent to complete',
        async () => {
          const s = await cluster.rpc
            .request(Subjects.getParent, execution.GetParentOrderRequest.create({ parentId: id }))
            .catch(() => undefined);
          const st = s && execution.ParentState[s.parent!.state!];
          if (st === 'PARENT_STATE_FAILED' || st === 'PARENT_STATE_CANCELLED')
            throw new Error(
              `parent ended ${st}: ${s!.parent!.stateReason}\n${cluster.service('router').logs()}`,
            );
          return st === 'PARENT_STATE_COMPLETE' ? s : undefined;
        },
        60_000,
      );
      expect(status.parent!.filledQuantity).toBe('0.08');
      // Nothing twice, nothing left working at the venue, and our fills are the venue's.
      expect(venueDisagreements(await ledgerOf(sim), id, status, '0.08')).toEqual([]);
    } finally {
      await tap.close();
    }
  }, 150_000);
});
