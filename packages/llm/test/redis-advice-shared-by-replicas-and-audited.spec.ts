import { decision, LLM_AUDIT_STREAM } from '@tranche/contracts';
import { startRedisServer, type ManagedServer } from '@tranche/testing';
import { Redis } from 'ioredis';
import { RedisAdviceStore, RedisLlmAudit } from '../src/index.js';
import { advisorWith, answerJson, FakeModel, request } from './fakes.js';

const LLM = decision.DecisionSource.DECISION_SOURCE_LLM;
const KEY = 'sk-live-redis-test-0123456789';

describe('advice in Redis: two replicas of the decision service serve one parent', () => {
  let server: ManagedServer;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    await redis.quit();
    await server.dispose();
  });

  const replica = (model: FakeModel) => {
    const r = advisorWith(model, { timing: 'realtime' }, new RedisAdviceStore(redis));
    return r.advisor;
  };

  it('advice one replica obtained serves the next slice on the other, and only one calls the model', async () => {
    const modelA = new FakeModel(() => ({
      content: answerJson({ reasoning: `advice with the key ${KEY} echoed` }),
      latencyMs: 5,
    }));
    const modelB = new FakeModel(() => ({ content: answerJson(), latencyMs: 5 }));
    const a = replica(modelA);
    const b = replica(modelB);
    // Redis holds the claim while A's call is in flight: B does not call as well.
    const s0 = request({ parentId: 'pshared', slice: 0, filled: '0' });
    await Promise.all([a.decide(s0.request, s0.nowMs), b.decide(s0.request, s0.nowMs)]);
    await Promise.all([a.flush(), b.flush()]);
    expect(modelA.calls.length + modelB.calls.length).toBe(1);

    const s1 = request({ parentId: 'pshared', slice: 1, filled: '1' });
    const fromB = await b.decide(s1.request, s1.nowMs);
    expect(fromB.source).toBe(LLM);
    expect(fromB.accelerate?.factor).toBe(1.5);
    await b.flush();

    // Counters are shared too: either replica reports the parent's totals.
    const stats = await a.stats('pshared');
    expect(stats.slices).toBe(3);
    expect(stats.llmSlices).toBe(1);
    // Slice 1 came five minutes on, past the refresh cadence: it asked again.
    expect(stats.calls).toBe(modelA.calls.length + modelB.calls.length);
    expect(stats.calls).toBe(2);
    expect(stats.ok).toBe(2);
  });

  it('writes every call to the tranche:llm:audit stream with cost and outcome, and never a key', async () => {
    const audit = new RedisLlmAudit(redis, [KEY], LLM_AUDIT_STREAM);
    await audit.record({
      tsMs: 1,
      parentId: 'p9',
      traceId: 'abc',
      sliceIndex: 3,
      templateId: 'execution-advice@1',
      promptHash: 'f'.repeat(64),
      model: 'gpt-x',
      latencyMs: 812.4,
      tokensIn: 1200,
      tokensOut: 90,
      costUsd: 0.000234,
      outcome: 'refused',
      reason: `HTTP 401 for key ${KEY}`,
      prompt: '[{"role":"system","content":"..."}]',
      response: `{"reasoning":"Bearer ${KEY}"}`,
      attempts: 1,
    });
    const [last] = await audit.recent(1);
    expect(last).toEqual(
      expect.objectContaining({
        parent_id: 'p9',
        trace_id: 'abc',
        slice: '3',
        template_id: 'execution-advice@1',
        prompt_hash: 'f'.repeat(64),
        model: 'gpt-x',
        latency_ms: '812',
        tokens_in: '1200',
        tokens_out: '90',
        cost_usd: '0.00023400',
        outcome: 'refused',
      }),
    );
    const everything = JSON.stringify(await redis.xrange(LLM_AUDIT_STREAM, '-', '+'));
    expect(everything).not.toContain(KEY);
    expect(everything).toContain('[redacted]');
  });
});
