import { decision } from '@tranche/contracts';
import { advisorWith, answerJson, FakeModel, request, SLICE_MS, T0 } from '../test/fakes.js';
import { LlmCallError } from './llm-client.js';

const LLM = decision.DecisionSource.DECISION_SOURCE_LLM;
const HEURISTIC = decision.DecisionSource.DECISION_SOURCE_HEURISTIC;

/** Decide one slice and let any refresh it started finish. */
async function slice(
  advisor: ReturnType<typeof advisorWith>['advisor'],
  spec: Parameters<typeof request>[0],
) {
  const { request: r, nowMs } = request(spec);
  const d = await advisor.decide(r, nowMs);
  await advisor.flush();
  return d;
}

describe('LlmAdvisor', () => {
  it('with no model configured, the heuristic serves every slice and says why', async () => {
    const { advisor } = advisorWith(undefined);
    const d = await slice(advisor, { slice: 0 });
    expect(d.source).toBe(HEURISTIC);
    expect(d.fallbackReason).toBe('no-model: no LLM is configured (OPENAI_API_KEY is not set)');
    const stats = await advisor.stats('p1');
    expect(stats.slices).toBe(1);
    expect(stats.calls).toBe(0);
    expect(stats.fallbackRate).toBe(1);
    expect(stats.fallbackReasons).toEqual({ 'no-model': 1 });
  });

  it('answers the slice that asked with the heuristic, and the next one with the model advice, mapped to the wire', async () => {
    const model = new FakeModel(() => ({
      content: answerJson({
        action: 'PASSIVE',
        quantity: 0.75,
        limit_price: 59990.5,
        new_rate: null,
        impact_adjustment: 1.25,
        reasoning: 'spread is wide: join the bid',
        confidence: 0.8,
      }),
    }));
    const { advisor, audit } = advisorWith(model);
    const first = await slice(advisor, { slice: 0, filled: '0' });
    expect(first.source).toBe(HEURISTIC);
    expect(first.fallbackReason).toMatch(/^no-advice-yet/);
    expect(model.calls).toHaveLength(1);

    const next = await slice(advisor, { slice: 1, filled: '1' });
    expect(next.source).toBe(LLM);
    expect(next.passive).toEqual(expect.objectContaining({ limitPrice: '59990.5', offsetTicks: 0 }));
    expect(next.quantity).toBe('0.75');
    expect(next.impactAdjustment).toBe(1.25);
    expect(next.confidence).toBe(0.8);
    expect(next.reasoning).toBe('spread is wide: join the bid');
    expect(next.policy).toBe('llm:fake-model');
    expect(next.latencyMs).toBe(800);
    expect(next.promptTemplate).toBe('execution-advice@1');
    expect(next.promptHash).toBe(audit.records[0]!.promptHash);
    expect(next.fallbackReason).toBe('');
    expect(Number(next.validUntil)).toBeGreaterThan(T0 + SLICE_MS);
    expect(Number(next.validUntil)).toBeLessThanOrEqual(T0 + SLICE_MS + 60_000);
  });

  it('charges the model latency in market time: advice is not used before it would have arrived', async () => {
    const model = new FakeModel(() => ({ content: answerJson(), latencyMs: 7 * 60_000 }));
    const { advisor } = advisorWith(model);
    await slice(advisor, { slice: 0, filled: '0' });
    const early = await slice(advisor, { slice: 1, filled: '1' });
    expect(early.source).toBe(HEURISTIC);
    expect(early.fallbackReason).toMatch(/^not-arrived: .* arrives 420000 ms later/);
    const later = await slice(advisor, { slice: 2, filled: '2' });
    expect(later.source).toBe(LLM);
  });

  it('in market time, the advice a slower call will replace keeps serving until the new one arrives', async () => {
    // Slice 0 asks (answer 1 s later); slice 1 is served from it and, on the cadence, asks again,
    // this time with an answer that takes 7 minutes: slice 2 (5 minutes on) still has answer 1.
    const model = new FakeModel((_r, n) =>
      n === 1
        ? { content: answerJson({ new_rate: 1.5 }), latencyMs: 1_000 }
        : { content: answerJson({ new_rate: 2 }), latencyMs: 7 * 60_000 },
    );
    const { advisor } = advisorWith(model, { adviceMinTtlMs: 20 * 60_000 });
    await slice(advisor, { slice: 0, filled: '0' });
    const one = await slice(advisor, { slice: 1, filled: '1' });
    expect(one.accelerate?.factor).toBe(1.5);
    expect(model.calls).toHaveLength(2);
    const two = await slice(advisor, { slice: 2, filled: '2' });
    expect(two.source).toBe(LLM);
    expect(two.accelerate?.factor).toBe(1.5);
    const three = await slice(advisor, { slice: 3, filled: '3' });
    expect(three.accelerate?.factor).toBe(2);
  });

  it('a significant market move overtakes the advice and asks the model again', async () => {
    const model = new FakeModel(() => ({ content: answerJson() }));
    const { advisor } = advisorWith(model);
    await slice(advisor, { slice: 0, filled: '0', mid: 60_000 });
    // Five minutes at 3% daily volatility: 2.5 sigma is about 44 bps; 80 bps is significant.
    const moved = await slice(advisor, { slice: 1, filled: '1', mid: 60_480 });
    expect(moved.source).toBe(HEURISTIC);
    expect(moved.fallbackReason).toMatch(/^market-moved: the mid moved 80\.0 bps/);
    expect(model.calls).toHaveLength(2);
    // An ordinary move is not.
    const calm = await slice(advisor, { slice: 2, filled: '2', mid: 60_500 });
    expect(calm.source).toBe(LLM);
  });

  it('a WAIT is acted on once; the next slice does not wait again on the same advice', async () => {
    const replies = [answerJson({ action: 'WAIT', new_rate: null, duration_secs: 120 })];
    const model = new FakeModel((_r, n) => (n === 1 ? { content: replies[0]! } : { error: failure() }));
    const { advisor } = advisorWith(model, { adviceMinTtlMs: 20 * 60_000 });
    await slice(advisor, { slice: 0, filled: '0' });
    const waited = await slice(advisor, { slice: 1, filled: '1' });
    expect(waited.source).toBe(LLM);
    expect(Number(waited.wait?.durationMs)).toBe(120_000);
    const after = await slice(advisor, { slice: 2, filled: '2' });
    expect(after.source).toBe(HEURISTIC);
    expect(after.fallbackReason).toMatch(/^consumed: the WAIT advice was acted on at slice 2/);
  });

  it('a quantity is for the next child only; later slices in the window trade the baseline', async () => {
    const model = new FakeModel((_r, n) =>
      n === 1
        ? {
            content: answerJson({ action: 'AGGRESSIVE', new_rate: null, quantity: 2 }),
            latencyMs: 1,
          }
        : { error: failure() },
    );
    const { advisor } = advisorWith(model, { adviceMinTtlMs: 20 * 60_000, retryAfterFailureMs: 60 * 60_000 });
    await slice(advisor, { slice: 0, filled: '0' });
    const first = await slice(advisor, { slice: 1, filled: '1' });
    expect(first.quantity).toBe('2');
    const second = await slice(advisor, { slice: 2, filled: '3' });
    expect(second.source).toBe(LLM);
    expect(second.aggressive).toBeTruthy();
    expect(second.quantity).toBe('');
  });

  it('advice is checked again when served: a quantity above what remains now is not used', async () => {
    const model = new FakeModel((_r, n) =>
      n === 1
        ? { content: answerJson({ action: 'AGGRESSIVE', new_rate: null, quantity: 2.5 }) }
        : { error: failure() },
    );
    const { advisor } = advisorWith(model);
    await slice(advisor, { slice: 0, filled: '0', baseline: '1' });
    const d = await slice(advisor, { slice: 1, filled: '10', target: '12', baseline: '1' });
    expect(d.source).toBe(HEURISTIC);
    expect(d.fallbackReason).toMatch(/^overtaken: QUANTITY quantity 2\.5 exceeds the remaining 2/);
  });

  it('one call per parent at a time, however many slices ask meanwhile', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const model = new FakeModel(async () => {
      await gate;
      return { content: answerJson() };
    });
    const { advisor } = advisorWith(model, { timing: 'realtime' });
    for (let i = 0; i < 5; i++) {
      const { request: r, nowMs } = request({ slice: i, filled: String(i) });
      const d = await advisor.decide(r, nowMs);
      expect(d.source).toBe(HEURISTIC);
    }
    expect(model.calls).toHaveLength(1);
    release();
    await advisor.flush();
  });

  it('keys never reach the audit, even when an error message carries one', async () => {
    const model = new FakeModel(() => ({
      error: new LlmCallError(
        'client-error',
        'HTTP 401: invalid key sk-secret-key-123456 (Bearer abcdefghijklmnop)',
        {
          attempts: 1,
          latencyMs: 5,
          status: 401,
        },
      ),
    }));
    const { advisor, audit } = advisorWith(model);
    const d0 = await slice(advisor, { slice: 0 });
    const d1 = await slice(advisor, { slice: 1 });
    expect(d0.source).toBe(HEURISTIC);
    expect(d1.fallbackReason).toMatch(/^call-failed: client-error/);
    const text = JSON.stringify(audit.records);
    expect(text).not.toContain('sk-secret-key-123456');
    expect(text).not.toContain('abcdefghijklmnop');
    expect(audit.records[0]!.outcome).toBe('error');
    expect(audit.records[0]!.reason).toContain('[redacted]');
  });

  it('counts tokens, cost, outcomes and adaptations per parent', async () => {
    let n = 0;
    const model = new FakeModel(() =>
      ++n === 2 ? { content: 'not json' } : { content: answerJson(), latencyMs: 1 },
    );
    const { advisor, metrics } = advisorWith(model, { refreshEveryMs: 1 });
    for (let i = 0; i < 4; i++) await slice(advisor, { slice: i, filled: String(i) });
    const s = await advisor.stats('p1');
    expect(s.calls).toBe(model.calls.length);
    expect(s.ok + s.refused + s.errors + s.late).toBe(s.calls);
    expect(s.refused).toBe(1);
    expect(s.tokensIn).toBe(1000 * s.calls);
    expect(s.tokensOut).toBe(80 * s.calls);
    expect(s.costUsd).toBeCloseTo(((1000 * 1 + 80 * 2) / 1e6) * s.calls, 12);
    expect(s.slices).toBe(4);
    expect(s.llmSlices).toBeGreaterThan(0);
    // ACCELERATE changes the baseline; every LLM slice here is an adaptation.
    expect(s.adaptations).toBeGreaterThanOrEqual(s.llmSlices);
    expect(metrics.toPrometheus({ model: 'fake-model' })).toContain(
      `tranche_llm_calls_total{model="fake-model",outcome="refused"} 1`,
    );
  });
});

function failure() {
  return new LlmCallError('server-error', 'HTTP 500', { attempts: 1, latencyMs: 1, status: 500 });
}
