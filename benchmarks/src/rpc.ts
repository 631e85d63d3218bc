// pnpm bench:rpc — one request-reply through our transport (typed RpcClient → Nest
// microservice with protobuf codecs, trace headers and the RpcHandler wrapper) against
// raw nc.request() to a raw responder, on the same nats-server in the same run.
import 'reflect-metadata';
import { Controller } from '@nestjs/common';
import { connect } from '@nats-io/transport-node';
import { impact, Subjects } from '@tranche/contracts';
import { startNatsServer } from '@tranche/testing';
import { RpcClient, RpcHandler, createNatsMicroservice } from '@tranche/transport';

const N = Number(process.env['BENCH_RPC_N'] ?? 5000);
const WARMUP = 500;

@Controller()
class EchoController {
  @RpcHandler(Subjects.impactEstimate)
  async estimate(req: impact.ImpactRequest): Promise<impact.ImpactEstimate> {
    return impact.ImpactEstimate.create({
      baseBps: Number(req.quantity),
      finalBps: Number(req.quantity),
      model: 'echo',
    });
  }
}

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
  return out.sort((a, b) => a - b);
}

const nats = await startNatsServer();
const app = await createNatsMicroservice(
  { module: class BenchModule {}, controllers: [EchoController] },
  { natsUrl: nats.url, queue: 'impact', name: 'bench' },
);
await app.listen();
const nc = await connect({ servers: nats.url });
const rpc = new RpcClient(nc, 2000);
// The floor: the same payload bytes, answered by a bare subscriber that echoes a fixed reply.
const payload = impact.ImpactRequest.encode(
  impact.ImpactRequest.create({ symbol: 'BTCUSDT', quantity: '1.5' }),
).finish();
const replyBytes = impact.ImpactEstimate.encode(
  impact.ImpactEstimate.create({ baseBps: 1.5, finalBps: 1.5, model: 'echo' }),
).finish();
nc.subscribe('bench.raw', {
  callback: (_e, m) => {
    m.respond(replyBytes);
  },
});

const request = impact.ImpactRequest.create({ symbol: 'BTCUSDT', quantity: '1.5' });
await time(WARMUP, () => rpc.request(Subjects.impactEstimate, request));
await time(WARMUP, () => nc.request('bench.raw', payload, { timeout: 2000 }));
// Interleave rounds so machine noise hits both sides alike.
const ours: number[] = [];
const raw: number[] = [];
for (let round = 0; round < 5; round++) {
  ours.push(...(await time(N / 5, () => rpc.request(Subjects.impactEstimate, request))));
  raw.push(...(await time(N / 5, () => nc.request('bench.raw', payload, { timeout: 2000 }))));
}
ours.sort((a, b) => a - b);
raw.sort((a, b) => a - b);
const rpcP50 = percentile(ours, 50);
const rawP50 = percentile(raw, 50);
console.log(`requests=${N}`);
console.log(`rpc_p50_us=${rpcP50.toFixed(1)}`);
console.log(`rpc_p99_us=${percentile(ours, 99).toFixed(1)}`);
console.log(`raw_nats_p50_us=${rawP50.toFixed(1)}`);
console.log(`raw_nats_p99_us=${percentile(raw, 99).toFixed(1)}`);
console.log(`ratio_p50=${(rpcP50 / rawP50).toFixed(2)}`);
await nc.close();
await app.close();
await nats.dispose();
process.exit(0);
