import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Redis } from 'ioredis';
import {
  common,
  eventTypes,
  execution,
  executionEventSubject,
  impact,
  marketdata,
  Subjects,
} from '@tranche/contracts';
import {
  ServiceProcess,
  startNatsServer,
  startRedisServer,
  waitFor,
  type ManagedServer,
} from '@tranche/testing';
import { encodeMessage, RpcClient } from '@tranche/transport';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
// The root workspace does not list @tranche/infra among its dependencies; its source is the same module.
import { ensureExecutionEventStream } from '@tranche/infra';
import { ROOT } from './cluster.js';

const ENTRY = join(ROOT, 'apps', 'impact', 'dist', 'main.js');
const SYMBOL = 'BTCUSDT';
const ADV = 50_000;
const SIGMA = 0.02;
const MID = 60_000;
const FACTOR = 1.6;
const PROBES = ['0.5', '3', '12'];

const sqrtLawBps = (q: number) => 0.7 * SIGMA * Math.sqrt(q / ADV) * 1e4;
/** What a probe's child really costs on this market: 1.6 times the square-root law. */
const truth = (q: string) => FACTOR * sqrtLawBps(Number(q));

const snapshot = marketdata.MarketSnapshot.create({
  symbol: SYMBOL,
  mid: String(MID),
  spreadBps: 1,
  averageDailyVolume: String(ADV),
  dailyVolatility: SIGMA,
});

interface Readiness {
  status: string;
  consumer: { running: boolean; delivered: number; observations: number; failures: number };
  calibration: {
    recorded: number;
    duplicates: number;
    refused: number;
    symbols: Record<string, { observations: number; models: Record<string, { n: number; scale: number }> }>;
  };
}

function healthPort(p: ServiceProcess): number {
  const m = / ready nats=\S+ queue=\S+ health=(\d+)/.exec(p.logs());
  if (!m) throw new Error(`${p.name} has not said where its health endpoint is:\n${p.logs()}`);
  return Number(m[1]);
}

async function readiness(p: ServiceProcess): Promise<Readiness> {
  const res = await fetch(`http://127.0.0.1:${healthPort(p)}/readyz`, { signal: AbortSignal.timeout(2000) });
  return (await res.json()) as Readiness;
}

const observedOn = (p: ServiceProcess, n: number) =>
  waitFor(
    `${p.name} to calibrate ${SYMBOL} on ${n} fills`,
    async () => {
      const r = await readiness(p);
      return r.calibration.symbols[SYMBOL]?.observations === n ? r : undefined;
    },
    30_000,
    100,
  );

