import { startSimulator, type SimulatorHandle } from '@tranche/bybit-sim';
import { common, execution, marketdata, Subjects } from '@tranche/contracts';
import { waitFor } from '@tranche/testing';
import { RpcRemoteError } from '@tranche/transport';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Cluster, ROOT } from './cluster.js';

const KEY = 'faults-key';
const SECRET = 'faults-secret-5ad1c0ffee';

interface Ledger {
  orders: Array<{ orderLinkId: string }>;
  violations: unknown[];
}

/** The tranche CLI as a user runs it, against the test's NATS; its exit code and everything it printed. */
function runCli(natsUrl: string, ...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const c = spawn(
      process.execPath,
      [join(ROOT, 'apps', 'cli', 'dist', 'main.js'), ...args, '--nats', natsUrl],
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
 * The distributed system against the simulator with faults switched on, as a user would meet them:
 * venue 5xx during submission, an absurd parent, a market-data service that hangs mid-order, a
 * wrong API key.
 */
describe('the distributed router under venue and service faults', () => {
  const cluster = new Cluster();
  let sim: SimulatorHandle;

  const submit = (patch: Partial<execution.ISubmitParentOrderRequest>) =>
    cluster.rpc.request(
      Subjects.submitParent,
      execution.SubmitParentOrderRequest.create({
        symbol: 'BTCUSDT',
        side: common.Side.SIDE_BUY,
        quantity: '0.05',
        horizonMs: 6000,
        slices: 3,
        ...patch,
      }),
    );

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      speed: 1,
      credentials: { apiKey: KEY, apiSecret: SECRET },
      market: { type: 'synthetic', symbols: ['BTCUSDT', 'ETHUSDT'], seed: 5 },
    });
    await cluster.start({
      MD_SOURCE: 'bybit',
      MD_SYMBOLS: 'BTCUSDT,ETHUSDT',
      MD_KLINE_BACKFILL_MINUTES: '0',
      BYBIT_WS_PUBLIC_URL: `${sim.wsUrl}/v5/public/linear`,
      BYBIT_REST_URL: sim.restUrl,
      ROUTER_VENUE: 'bybit',
      BYBIT_WS_URL: sim.wsUrl,
      BYBIT_API_KEY: KEY,
      BYBIT_API_SECRET: SECRET,
      RISK_MAX_PARTICIPATION: '1',
    });
    await waitFor(
      'Bybit snapshots for both symbols',
      async () => {
        for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
          const r = await cluster.rpc.request(
            Subjects.getSnapshot,
            marketdata.GetSnapshotRequest.create({ symbol }),
          );
          if (!r.found) return false;
        }
        return true;
      },
      60_000,
      250,
    );
  }, 120_000);

  afterAll(async () => {
    await cluster.stop();
    await sim?.close();
  }, 60_000);

  it('retries a transient 5xx on the instrument look-up and accepts the parent', async () => {
    sim.faults.update({ http5xx: { count: 2, paths: ['/v5/market/instruments-info'] } });
    const res = await submit({
      clientOrderId: 'faults-5xx-once',
      quantity: '0.01',
      horizonMs: 2000,
      slices: 1,
    });
    expect(res.parent!.parentId).toMatch(/^p/);
  }, 30_000);

  it('answers VENUE_UNAVAILABLE, never BAD_REQUEST, when the venue keeps failing', async () => {
    sim.faults.update({ http5xx: { rate: 1, paths: ['/v5/market/instruments-info'] } });
    try {
      const err = await submit({ symbol: 'ETHUSDT', quantity: '0.1' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RpcRemoteError);
      expect((err as RpcRemoteError).remoteCode).toBe('VENUE_UNAVAILABLE');
      expect((err as Error).message).toMatch(/could not read the ETHUSDT instrument rules/);
    } finally {
      sim.faults.update({ http5xx: { rate: 0 } });
    }
  }, 30_000);

  it('refuses a parent of 99,999,999 BTCUSDT at submission, naming the limit, and sends nothing', async () => {
    const before = ((await (await fetch(`${sim.restUrl}/sim/ledger`)).json()) as Ledger).orders.length;
    const err = await submit({ quantity: '99999999', horizonMs: 60_000 }).catch((e: unknown) => e);
    expect((err as RpcRemoteError).remoteCode).toBe('LIMIT_EXCEEDED');
    expect((err as Error).message).toMatch(/maximum parent notional 10,000,000 \(PARENT_MAX_NOTIONAL\)/);
    await new Promise((r) => setTimeout(r, 500));
    const after = ((await (await fetch(`${sim.restUrl}/sim/ledger`)).json()) as Ledger).orders.length;
    expect(after).toBe(before);
  }, 30_000);

  it('skips slices while market-data hangs, records why, and finishes once it is back', async () => {
    const md = cluster.service('market-data');
    const res = await submit({
      clientOrderId: 'faults-md-frozen',
      quantity: '0.06',
      horizonMs: 12_000,
      slices: 6,
    });
    const parentId = res.parent!.parentId!;
    const tap = await cluster.tap(parentId);
    try {
      await tap.until('the first child', (e) => Boolean(e.childSubmitted), 20_000);
      md.freeze(true);
      let thawed = false;
      try {
        await tap.until(
          'a slice skipped for want of market data',
          (e) => e.sliceSkipped?.reason === 'no fresh market data',
          20_000,
        );
      } finally {
        md.freeze(false);
        thawed = true;
      }
      expect(thawed).toBe(true);
      const last = await tap.untilDone(60_000);
      const fallbacks = tap.events.filter((e) => e.fallbackUsed?.dependency === 'market-data');
      expect(fallbacks.length).toBeGreaterThan(0);
      // No child is ever sent for a slice whose market data fell back to nothing.
      const blind = new Set(
        tap.events
          .filter((e) => e.sliceSkipped?.reason === 'no fresh market data')
          .map((e) => e.sliceSkipped!.sliceIndex),
      );
      const sentOnBlindSlice = tap.events.filter(
        (e) => e.childSubmitted && blind.has(e.childSubmitted.child!.sliceIndex),
      );
      expect(sentOnBlindSlice).toEqual([]);
      expect(last.parentCompleted ?? last.parentFailed).toBeDefined();
      const report = last.parentCompleted?.report;
      if (report) {
        const mdStats = report.dependencies!.find((d) => d.dependency === 'market-data')!;
        expect(mdStats.fallbacks).toBeGreaterThan(0);
        expect(mdStats.calls).toBeGreaterThanOrEqual(mdStats.fallbacks!);
      }
    } finally {
      await tap.close();
    }
  }, 120_000);

  it('pauses, resumes and cancels parents from the command line', async () => {
    const cli = (...args: string[]) => runCli(cluster.nats.url, ...args);
    const a = (
      await submit({ clientOrderId: 'faults-pause', quantity: '0.04', horizonMs: 16_000, slices: 8 })
    ).parent!.parentId!;
    const b = (
      await submit({ clientOrderId: 'faults-cancel', quantity: '0.04', horizonMs: 16_000, slices: 8 })
    ).parent!.parentId!;
    const tapA = await cluster.tap(a);
    const tapB = await cluster.tap(b);
    try {
      await tapA.until('a first child', (e) => Boolean(e.childSubmitted), 20_000);
      const paused = await cli('pause', a, '--reason', 'desk review');
      expect(paused).toMatchObject({
        code: 0,
        out: expect.stringMatching(new RegExp(`^${a} PAUSED: desk review`)),
      });
      const cancelled = await cli('cancel', b, '--reason', 'no longer needed');
      expect(cancelled.code).toBe(0);
      expect((await tapB.untilDone(30_000)).parentCancelled?.reason).toBe('no longer needed');
      // Paused: nothing is sent for a while.
      const sentBefore = tapA.events.filter((e) => e.childSubmitted).length;
      await new Promise((r) => setTimeout(r, 3000));
      expect(tapA.events.filter((e) => e.childSubmitted).length).toBe(sentBefore);
      expect((await cli('resume', a)).out).toMatch(new RegExp(`^${a} ACTIVE`));
      const last = await tapA.untilDone(60_000);
      expect(last.parentCompleted).toBeDefined();
      expect(tapA.events.some((e) => e.parentResumed)).toBe(true);
      expect((await cli('pause', 'pdoesnotexist')).out).toMatch(/no parent order pdoesnotexist/);
    } finally {
      await tapA.close();
      await tapB.close();
    }
  }, 120_000);

  it('amends a working parent from the command line: a nearer deadline re-plans it and nothing trades after it', async () => {
    const cli = (...args: string[]) => runCli(cluster.nats.url, ...args);
    const id = (
      await submit({ clientOrderId: 'faults-amend', quantity: '0.04', horizonMs: 60_000, slices: 8 })
    ).parent!.parentId!;
    const tap = await cluster.tap(id);
    try {
      await tap.until('a first child', (e) => Boolean(e.childSubmitted), 20_000);
      // Input the router would refuse is caught with the flag named, and changes nothing.
      const bad = await cli('amend', id, '--urgency', '2');
      expect(bad.code).toBe(2);
      expect(bad.out).toMatch(/--urgency/);
      expect((await cli('amend', id)).code).toBe(2);
      const before = Date.now();
      const amended = await cli('amend', id, '--deadline-in', '15s', '--urgency', 'high', '--reason', 'desk');
      expect(amended.code).toBe(0);
      expect(amended.out).toMatch(new RegExp(`^${id} \\w+: deadline .* -> .*; urgency 0(\\.\\d+)? -> 0\\.9`));
      const event = await tap.until('ParentAmended', (e) => Boolean(e.parentAmended), 5_000);
      const deadline = Number(event.parentAmended!.parent!.deadline);
      expect(deadline).toBeGreaterThanOrEqual(before + 15_000);
      expect(deadline).toBeLessThan(Date.now() + 15_000);
      const last = await tap.untilDone(40_000);
      expect(last.parentCompleted ?? last.parentFailed).toBeDefined();
      for (const e of tap.events.filter((x) => x.childSubmitted))
        expect(Number(e.tsEvent)).toBeLessThan(deadline);
      // An ended parent cannot be amended: refused by the router, exit 1.
      const late = await cli('amend', id, '--urgency', 'low');
      expect(late.code).toBe(1);
      expect(late.out).toMatch(/only a working parent can be amended/);
    } finally {
      await tap.close();
    }
  }, 120_000);

  it('the kill switch: a halt takes working children off the venue at once, and lifting it resumes', async () => {
    const cli = (...args: string[]) => runCli(cluster.nats.url, ...args);
    const id = (
      await submit({ clientOrderId: 'faults-halt', quantity: '0.04', horizonMs: 30_000, slices: 3 })
    ).parent!.parentId!;
    const tap = await cluster.tap(id);
    try {
      await tap.until('the first child accepted', (e) => Boolean(e.childAccepted), 20_000);
      const halted = await cli('halt', '--symbol', 'BTCUSDT', '--reason', 'incident drill');
      expect(halted.code).toBe(0);
      expect(halted.out).toMatch(/BTCUSDT HALTED: incident drill/);
      const paused = await tap.until('the parent paused by the halt', (e) => Boolean(e.parentPaused), 5_000);
      expect(paused.parentPaused).toMatchObject({
        pausedBy: 'risk',
        reason: 'trading halted: incident drill',
      });
      // Nothing of this parent is left working at the venue.
      await waitFor(
        'no working child',
        async () => {
          const r = await cluster.rpc.request(
            Subjects.getParent,
            execution.GetParentOrderRequest.create({ parentId: id }),
          );
          return r.children.every((c) =>
            [
              'CHILD_STATE_FILLED',
              'CHILD_STATE_CANCELLED',
              'CHILD_STATE_REJECTED',
              'CHILD_STATE_DENIED',
            ].includes(execution.ChildState[c.state ?? 0] ?? ''),
          );
        },
        2_000,
        100,
      );
      const resumed = await cli('resume-trading', '--symbol', 'BTCUSDT', '--reason', 'drill over');
      expect(resumed.out).toMatch(/BTCUSDT ACTIVE: drill over/);
      await tap.until('the parent resumed', (e) => Boolean(e.parentResumed), 5_000);
      expect((await tap.untilDone(60_000)).parentCompleted).toBeDefined();
    } finally {
      await cli('resume-trading', '--symbol', 'BTCUSDT', '--reason', 'test cleanup');
      await tap.close();
    }
  }, 120_000);

  it('writes plain lines with no colour codes when its output is not a terminal', () => {
    for (const name of ['market-data', 'impact', 'decision', 'risk', 'router'] as const) {
      const logs = cluster.service(name).logs();
      expect(logs).not.toContain('\u001b[');
      // Nest's own lines (module wiring, errors) are JSON like ours, so a collector can parse every line.
      const nestLines = logs.split('\n').filter((l) => /"context"/.test(l) || /\[Nest\]/.test(l));
      expect(nestLines.length).toBeGreaterThan(0);
      for (const line of nestLines) expect(() => JSON.parse(line)).not.toThrow();
    }
  });

  it('exits 78 with one line and no stack trace or secret when Bybit refuses the API key', async () => {
    const wrongSecret = 'wrong-secret-9f8e7d6c5b4a';
    const child = spawn(process.execPath, [join(ROOT, 'apps', 'router', 'dist', 'main.js')], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        NATS_URL: cluster.nats.url,
        REDIS_URL: cluster.redis.url,
        HEALTH_PORT: '0',
        ROUTER_VENUE: 'bybit',
        BYBIT_REST_URL: sim.restUrl,
        BYBIT_WS_URL: sim.wsUrl,
        BYBIT_API_KEY: 'not-a-key',
        BYBIT_API_SECRET: wrongSecret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).toBe(78);
    const plain = stderr.split('\n').filter((l) => l && !l.startsWith('{'));
    expect(plain).toEqual([expect.stringMatching(/^router: cannot start: Bybit refused the API key/)]);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout + stderr).not.toContain(wrongSecret);
  }, 45_000);
});
