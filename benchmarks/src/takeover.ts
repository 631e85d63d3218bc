// pnpm bench:takeover — how long a parent stands still when its router replica dies, and how fast
// the kill switch empties the venue when two replicas share the parents. The five services run as
// separate processes on their own nats-server and redis-server, with a second router replica,
// trading the Bybit v5 simulator (no injected venue faults). Long TWAP parents keep both replicas
// busy; the replica running most of them is SIGKILLed and restarted, KILLS times, and each of its
// parents is timed from the kill to its ParentTakenOver event. Then the kill switch: HALTED sent to
// risk as `tranche halt` sends it, the simulator's own open orders polled until none of ours is left.
// Floors, in the same run: a bare NATS round trip, one REST cancel round trip through the same
// Bybit adapter the router uses, and the lease TTL (no crashed parent can be taken over sooner than
// its lease takes to lapse).
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startSimulator } from '@tranche/bybit-sim';
import {
  common,
  EXECUTION_EVENTS_STREAM,
  EXECUTION_EVENTS_SUBJECTS,
  eventTypes,
  execution,
  risk,
  Subjects,
} from '@tranche/contracts';
import { parentIdOf } from '@tranche/engine';
import { mulberry32 } from '@tranche/execution-core';
import { ServiceProcess, sleep, startNatsServer, startRedisServer, waitFor } from '@tranche/testing';
import { decodeMessage, RpcClient, RpcRemoteError } from '@tranche/transport';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CALM_MARKET,
  cancelFloorMs,
  nearestRank,
  servicesEnv,
  setGlobalTradingState,
  tradableMids,
  venueOpenOrders,
} from './venue-bench.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const KILLS = Number(process.env['BENCH_TAKEOVER_KILLS'] ?? 24);
const HALT_TRIALS = Number(process.env['BENCH_TAKEOVER_HALT_TRIALS'] ?? 12);
/** Halts sent right after a replica was killed: its children have no router until the take-over. */
const HALT_AFTER_KILL_TRIALS = Number(process.env['BENCH_TAKEOVER_HALT_AFTER_KILL_TRIALS'] ?? 4);
const PARENTS = Number(process.env['BENCH_TAKEOVER_PARENTS'] ?? 12);
const LEASE_TTL_MS = 3000;
const SEED = 7;
const TAKEOVER_GOAL_MS = 5000;
const HALT_GOAL_MS = 2000;
/** How long a kill's orphans, or a halt, may take before the trial is recorded as never done. */
const TIMEOUT_MS = 30_000;
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'] as const;
// 45 slices of one lot each over 15 minutes: every parent rests a child at the touch most of the
// time and is still working when the last kill lands.
const PARENT_QTY: Record<(typeof SYMBOLS)[number], string> = { BTCUSDT: '0.045', ETHUSDT: '0.45' };
const HORIZON_MS = 900_000;
const SLICES = 45;
const ROUTER_KEY = { apiKey: 'sim-key', apiSecret: 'sim-secret' };
// The floor trades under a key of its own, so it neither uses up nor waits behind the routers' limits.
const FLOOR_KEY = { apiKey: 'bench-floor-key', apiSecret: 'bench-floor-secret' };
const SERVICES = ['market-data', 'impact', 'decision', 'risk'] as const;

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(1) : `>${TIMEOUT_MS}`);

