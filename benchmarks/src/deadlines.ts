// pnpm bench:deadlines — what the router's dependency calls really cost under the integration
// load: the five services as separate processes on their own nats-server and redis-server,
// trading the Bybit v5 simulator, several parents at once. Each parent's report carries the
// latency and fallbacks of every dependency as the router saw them; this prints them with the
// router's default deadlines, next to a raw NATS round trip measured in the same run (the floor).
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startSimulator } from '@tranche/bybit-sim';
import {
  common,
  EXECUTION_EVENTS_STREAM,
  eventTypes,
  execution,
  executionEventSubject,
  marketdata,
  Subjects,
} from '@tranche/contracts';
import { defaultRouterConfig } from '@tranche/engine';
import { ServiceProcess, startNatsServer, startRedisServer, waitFor } from '@tranche/testing';
import { decodeMessage, RpcClient } from '@tranche/transport';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PARENTS = Number(process.env['BENCH_DEADLINES_PARENTS'] ?? 8);
const SLICES = Number(process.env['BENCH_DEADLINES_SLICES'] ?? 20);
const HORIZON_MS = Number(process.env['BENCH_DEADLINES_HORIZON_MS'] ?? 40_000);
const SERVICES = ['market-data', 'impact', 'decision', 'risk', 'router'] as const;

const nats = await startNatsServer();
const redis = await startRedisServer();
const sim = await startSimulator({
  port: 0,
  speed: 1,
  market: { type: 'synthetic', symbols: ['BTCUSDT', 'ETHUSDT'], seed: 11 },
});
const procs = SERVICES.map(
  (s) =>
    new ServiceProcess(s, join(ROOT, 'apps', s, 'dist', 'main.js'), {
      NATS_URL: nats.url,
      REDIS_URL: redis.url,
      HEALTH_PORT: '0',
      MD_SOURCE: 'bybit',
      MD_SYMBOLS: 'BTCUSDT,ETHUSDT',
      MD_KLINE_BACKFILL_MINUTES: '0',
      BYBIT_WS_PUBLIC_URL: `${sim.wsUrl}/v5/public/linear`,
      BYBIT_REST_URL: sim.restUrl,
      ROUTER_VENUE: 'bybit',
      BYBIT_WS_URL: sim.wsUrl,
      BYBIT_API_KEY: 'sim-key',
      BYBIT_API_SECRET: 'sim-secret',
      RISK_MAX_PARTICIPATION: '1',
      // Two-second slices: the 5 s minimum interval between a parent's children would deny them.
      RISK_MIN_INTERVAL_MS: '0',
    }),
);
for (const p of procs) p.start();
await Promise.all(procs.map((p) => p.waitForLog(/ ready nats=/, 60_000)));
const nc = await connect({ servers: nats.url });
const rpc = new RpcClient(nc, 5000);
await waitFor(
  'snapshots for both symbols',
  async () => {
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const r = await rpc.request(Subjects.getSnapshot, marketdata.GetSnapshotRequest.create({ symbol }));
      if (!r.found) return false;
    }
    return true;
  },
  60_000,
  250,
);

// The floor: a bare NATS request-reply on the same server while the services run.
nc.subscribe('bench.floor', {
  callback: (_e, m) => {
    m.respond(new Uint8Array([1]));
  },
});
const floor: number[] = [];
for (let i = 0; i < 500; i++) {
  const t = performance.now();
  await nc.request('bench.floor', new Uint8Array([1]), { timeout: 2000 });
  floor.push(performance.now() - t);
}
floor.sort((a, b) => a - b);

