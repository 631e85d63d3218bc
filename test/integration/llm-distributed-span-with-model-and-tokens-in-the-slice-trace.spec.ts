import { common, decision, execution, LLM_AUDIT_STREAM, Subjects } from '@tranche/contracts';
import { waitFor } from '@tranche/testing';
import { Redis } from 'ioredis';
import { createServer, type Server } from 'node:http';
import { startLlmStub, type LlmStub } from '../../packages/llm/src/index.js';
import { Cluster } from './cluster.js';

interface Span {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  attributes: Record<string, string | number | boolean>;
}

type OtlpValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
};
interface OtlpJson {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value?: OtlpValue }> };
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        attributes?: Array<{ key: string; value?: OtlpValue }>;
      }>;
    }>;
  }>;
}

const valueOf = (v: OtlpValue | undefined): string | number | boolean =>
  v?.stringValue ?? (v?.intValue !== undefined ? Number(v.intValue) : (v?.doubleValue ?? v?.boolValue ?? ''));

/** An OTLP/HTTP (JSON) receiver that keeps span attributes, which the span assertions here need. */
class AttributeReceiver {
  readonly spans: Span[] = [];
  private server!: Server;
  port = 0;
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpJson;
          for (const rs of body.resourceSpans ?? []) {
            const service = String(
              valueOf(rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value),
            );
            for (const ss of rs.scopeSpans ?? [])
              for (const s of ss.spans ?? [])
                this.spans.push({
                  service,
                  traceId: s.traceId,
                  spanId: s.spanId,
                  parentSpanId: s.parentSpanId ?? '',
                  name: s.name,
                  attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, valueOf(a.value)])),
                });
          }
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } catch {
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    const a = this.server.address();
    this.port = typeof a === 'object' && a ? a.port : 0;
    return this;
  }
  get endpoint() {
    return `http://127.0.0.1:${this.port}`;
  }
  stop() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

describe('the LLM call in the distributed services', () => {
  const cluster = new Cluster();
  const receiver = new AttributeReceiver();
  let stub: LlmStub;

  beforeAll(async () => {
    [stub] = await Promise.all([startLlmStub(), receiver.start()]);
    await cluster.start({
      OPENAI_API_KEY: 'sk-distributed-test-key-000',
      OPENAI_BASE_URL: stub.url,
      OPENAI_MODEL: 'tranche-stub-1',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      ROUTER_IMPACT_DEADLINE_MS: '2000',
      ROUTER_RISK_DEADLINE_MS: '2000',
      ROUTER_DECISION_DEADLINE_MS: '2000',
      ROUTER_MARKET_DATA_DEADLINE_MS: '2000',
    });
  }, 120_000);

  afterAll(async () => {
    await cluster.stop();
    await Promise.all([stub?.close(), receiver.stop()]);
  }, 60_000);

  it('is a span with model and token attributes under the trace of the slice that asked, audited in Redis', async () => {
    const res = await cluster.rpc.request(
      Subjects.submitParent,
      execution.SubmitParentOrderRequest.create({
        symbol: 'BTCUSDT',
        side: common.Side.SIDE_BUY,
        quantity: '0.4',
        horizonMs: 4000,
        slices: 4,
        algorithm: execution.Algorithm.ALGORITHM_TWAP,
      }),
    );
    const parentId = res.parent!.parentId!;
    const tap = await cluster.tap(parentId);
    const done = await tap.untilDone();
    await tap.close();
    expect(done.parentCompleted).toBeTruthy();
    // Slices a second apart: the advice asked for on one slice serves the next.
    const sources = tap.events.filter((e) => e.decisionTaken).map((e) => e.decisionTaken!.decision!.source);
    expect(sources).toContain(decision.DecisionSource.DECISION_SOURCE_LLM);

    const llm = await waitFor(
      'the llm.chat span',
      () =>
        receiver.spans.find(
          (s) =>
            s.name === 'llm.chat' &&
            s.attributes['tranche.parent_id'] === parentId &&
            s.attributes['tranche.llm.outcome'] === 'used',
        ),
      20_000,
    );
    expect(llm.service).toBe('tranche-decision');
    expect(llm.attributes['gen_ai.request.model']).toBe('tranche-stub-1');
    expect(llm.attributes['gen_ai.response.model']).toBe('tranche-stub-1');
    expect(llm.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(llm.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(llm.attributes['tranche.llm.prompt_hash']).toMatch(/^[0-9a-f]{64}$/);

    // Its parent is the decide request of the slice, itself a child of the router's call: one trace.
    const decide = receiver.spans.find((s) => s.spanId === llm.parentSpanId)!;
    expect(decide.name).toBe(`rpc.server ${Subjects.decide}`);
    expect(decide.traceId).toBe(llm.traceId);
    const routerCall = receiver.spans.find((s) => s.spanId === decide.parentSpanId)!;
    expect(routerCall.service).toBe('tranche-router');
    expect(routerCall.name).toBe(`rpc.client ${Subjects.decide}`);
    expect(routerCall.traceId).toBe(llm.traceId);

    // The audit stream has the call, with the same trace, and never the key.
    const redis = new Redis(cluster.redis.url);
    try {
      const rows = await redis.xrange(LLM_AUDIT_STREAM, '-', '+');
      const records = rows.map(([, f]) => {
        const o: Record<string, string> = {};
        for (let i = 0; i + 1 < f.length; i += 2) o[f[i]!] = f[i + 1]!;
        return o;
      });
      const mine = records.filter((r) => r.parent_id === parentId);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.some((r) => r.trace_id === llm.traceId && r.outcome === 'used')).toBe(true);
      expect(JSON.stringify(rows)).not.toContain('sk-distributed-test-key-000');
    } finally {
      await redis.quit();
    }

    // The parent's LLM figures over NATS, as a report would read them.
    const stats = await cluster.rpc.request(
      Subjects.getLlmStats,
      decision.GetLlmStatsRequest.create({ parentId }),
    );
    expect(stats.model).toBe('tranche-stub-1');
    expect(stats.calls).toBeGreaterThan(0);
    expect(stats.llmSlices).toBeGreaterThan(0);
    expect(stats.tokensIn).toBeGreaterThan(0);
    expect(stats.costUsd).toBeGreaterThan(0);
    expect(stats.fallbackRate).toBeCloseTo(1 - stats.llmSlices / stats.slices, 9);
  }, 120_000);
});