const nats = await startNatsServer();
const redis = await startRedisServer();
const sim = await startSimulator({
  port: 0,
  speed: 1,
  credentials: [ROUTER_KEY, FLOOR_KEY],
  market: { type: 'synthetic', symbols: [...SYMBOLS], seed: 29, config: CALM_MARKET },
});
const env = {
  ...servicesEnv(nats, redis, sim, SYMBOLS, ROUTER_KEY),
  RISK_MAX_PARTICIPATION: '1',
  // Twenty-second slices: the 5 s minimum interval between a parent's children would deny re-sends
  // after each take-over, and the order-rate guards would deny the halts' resumptions.
  RISK_MIN_INTERVAL_MS: '0',
  RISK_MAX_ORDERS_PER_MINUTE: '100000',
  RISK_MAX_PARENT_ORDERS_PER_MINUTE: '100000',
  ROUTER_LEASE_TTL_MS: String(LEASE_TTL_MS),
};
const procs = SERVICES.map((s) => new ServiceProcess(s, join(ROOT, 'apps', s, 'dist', 'main.js'), env));
const routers = new Map(
  ['router-a', 'router-b'].map((name) => [
    name,
    new ServiceProcess(name, join(ROOT, 'apps', 'router', 'dist', 'main.js'), {
      ...env,
      ROUTER_REPLICA_ID: name,
    }),
  ]),
);
const all = [...procs, ...routers.values()];
for (const p of all) p.start();
await Promise.all(all.map((p) => p.waitForLog(/ ready nats=/, 60_000)));
const nc = await connect({ servers: nats.url });
const rpc = new RpcClient(nc, 10_000);
const mids = await tradableMids(rpc, PARENT_QTY, 120_000);

/** Ask again through a replica dying under the request, as any client of a replicated service must. */
async function ask<T>(call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (err instanceof RpcRemoteError && err.remoteCode !== 'OWNER_UNAVAILABLE') throw err;
      if (Date.now() > deadline) throw err;
      await sleep(200);
    }
  }
}

// Every ParentTakenOver, from the execution events stream, as it arrives.
const takenOver: Array<{ parentId: string; tsEvent: number; owner: string }> = [];
const consumer = await jetstream(nc).consumers.get(EXECUTION_EVENTS_STREAM, {
  filter_subjects: EXECUTION_EVENTS_SUBJECTS,
});
const stream = await consumer.consume();
void (async () => {
  for await (const m of stream) {
    const e = decodeMessage(eventTypes.executionEvent, m.data, m.headers, m.subject);
    if (e.parentTakenOver)
      takenOver.push({
        parentId: e.correlationId,
        tsEvent: Number(e.tsEvent),
        owner: e.parentTakenOver.owner ?? '',
      });
  }
})();

// Floor 1: a bare NATS request-reply on the same server while the services run.
nc.subscribe('bench.floor', {
  callback: (_e, m) => {
    m.respond(new Uint8Array([1]));
  },
});
const natsMs: number[] = [];
for (let i = 0; i < 500; i++) {
  const t = performance.now();
  await nc.request('bench.floor', new Uint8Array([1]), { timeout: 2000 });
  natsMs.push(performance.now() - t);
}

// Floor 2: a passive order far from the touch placed, then cancelled, timed around the cancel alone.
const cancelMs = await cancelFloorMs(sim, FLOOR_KEY, mids.get('BTCUSDT')!, 50);

const ids: string[] = [];
for (let i = 0; i < PARENTS; i++) {
  const symbol = SYMBOLS[i % SYMBOLS.length]!;
  const res = await ask(() =>
    rpc.request(
      Subjects.submitParent,
      execution.SubmitParentOrderRequest.create({
        clientOrderId: `bench-takeover-${process.pid}-${i}`,
        symbol,
        // Buys and sells alternate per symbol, so fills across the run roughly net out.
        side: Math.floor(i / SYMBOLS.length) % 2 === 0 ? common.Side.SIDE_BUY : common.Side.SIDE_SELL,
        quantity: PARENT_QTY[symbol],
        horizonMs: HORIZON_MS,
        slices: SLICES,
        algorithm: execution.Algorithm.ALGORITHM_TWAP,
      }),
    ),
  );
  ids.push(res.parent!.parentId!);
}
const ours = new Set(ids);

async function owners(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(
    ids.map(async (parentId) => {
      const r = await ask(() =>
        rpc.request(Subjects.getParent, execution.GetParentOrderRequest.create({ parentId })),
      );
      const state = execution.ParentState[r.parent?.state ?? 0] ?? '';
      if (!/COMPLETE|CANCELLED|FAILED/.test(state) && r.owner) out.set(parentId, r.owner);
    }),
  );
  return out;
}

