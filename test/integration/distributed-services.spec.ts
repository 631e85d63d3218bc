import {
  common,
  decision,
  execution,
  impact,
  marketdata,
  risk,
  Subjects,
  type RpcSubject,
} from '@tranche/contracts';
import { Dec } from '@tranche/execution-core';
import { RpcRemoteError } from '@tranche/transport';
import { Cluster } from './cluster.js';

const buy = (quantity: string, horizonMs: number, slices: number) =>
  execution.SubmitParentOrderRequest.create({
    symbol: 'BTCUSDT',
    side: common.Side.SIDE_BUY,
    quantity,
    horizonMs,
    slices,
    algorithm: execution.Algorithm.ALGORITHM_TWAP,
  });

describe('five services as separate processes over real NATS and Redis', () => {
  const cluster = new Cluster();

  beforeAll(async () => {
    // Deadlines generous enough for a loaded two-core machine; (b) kills a service outright.
    await cluster.start({
      ROUTER_IMPACT_DEADLINE_MS: '2000',
      ROUTER_RISK_DEADLINE_MS: '2000',
      ROUTER_DECISION_DEADLINE_MS: '2000',
      ROUTER_MARKET_DATA_DEADLINE_MS: '2000',
    });
  }, 120_000);

  afterAll(async () => {
    await cluster.stop();
  }, 60_000);

  it('(a) completes a parent order: filled equals target and events arrive in order', async () => {
    const res = await cluster.rpc.request(Subjects.submitParent, buy('0.5', 3000, 4));
    const parentId = res.parent!.parentId!;
    const tap = await cluster.tap(parentId);
    const last = await tap.untilDone();
    await tap.close();
    expect(last.parentCompleted).toBeTruthy();

    const events = tap.events;
    expect(events.map((e) => Number(e.sequence))).toEqual(events.map((_, i) => i + 1));
    expect(events[0]!.parentAccepted).toBeTruthy();
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.correlationId).toBe(parentId);
      expect(Number(events[i]!.tsEvent)).toBeGreaterThanOrEqual(Number(events[i - 1]!.tsEvent));
    }
    // Every child that reached the venue had a risk verdict before it was sent.
    const checked = new Set(events.filter((e) => e.riskChecked).map((e) => e.riskChecked!.childId));
    const submitted = events.filter((e) => e.childSubmitted).map((e) => e.childSubmitted!.child!.childId!);
    expect(submitted.length).toBeGreaterThan(0);
    for (const id of submitted) expect(checked.has(id)).toBe(true);

    const filledByEvents = events
      .filter((e) => e.childFilled)
      .reduce((s, e) => s.plus(e.childFilled!.fill!.quantity!), new Dec(0));
    expect(filledByEvents.toFixed()).toBe('0.5');
    const status = await cluster.rpc.request(
      Subjects.getParent,
      execution.GetParentOrderRequest.create({ parentId }),
    );
    expect(status.parent!.filledQuantity).toBe('0.5');
    expect(execution.ParentState[status.parent!.state!]).toBe('PARENT_STATE_COMPLETE');
    const fills = status.fills.reduce((s, f) => s.plus(f.quantity!), new Dec(0));
    expect(fills.toFixed()).toBe('0.5');
    expect(new Set(status.fills.map((f) => f.execId)).size).toBe(status.fills.length);
  }, 90_000);

  it('(c) one trace id spans all five services, from spans each process exported', async () => {
    const res = await cluster.rpc.request(Subjects.submitParent, buy('0.2', 1500, 2));
    const tap = await cluster.tap(res.parent!.parentId!);
    await tap.untilDone();
    await tap.close();
    const services = [
      'tranche-market-data',
      'tranche-impact',
      'tranche-decision',
      'tranche-risk',
      'tranche-router',
    ];
    const submitSpan = await waitForValue(() =>
      cluster.otlp.spans.find(
        (s) => s.name === `rpc.server ${Subjects.submitParent}` && s.service === 'tranche-router',
      ),
    );
    const traceId = submitSpan.traceId;
    const covered = await waitForValue(() => {
      const seen = new Set(cluster.otlp.spans.filter((s) => s.traceId === traceId).map((s) => s.service));
      return services.every((s) => seen.has(s)) ? seen : undefined;
    });
    expect([...covered].sort()).toEqual(expect.arrayContaining(services));
    // The downstream spans are servers in other processes, parented to client spans in the router.
    const riskServer = cluster.otlp.spans.find(
      (s) =>
        s.traceId === traceId &&
        s.service === 'tranche-risk' &&
        s.name === `rpc.server ${Subjects.riskValidate}`,
    )!;
    const parent = cluster.otlp.spans.find((s) => s.spanId === riskServer.parentSpanId)!;
    expect(parent.service).toBe('tranche-router');
    expect(parent.name).toBe(`rpc.client ${Subjects.riskValidate}`);
  }, 90_000);

  it('(d) a malformed payload on each request subject gets a clear error reply and the service keeps serving', async () => {
    const subjects: RpcSubject[] = Object.values(Subjects);
    for (const subject of subjects) {
      for (const payload of [new Uint8Array([0xff, 0xff, 0xff, 0x0f]), new Uint8Array()]) {
        const reply = await cluster.nc.request(subject, payload, { timeout: 5000 });
        expect({ subject, error: reply.headers?.get('tranche-error') }).toEqual({ subject, error: '1' });
        const body = common.Error.decode(reply.data);
        expect(body.code).toBe('BAD_PAYLOAD');
        expect(body.message).toMatch(/not a valid tranche\./);
      }
    }
    // Still serving, with typed answers.
    const snap = await cluster.rpc.request(
      Subjects.getSnapshot,
      marketdata.GetSnapshotRequest.create({ symbol: 'BTCUSDT' }),
    );
    expect(snap.found).toBe(true);
    const est = await cluster.rpc.request(
      Subjects.impactEstimate,
      impact.ImpactRequest.create({ symbol: 'BTCUSDT', quantity: '1', snapshot: snap.snapshot }),
    );
    expect(est.finalBps).toBeGreaterThan(0);
    const dec = await cluster.rpc.request(
      Subjects.decide,
      decision.DecisionRequest.create({
        symbol: 'BTCUSDT',
        side: common.Side.SIDE_BUY,
        targetQuantity: '1',
        filledQuantity: '0',
        snapshot: snap.snapshot,
      }),
    );
    expect(dec.source).toBe(decision.DecisionSource.DECISION_SOURCE_HEURISTIC);
    const verdict = await cluster.rpc.request(
      Subjects.riskValidate,
      risk.RiskRequest.create({
        symbol: 'BTCUSDT',
        side: common.Side.SIDE_BUY,
        quantity: '0.01',
        referencePrice: snap.snapshot!.bestAsk,
        arrivalPrice: snap.snapshot!.mid,
        remainingQuantity: '1',
        recentVolume: '100',
        childId: 'probe-1',
      }),
    );
    expect(verdict.decision).toBe(risk.RiskDecision.RISK_DECISION_APPROVE);
    // A well-formed request that makes no sense is a coded remote error, not a hang.
    const err = await cluster.rpc
      .request(Subjects.getParent, execution.GetParentOrderRequest.create({ parentId: 'nope' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcRemoteError);
    expect((err as RpcRemoteError).remoteCode).toBe('NOT_FOUND');
    const bad = await cluster.rpc.request(Subjects.submitParent, buy('-3', 1000, 1)).catch((e: unknown) => e);
    expect((bad as RpcRemoteError).remoteCode).toBe('BAD_REQUEST');
    for (const p of cluster.services.values()) expect(p.running).toBe(true);
  }, 90_000);

  it('(b) with the decision service killed mid-order, the order still completes and its events show FALLBACK', async () => {
    const res = await cluster.rpc.request(Subjects.submitParent, buy('0.8', 8000, 8));
    const parentId = res.parent!.parentId!;
    const tap = await cluster.tap(parentId);
    await tap.until('a first decision', (e) => Boolean(e.decisionTaken));
    await cluster.service('decision').stop('SIGKILL');
    const killedAt = tap.events.length;
    const last = await tap.untilDone();
    await tap.close();
    expect(last.parentCompleted).toBeTruthy();
    const after = tap.events.slice(killedAt);
    const fallbacks = after.filter((e) => e.fallbackUsed?.dependency === 'decision');
    expect(fallbacks.length).toBeGreaterThan(0);
    expect(fallbacks.every((e) => e.fallbackUsed!.substitute === 'twap-slice')).toBe(true);
    const filled = tap.events
      .filter((e) => e.childFilled)
      .reduce((s, e) => s.plus(e.childFilled!.fill!.quantity!), new Dec(0));
    expect(filled.toFixed()).toBe('0.8');
    expect(Number(last.parentCompleted!.report!.fallbackSlices)).toBeGreaterThan(0);
  }, 90_000);
});

async function waitForValue<T>(get: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = get();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting for exported spans');
}