const ids: string[] = [];
for (let i = 0; i < PARENTS; i++) {
  const res = await rpc.request(
    Subjects.submitParent,
    execution.SubmitParentOrderRequest.create({
      clientOrderId: `bench-deadlines-${Date.now()}-${i}`,
      symbol: i % 2 === 0 ? 'BTCUSDT' : 'ETHUSDT',
      side: i % 3 === 0 ? common.Side.SIDE_SELL : common.Side.SIDE_BUY,
      quantity: i % 2 === 0 ? '0.2' : '2',
      horizonMs: HORIZON_MS,
      slices: SLICES,
    }),
  );
  ids.push(res.parent!.parentId!);
}
const reports: execution.IExecutionReport[] = [];
for (const parentId of ids) {
  await waitFor(
    `parent ${parentId} to end`,
    async () => {
      const r = await rpc.request(Subjects.getParent, execution.GetParentOrderRequest.create({ parentId }));
      const state = execution.ParentState[r.parent!.state ?? 0] ?? '';
      if (!/COMPLETE|FAILED|CANCELLED/.test(state)) return false;
      if (r.report) reports.push(r.report);
      return true;
    },
    HORIZON_MS * 4,
    500,
  );
}

const deadlines = defaultRouterConfig().deadlines;
const deadlineOf: Record<string, number> = {
  'market-data': deadlines.marketDataMs,
  impact: deadlines.impactMs,
  decision: deadlines.decisionMs,
  risk: deadlines.riskMs,
};
console.log(`parents=${PARENTS} slices_per_parent=${SLICES} horizon_ms=${HORIZON_MS}`);
console.log(
  `floor_nats_p50_ms=${floor[Math.floor(floor.length / 2)]!.toFixed(3)} floor_nats_p99_ms=${floor[Math.floor(floor.length * 0.99)]!.toFixed(3)}`,
);
for (const dep of Object.keys(deadlineOf)) {
  const stats = reports.flatMap((r) => (r.dependencies ?? []).filter((d) => d.dependency === dep));
  const calls = stats.reduce((s, d) => s + (d.calls ?? 0), 0);
  const fallbacks = stats.reduce((s, d) => s + (d.fallbacks ?? 0), 0);
  const p50s = stats.map((d) => d.latencyP50Ms ?? 0).sort((a, b) => a - b);
  const worstP99 = Math.max(0, ...stats.map((d) => d.latencyP99Ms ?? 0));
  const max = Math.max(0, ...stats.map((d) => d.latencyMaxMs ?? 0));
  const key = dep.replace('-', '_');
  console.log(
    `${key}_deadline_ms=${deadlineOf[dep]} ${key}_calls=${calls} ${key}_p50_ms=${(p50s[Math.floor(p50s.length / 2)] ?? 0).toFixed(2)} ` +
      `${key}_worst_parent_p99_ms=${worstP99.toFixed(2)} ${key}_max_ms=${max.toFixed(2)} ` +
      `${key}_fallback_rate=${calls > 0 ? (fallbacks / calls).toFixed(4) : '0'}`,
  );
}
const completed = reports.filter((r) => r.filledQuantity !== undefined).length;
console.log(`reports=${completed}`);

// Why each fallback happened, from the parents' event streams: a timeout and an error reply call
// for different fixes.
const reasons = new Map<string, number>();
const js = jetstream(nc);
for (const parentId of ids) {
  const consumer = await js.consumers.get(EXECUTION_EVENTS_STREAM, {
    filter_subjects: executionEventSubject(parentId),
  });
  for (;;) {
    const m = await consumer.next({ expires: 1000 });
    if (!m) break;
    const e = decodeMessage(eventTypes.executionEvent, m.data, m.headers, m.subject);
    if (e.fallbackUsed) {
      const why = `${e.fallbackUsed.dependency}: ${(e.fallbackUsed.reason ?? '').replace(/\d+(\.\d+)?/g, 'N')}`;
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
    }
  }
}
for (const [why, n] of [...reasons].sort((a, b) => b[1] - a[1]))
  console.log(`fallback_reason count=${n} ${JSON.stringify(why)}`);

await nc.close();
await Promise.all(procs.map((p) => p.stop('SIGTERM')));
await sim.close();
await nats.dispose();
await redis.dispose();
process.exit(0);