/** The simulator's own open orders that belong to our parents. */
function openChildren(): string[] {
  return venueOpenOrders(sim).filter((id) => ours.has(parentIdOf(id)));
}

/** Kill the replica running most parents, restart it, and time its parents' take-overs. */
async function kill(): Promise<{ victim: string; killedAt: number; orphans: string[]; ms: number[] }> {
  const now = await owners();
  const count = (name: string) => [...now.values()].filter((o) => o === name).length;
  const victim = count('router-a') >= count('router-b') ? 'router-a' : 'router-b';
  const orphans = [...now].filter(([, o]) => o === victim).map(([id]) => id);
  const proc = routers.get(victim)!;
  const killedAt = Date.now();
  await proc.stop('SIGKILL');
  proc.start();
  const ms: number[] = [];
  await Promise.all([
    proc.waitForLog(/ ready nats=/, 60_000),
    ...orphans.map(async (id) => {
      const seen = await waitFor(
        `${id} taken over`,
        () => takenOver.find((t) => t.parentId === id && t.tsEvent >= killedAt),
        TIMEOUT_MS,
        20,
      ).catch(() => undefined);
      ms.push(seen ? seen.tsEvent - killedAt : Number.POSITIVE_INFINITY);
    }),
  ]);
  return { victim, killedAt, orphans, ms };
}

const rand = mulberry32(SEED);
const takeoverMs: number[] = [];
let kills = 0;
let killsWithOrphans = 0;
for (let k = 0; k < KILLS; k++) {
  // Let both replicas settle into renewing their leases before the next crash.
  await sleep(1000 + rand() * 1000);
  const r = await kill();
  kills++;
  if (r.orphans.length > 0) killsWithOrphans++;
  takeoverMs.push(...r.ms);
  process.stderr.write(
    `kill ${k + 1}/${KILLS}: ${r.victim} orphans=${r.orphans.length} takeover_ms=[${r.ms.map((m) => fmt(m)).join(' ')}]\n`,
  );
}

function setTradingState(state: risk.TradingState, reason: string): Promise<risk.TradingStatus> {
  return setGlobalTradingState(rpc, state, reason, 'bench-takeover');
}

/** HALTED now; ms until none of our children is open at the venue (infinite if never, within TIMEOUT_MS). */
async function haltToFlat(): Promise<{ ms: number; children: number }> {
  const children = openChildren().length;
  const t0 = performance.now();
  const ack = setTradingState(risk.TradingState.TRADING_STATE_HALTED, 'benchmark: kill switch');
  let ms = Number.POSITIVE_INFINITY;
  for (;;) {
    const elapsed = performance.now() - t0;
    if (openChildren().length === 0) {
      ms = elapsed;
      break;
    }
    if (elapsed > TIMEOUT_MS) break;
    await sleep(1);
  }
  await ack;
  await setTradingState(risk.TradingState.TRADING_STATE_ACTIVE, 'benchmark: trial over');
  return { ms, children };
}

/** Until some of our children rest at the venue again (the parents re-plan after each resume). */
async function untilResting(): Promise<void> {
  await waitFor(
    'children resting at the venue',
    () => openChildren().length >= PARENTS / 2,
    TIMEOUT_MS,
    50,
  ).catch(() => undefined);
}

const haltMs: number[] = [];
const haltChildren: number[] = [];
for (let t = 0, attempts = 0; t < HALT_TRIALS && attempts < 3 * HALT_TRIALS; attempts++) {
  await untilResting();
  // A halt with nothing working is flat at once and says nothing about the kill switch.
  if (openChildren().length === 0) continue;
  const r = await haltToFlat();
  t++;
  haltMs.push(r.ms);
  haltChildren.push(r.children);
  process.stderr.write(`halt ${t}/${HALT_TRIALS}: children=${r.children} flat_ms=${fmt(r.ms)}\n`);
}

