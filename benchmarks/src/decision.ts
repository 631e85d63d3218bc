// pnpm bench:decision — decision.v1.decide answered from a parent's cached LLM advice (Redis) by the
// decision service as its own process, against raw nc.request() to a bare responder on the same
// nats-server in the same run: what serving the model's advice off the critical path costs a slice.
import { connect } from '@nats-io/transport-node';
import { common, decision, execution, marketdata, Subjects } from '@tranche/contracts';
import { startLlmStub } from '@tranche/llm';
import { ServiceProcess, startNatsServer, startRedisServer, waitFor } from '@tranche/testing';
import { encodeMessage, RpcClient } from '@tranche/transport';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const N = Number(process.env['BENCH_DECISION_N'] ?? 5000);
const WARMUP = 500;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  return out;
}

const [nats, redis, stub] = await Promise.all([startNatsServer(), startRedisServer(), startLlmStub()]);
const serviceEnv = {
  NATS_URL: nats.url,
  REDIS_URL: redis.url,
  HEALTH_PORT: '0',
  OPENAI_BASE_URL: stub.url,
  OPENAI_MODEL: 'tranche-stub-1',
  // One advice serves the whole measurement: no refresh, no expiry while it runs.
  LLM_REFRESH_MS: '3600000',
  LLM_ADVICE_MIN_TTL_MS: '3600000',
  LLM_ADVICE_MAX_TTL_MS: '3600000',
};
const entry = join(ROOT, 'apps', 'decision', 'dist', 'main.js');

const nc = await connect({ servers: nats.url });
const rpc = new RpcClient(nc, 2000);
const now = Date.now();
// The router the service reads the parent from before its model call.
const parentView = encodeMessage(
  execution.GetParentOrderResponse,
  execution.GetParentOrderResponse.create({
    parent: {
      parentId: 'pbench',
      symbol: 'BTCUSDT',
      side: common.Side.SIDE_BUY,
      quantity: '25',
      startTime: now,
      deadline: now + 2 * 3_600_000,
      arrivalPrice: '60000',
      slices: 24,
      state: execution.ParentState.PARENT_STATE_EXECUTING,
      filledQuantity: '0',
    },
  }),
);
nc.subscribe(Subjects.getParent, {
  callback: (_e, m) => {
    m.respond(parentView.data, { headers: parentView.headers });
  },
});

const request = (sliceIndex: number) =>
  decision.DecisionRequest.create({
    parentId: 'pbench',
    symbol: 'BTCUSDT',
    side: common.Side.SIDE_BUY,
    targetQuantity: '25',
    filledQuantity: '1',
    elapsedFraction: 0.05,
    sliceIndex,
    baselineQuantity: '1.041',
    snapshot: marketdata.MarketSnapshot.create({
      symbol: 'BTCUSDT',
      mid: '60000',
      bestBid: '59999.9',
      bestAsk: '60000.1',
      bidSize: '2.5',
      askSize: '2.5',
      spreadBps: 0.03,
      bids: [{ price: '59999.9', size: '2.5' }],
      asks: [{ price: '60000.1', size: '2.5' }],
      volume_1m: '40',
      dailyVolatility: 0.03,
    }),
    now: Date.now(),
  });

const payload = decision.DecisionRequest.encode(request(1)).finish();
let replyBytes: Uint8Array = new Uint8Array();
nc.subscribe('bench.raw', {
  callback: (_e, m) => {
    m.respond(replyBytes);
  },
});

/** decide against the raw floor, interleaved in rounds so machine noise hits both sides alike. */
async function measure(served: decision.DecisionRequest) {
  replyBytes = decision.ExecutionDecision.encode(await rpc.request(Subjects.decide, served)).finish();
  let fromModel = 0;
  const decide = async () => {
    const d = await rpc.request(Subjects.decide, served);
    if (d.source === decision.DecisionSource.DECISION_SOURCE_LLM) fromModel++;
  };
  await time(WARMUP, decide);
  await time(WARMUP, () => nc.request('bench.raw', payload, { timeout: 2000 }));
  fromModel = 0;
  const ours: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < 5; round++) {
    ours.push(...(await time(N / 5, decide)));
    raw.push(...(await time(N / 5, () => nc.request('bench.raw', payload, { timeout: 2000 }))));
  }
  ours.sort((a, b) => a - b);
  raw.sort((a, b) => a - b);
  return { ours, raw, fromModel };
}

// First the service with no model: the heuristic answers from memory, Redis is not used. Then with
// the model: slice 0 asks it; slice 1 is then served from the advice in Redis, every time.
const heuristicOnly = new ServiceProcess('decision', entry, serviceEnv).start();
await heuristicOnly.waitForLog(/ ready nats=/, 60_000);
const h = await measure(request(1));
await heuristicOnly.stop('SIGTERM');

const service = new ServiceProcess('decision', entry, {
  ...serviceEnv,
  OPENAI_API_KEY: 'sk-bench-key',
}).start();
await service.waitForLog(/ ready nats=/, 60_000);
await rpc.request(Subjects.decide, request(0));
await waitFor(
  'the model advice to be in the cache',
  async () =>
    (await rpc.request(Subjects.decide, request(1))).source === decision.DecisionSource.DECISION_SOURCE_LLM,
  20_000,
  50,
);
const m = await measure(request(1));

const decideP50 = percentile(m.ours, 50);
const rawP50 = percentile(m.raw, 50);
console.log(`requests=${N} served_from_llm_advice=${m.fromModel}`);
console.log(`decide_p50_us=${decideP50.toFixed(1)}`);
console.log(`decide_p99_us=${percentile(m.ours, 99).toFixed(1)}`);
console.log(`raw_nats_p50_us=${rawP50.toFixed(1)}`);
console.log(`raw_nats_p99_us=${percentile(m.raw, 99).toFixed(1)}`);
console.log(`ratio_p50=${(decideP50 / rawP50).toFixed(2)}`);
console.log(
  `no_model_decide_p50_us=${percentile(h.ours, 50).toFixed(1)} no_model_raw_nats_p50_us=${percentile(h.raw, 50).toFixed(1)} no_model_ratio_p50=${(percentile(h.ours, 50) / percentile(h.raw, 50)).toFixed(2)}`,
);
console.log(`model_calls=${stub.requests.length}`);
await nc.close();
await service.stop('SIGTERM');
await stub.close();
await Promise.all([nats.dispose(), redis.dispose()]);
process.exit(m.fromModel === N ? 0 : 1);