describe('impact service learns from our own fills through JetStream and keeps it in Redis', () => {
  let nats: ManagedServer;
  let redisServer: ManagedServer;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let redis: Redis;
  const replicas: ServiceProcess[] = [];
  let calibrated: impact.ImpactEstimate[] = [];

  const replica = (name: string) => {
    const p = new ServiceProcess(name, ENTRY, {
      NATS_URL: nats.url,
      REDIS_URL: redisServer.url,
      HEALTH_PORT: '0',
      IMPACT_CALIBRATION_REFRESH_MS: '200',
    });
    replicas.push(p);
    return p;
  };

  const estimate = (quantity: string) =>
    rpc.request(
      Subjects.impactEstimate,
      impact.ImpactRequest.create({ symbol: SYMBOL, side: common.Side.SIDE_BUY, quantity, snapshot }),
    );

  /** ImpactObserved events as the router publishes them, plus one event of another kind. */
  async function publishFills(parentId: string, from: number, count: number): Promise<void> {
    const js = jetstream(nc);
    const publish = async (event: execution.ExecutionEvent) => {
      const { data, headers } = encodeMessage(eventTypes.executionEvent, event);
      await js.publish(executionEventSubject(parentId), data, { msgID: event.eventId, headers });
    };
    await publish(
      execution.ExecutionEvent.create({
        eventId: `${parentId}-accepted`,
        correlationId: parentId,
        parentAccepted: { parent: { parentId, symbol: SYMBOL } },
      }),
    );
    for (let i = from; i < from + count; i++) {
      const quantity = 0.2 + (i % 10) * 2;
      const predicted = sqrtLawBps(quantity);
      const realised = FACTOR * predicted * (1 + 0.03 * Math.sin(i * 1.7));
      await publish(
        execution.ExecutionEvent.create({
          eventId: `${parentId}-obs-${i}`,
          correlationId: parentId,
          impactObserved: {
            childId: `${parentId}-${i}-0`,
            symbol: SYMBOL,
            side: common.Side.SIDE_BUY,
            filledQuantity: String(quantity),
            averagePrice: String(MID * (1 + realised / 1e4)),
            decisionMid: String(MID),
            predictedBps: predicted,
            realisedBps: realised,
            model: 'square-root',
            dailyVolume: ADV,
            dailyVolatility: SIGMA,
            spreadBps: 1,
          },
        }),
      );
    }
  }

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: build first (pnpm build)`);
    [nats, redisServer] = await Promise.all([startNatsServer(), startRedisServer()]);
    nc = await connect({ servers: nats.url });
    await ensureExecutionEventStream(nc);
    rpc = new RpcClient(nc, 5000);
    redis = new Redis(redisServer.url);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((p) => p.stop('SIGTERM')));
    redis?.disconnect();
    await nc?.close().catch(() => undefined);
    await nats?.dispose();
    await redisServer?.dispose();
  }, 60_000);

  it('fills costing 1.6x the square-root law move the blend toward them and the forecast error shrinks', async () => {
    const a = replica('impact-a').start();
    await a.waitForLog(/ ready nats=/, 60_000);
    const before = await Promise.all(PROBES.map(estimate));
    for (const e of before) expect(e).toMatchObject({ model: 'blend', observations: 0 });

    await publishFills('parent-1', 0, 60);
    const ready = await observedOn(a, 60);
    expect(ready.consumer).toMatchObject({ running: true, delivered: 61, observations: 60, failures: 0 });
    expect(ready.calibration).toMatchObject({ recorded: 60, duplicates: 0, refused: 0 });
    expect(await redis.llen(`tranche:impact:obs:${SYMBOL}`)).toBe(60);

    calibrated = await Promise.all(PROBES.map(estimate));
    PROBES.forEach((q, i) => {
      const errorBefore = Math.abs(before[i]!.finalBps - truth(q));
      const errorAfter = Math.abs(calibrated[i]!.finalBps - truth(q));
      expect({ q, better: errorAfter < 0.25 * errorBefore }).toEqual({ q, better: true });
      const e = calibrated[i]!;
      expect(e.observations).toBe(60);
      const sqrt = e.models.find((m) => m.model === 'square-root')!;
      expect(sqrt.scale).toBeGreaterThan(1.5);
      // The forecast error on record: the raw law's, and the calibrated blend's, far lower.
      expect(sqrt.maeBps).toBeGreaterThan(0);
      expect(e.calibrationMaeBps).toBeLessThan(0.5 * sqrt.maeBps!);
      expect(e.reasoning).toMatch(/calibrated on 60 fills/);
    });
  });

  it('a restarted replica answers with the same calibration, reloaded from Redis, and nothing is consumed twice', async () => {
    const a = replicas[0]!;
    await a.stop('SIGTERM');
    a.start();
    await a.waitForLog(/ ready nats=/, 60_000);
    const again = await Promise.all(PROBES.map(estimate));
    again.forEach((e, i) => {
      expect(e.observations).toBe(60);
      expect(e.finalBps).toBeCloseTo(calibrated[i]!.finalBps, 9);
    });
    await new Promise((r) => setTimeout(r, 500));
    const r = await readiness(a);
    expect(r.consumer).toMatchObject({ delivered: 0, observations: 0 });
    expect(r.calibration.symbols[SYMBOL]?.observations).toBe(60);
  });

  it('a second replica shares the durable consumer: each fill is counted once and both converge', async () => {
    const a = replicas[0]!;
    const b = replica('impact-b').start();
    await b.waitForLog(/ ready nats=/, 60_000);
    expect((await readiness(b)).calibration.symbols[SYMBOL]?.observations).toBe(60);

    await publishFills('parent-2', 60, 40);
    const [ra, rb] = await Promise.all([observedOn(a, 100), observedOn(b, 100)]);
    expect(ra.consumer.observations + rb.consumer.observations).toBe(40);
    expect(ra.calibration.recorded + rb.calibration.recorded).toBe(40);
    expect(ra.calibration.duplicates + rb.calibration.duplicates).toBe(0);
    expect(await redis.llen(`tranche:impact:obs:${SYMBOL}`)).toBe(100);
    // Each replica reloads what the other stored on its refresh cadence: they agree within a few of them.
    await waitFor(
      'both replicas to hold the same calibration',
      async () => {
        const [x, y] = await Promise.all([readiness(a), readiness(b)]);
        return JSON.stringify(x.calibration.symbols) === JSON.stringify(y.calibration.symbols);
      },
      15_000,
      200,
    );
  });
});