// The kill switch while a replica is dead: the children of the parents it ran have no router until
// their take-over, so the replica killed is the one running most of the children working then.
const haltAfterKillMs: number[] = [];
for (
  let t = 0, attempts = 0;
  t < HALT_AFTER_KILL_TRIALS && attempts < 3 * HALT_AFTER_KILL_TRIALS;
  attempts++
) {
  await untilResting();
  const now = await owners();
  const open = openChildren().map((c) => now.get(parentIdOf(c)));
  const count = (name: string) => open.filter((o) => o === name).length;
  const name = count('router-a') >= count('router-b') ? 'router-a' : 'router-b';
  if (count(name) === 0) continue;
  t++;
  const victim = routers.get(name)!;
  await victim.stop('SIGKILL');
  const r = await haltToFlat();
  haltAfterKillMs.push(r.ms);
  process.stderr.write(
    `halt after kill ${t}/${HALT_AFTER_KILL_TRIALS}: ${name} ran ${count(name)} of ${r.children} children flat_ms=${fmt(r.ms)}\n`,
  );
  victim.start();
  await victim.waitForLog(/ ready nats=/, 60_000);
}

const p50 = nearestRank(takeoverMs, 0.5);
const p99 = nearestRank(takeoverMs, 0.99);
const haltP99 = nearestRank(haltMs, 0.99);
const cancelP99 = nearestRank(cancelMs, 0.99);
console.log(
  `kills=${kills} kills_with_orphans=${killsWithOrphans} parents=${PARENTS} lease_ttl_ms=${LEASE_TTL_MS}`,
);
console.log(
  `takeover_p50_ms=${fmt(p50)} takeover_p99_ms=${fmt(p99)} takeover_max_ms=${fmt(Math.max(...takeoverMs))} ` +
    `takeovers=${takeoverMs.length} takeovers_over_goal=${takeoverMs.filter((m) => m > TAKEOVER_GOAL_MS).length} goal_ms=${TAKEOVER_GOAL_MS}`,
);
console.log(
  `halt_to_flat_p50_ms=${fmt(nearestRank(haltMs, 0.5))} halt_to_flat_p99_ms=${fmt(haltP99)} halt_trials=${haltMs.length} ` +
    `children_at_halt_min=${Math.min(...haltChildren)} children_at_halt_max=${Math.max(...haltChildren)} goal_ms=${HALT_GOAL_MS}`,
);
console.log(
  `halt_after_kill_to_flat_p50_ms=${fmt(nearestRank(haltAfterKillMs, 0.5))} halt_after_kill_to_flat_max_ms=${fmt(Math.max(...haltAfterKillMs))} ` +
    `halt_after_kill_trials=${haltAfterKillMs.length}`,
);
console.log(
  `floor_nats_p50_ms=${nearestRank(natsMs, 0.5).toFixed(3)} floor_nats_p99_ms=${nearestRank(natsMs, 0.99).toFixed(3)} ` +
    `floor_cancel_p50_ms=${nearestRank(cancelMs, 0.5).toFixed(2)} floor_cancel_p99_ms=${cancelP99.toFixed(2)}`,
);
console.log(
  `ratio_takeover_p50_to_lease_ttl=${(p50 / LEASE_TTL_MS).toFixed(2)} ` +
    `ratio_halt_p99_to_cancel_p99=${Number.isFinite(haltP99) ? (haltP99 / cancelP99).toFixed(1) : 'inf'}`,
);

await stream.close();
await Promise.all(
  ids.map((parentId) =>
    rpc
      .request(
        Subjects.cancelParent,
        execution.CancelParentOrderRequest.create({ parentId, reason: 'benchmark over' }),
        { timeoutMs: 30_000 },
      )
      .catch(() => undefined),
  ),
);
await nc.close();
await Promise.all(all.map((p) => p.stop('SIGTERM')));
await sim.close();
await nats.dispose();
await redis.dispose();
process.exit(0);
