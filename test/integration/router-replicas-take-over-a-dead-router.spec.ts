import { startSimulator, type SimulatorHandle } from '@tranche/bybit-sim';
import { common, execution, Subjects } from '@tranche/contracts';
import { ServiceProcess, waitFor } from '@tranche/testing';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Cluster, ROOT } from './cluster.js';
import { ledgerOf, SIM_KEY, SIM_SECRET, simulatorEnv, venueDisagreements } from './venue.js';

function runGet(natsUrl: string, parentId: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const c = spawn(
      process.execPath,
      [join(ROOT, 'apps', 'cli', 'dist', 'main.js'), 'get', parentId, '--nats', natsUrl],
      {
        env: { ...process.env, NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr.on('data', (d: Buffer) => (out += d.toString()));
    c.once('exit', (code) => resolve({ code, out }));
  });
}

/**
 * Two router replicas against the simulator. A router is killed mid-order (SIGKILL: a crash) or
 * stopped (SIGTERM: a hand-over); the other takes its parents over from the store, settles their
 * children with the venue and finishes them, exactly once.
 */
describe('router replicas take over the parents of a router that died', () => {
  const cluster = new Cluster();
  let sim: SimulatorHandle;
  let routerB: ServiceProcess;
  const env: Record<string, string> = {};

  const submit = (clientOrderId: string) =>
    cluster.rpc.request(
      Subjects.submitParent,
      execution.SubmitParentOrderRequest.create({
        clientOrderId,
        symbol: 'BTCUSDT',
        side: common.Side.SIDE_BUY,
        quantity: '0.06',
        horizonMs: 24_000,
        slices: 8,
      }),
    );
  const owner = async (parentId: string) =>
    (await cluster.rpc.request(Subjects.getParent, execution.GetParentOrderRequest.create({ parentId })))
      .owner;
  const router = (name: string) => (name === 'router-a' ? cluster.service('router') : routerB);

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      speed: 1,
      credentials: { apiKey: SIM_KEY, apiSecret: SIM_SECRET },
      market: { type: 'synthetic', symbols: ['BTCUSDT'], seed: 9 },
    });
    Object.assign(env, { ...simulatorEnv(sim, ['BTCUSDT']), ROUTER_REPLICA_ID: 'router-a' });
    await cluster.start(env);
    routerB = new ServiceProcess('router-b', join(ROOT, 'apps', 'router', 'dist', 'main.js'), {
      ...env,
      NATS_URL: cluster.nats.url,
      REDIS_URL: cluster.redis.url,
      HEALTH_PORT: '0',
      RISK_MIN_INTERVAL_MS: '0',
      ROUTER_REPLICA_ID: 'router-b',
    }).start();
    await routerB.waitForLog(/ ready nats=/, 60_000);
    await waitFor(
      'a BTCUSDT snapshot',
      async () => {
        const s = await cluster.rpc
          .request(Subjects.getSnapshot, { symbol: 'BTCUSDT' } as never)
          .catch(() => undefined);
        return Boolean(s);
      },
      30_000,
    );
  }, 120_000);

  afterAll(async () => {
    await routerB?.stop('SIGTERM');
    await cluster.stop();
    await sim?.close();
  });

  it('a crashed router (SIGKILL) loses nothing: the other replica takes its parents over and each completes once', async () => {
    const ids = [];
    for (const key of ['crash-1', 'crash-2', 'crash-3', 'crash-4'])
      ids.push((await submit(key)).parent!.parentId!);
    const taps = await Promise.all(ids.map((id) => cluster.tap(id)));
    try {
      await Promise.all(taps.map((t) => t.until('a first child', (e) => Boolean(e.childSubmitted), 20_000)));
      const owners = await Promise.all(ids.map(owner));
      const victim = owners[0]!;
      expect(['router-a', 'router-b']).toContain(victim);
      const orphans = ids.filter((_, i) => owners[i] === victim);
      const killedAt = Date.now();
      await router(victim).stop('SIGKILL');
      const survivor = victim === 'router-a' ? 'router-b' : 'router-a';
      for (const id of orphans) {
        const tap = taps[ids.indexOf(id)]!;
        const taken = await tap.until('ParentTakenOver', (e) => Boolean(e.parentTakenOver), 20_000);
        expect(taken.parentTakenOver!.owner).toBe(survivor);
        process.stdout.write(`takeover_ms=${Number(taken.tsEvent) - killedAt} parent=${id}\n`);
      }
      // The dead router comes back; it owns nothing until a parent needs a router again.
      router(victim).start();
      await router(victim).waitForLog(/ ready nats=/, 60_000);
      for (const tap of taps) expect((await tap.untilDone(60_000)).parentCompleted).toBeDefined();

      const ledger = await ledgerOf(sim);
      for (const id of ids) {
        const status = await cluster.rpc.request(
          Subjects.getParent,
          execution.GetParentOrderRequest.create({ parentId: id }),
        );
        expect(status.parent!.filledQuantity).toBe('0.06');
        // Nothing twice, nothing left working at the venue, and our fills are the venue's.
        expect(venueDisagreements(ledger, id, status, '0.06')).toEqual([]);
        // The sequence has no gap across the two routers.
        const seqs = taps[ids.indexOf(id)]!.events.map((e) => Number(e.sequence));
        expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      }
    } finally {
      await Promise.all(taps.map((t) => t.close()));
    }
  }, 180_000);

  it('a stopping router (SIGTERM) hands its parents over instead of cancelling them, and commands still reach them', async () => {
    const id = (await submit('handover-1')).parent!.parentId!;
    const tap = await cluster.tap(id);
    try {
      await tap.until('a first child', (e) => Boolean(e.childSubmitted), 20_000);
      const first = await owner(id);
      await router(first).stop('SIGTERM');
      const taken = await tap.until('ParentTakenOver', (e) => Boolean(e.parentTakenOver), 15_000);
      const second = taken.parentTakenOver!.owner;
      expect(second).not.toBe(first);
      expect(tap.events.some((e) => e.parentCancelled)).toBe(false);
      router(first).start();
      await router(first).waitForLog(/ ready nats=/, 60_000);
      // Commands land on either replica (one queue group); they reach the owner either way.
      for (let i = 0; i < 3; i++) {
        const paused = await cluster.rpc.request(
          Subjects.pauseParent,
          execution.PauseParentOrderRequest.create({ parentId: id, reason: `check ${i}` }),
        );
        expect(execution.ParentState[paused.parent!.state!]).toBe('PARENT_STATE_PAUSED');
        const resumed = await cluster.rpc.request(
          Subjects.resumeParent,
          execution.ResumeParentOrderRequest.create({ parentId: id }),
        );
        expect(execution.ParentState[resumed.parent!.state!]).toBe('PARENT_STATE_ACTIVE');
      }
      expect(await owner(id)).toBe(second);
      // What a person sees: the owner replica and how long it has held the parent.
      const shown = await runGet(cluster.nats.url, id);
      expect(shown.code).toBe(0);
      expect(shown.out).toMatch(new RegExp(`owner ${second}, lease held \\d+\\.\\d s`));
      const cancelled = await cluster.rpc.request(
        Subjects.cancelParent,
        execution.CancelParentOrderRequest.create({ parentId: id, reason: 'desk done' }),
        { timeoutMs: 15_000 },
      );
      expect(execution.ParentState[cancelled.parent!.state!]).toBe('PARENT_STATE_CANCELLED');
      expect((await tap.untilDone(10_000)).parentCancelled?.reason).toBe('desk done');
    } finally {
      await tap.close();
    }
  }, 180_000);
});
