import { decision, execution } from '@tranche/contracts';
import { startLlmStub, type LlmStub, type StubControl } from '../src/index.js';
import { runAdvised, stubSettings, unsafeOrders, type AdvisedRun } from './embedded-run.js';

const LLM = decision.DecisionSource.DECISION_SOURCE_LLM;
const HEURISTIC = decision.DecisionSource.DECISION_SOURCE_HEURISTIC;

function expectCompletedSafely(run: AdvisedRun) {
  expect(execution.ParentState[run.parent.state]).toBe('PARENT_STATE_COMPLETE');
  expect(run.parent.filledQuantity).toBe(run.parent.quantity);
  expect(run.sent.length).toBeGreaterThan(0);
  expect(unsafeOrders(run)).toEqual([]);
}

/** Every decision the router took from the heuristic, with the reason the model's advice was not used. */
const fallbackReasons = (run: AdvisedRun) =>
  run.decisions.filter((d) => d.source === HEURISTIC).map((d) => d.fallbackReason ?? '');

/** Failed calls that reached the model, and those the open circuit stopped before they were sent. */
const callsByBreaker = (run: AdvisedRun) => {
  const errors = run.audit.records.filter((r) => r.outcome === 'error');
  return {
    reached: errors.filter((r) => !r.reason.startsWith('circuit-open')),
    shortCircuited: errors.filter((r) => r.reason.startsWith('circuit-open') && r.attempts === 0),
  };
};

describe('the advisor through the real OpenAI SDK against the stub model, one fault at a time', () => {
  let stub: LlmStub;

  beforeAll(async () => {
    stub = await startLlmStub();
  });
  afterAll(async () => {
    await stub.close();
  });
  beforeEach(() => {
    stub.requests.length = 0;
  });

  const withFault = async (control: Partial<StubControl>, settings = {}) => {
    stub.control({ fault: 'none', latencyMs: 0, retryAfterS: 1, ...control });
    return runAdvised({ settings: stubSettings(stub.url, settings) });
  };

  it('a healthy model: its advice serves the slices, with template, prompt hash, tokens and cost audited', async () => {
    const run = await withFault({ fault: 'none' });
    expectCompletedSafely(run);
    const llm = run.decisions.filter((d) => d.source === LLM);
    // The first slice is the heuristic's: the model's answer arrives after it, in market time.
    expect(run.decisions[0]!.source).toBe(HEURISTIC);
    expect(run.decisions[0]!.fallbackReason).toMatch(/^(model-pending|not-arrived|no-advice-yet)/);
    expect(llm.length).toBeGreaterThan(run.decisions.length / 2);
    for (const d of llm) {
      expect(d.promptTemplate).toBe('execution-advice@1');
      expect(d.promptHash).toMatch(/^[0-9a-f]{64}$/);
      expect(d.policy).toBe('llm:tranche-stub-1');
    }
    const used = run.audit.records.filter((r) => r.outcome === 'used');
    expect(used.length).toBeGreaterThan(0);
    for (const r of used) {
      expect(r.tokensIn).toBeGreaterThan(0);
      expect(r.tokensOut).toBeGreaterThan(0);
      expect(r.costUsd).toBeCloseTo((r.tokensIn * 0.15 + r.tokensOut * 0.6) / 1e6, 12);
      expect(JSON.parse(r.prompt)[0].role).toBe('system');
    }
    // The request carried the strict schema built from the zod answer schema.
    const format = stub.requests[0]!.responseFormat as { type: string; json_schema: { strict: boolean } };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.strict).toBe(true);
    const stats = await run.advisor.stats(run.parent.parentId);
    expect(stats.llmSlices).toBe(llm.length);
    expect(stats.calls).toBe(run.audit.records.length);
    expect(stats.fallbackRate).toBeCloseTo(1 - llm.length / stats.slices, 9);
  });

  it('latency: the answer takes effect in market time only once it would have arrived', async () => {
    const run = await withFault({ fault: 'latency', latencyMs: 300 });
    expectCompletedSafely(run);
    const llm = run.decisions.filter((d) => d.source === LLM);
    expect(llm.length).toBeGreaterThan(0);
    for (const d of llm) expect(d.latencyMs).toBeGreaterThanOrEqual(300);
  });

  it('429 with retry-after: retried within the deadline, then the heuristic with the reason', async () => {
    const run = await withFault({ fault: 'rate-limit', retryAfterS: 0.05 }, { maxRetries: 2 });
    expectCompletedSafely(run);
    expect(run.decisions.every((d) => d.source === HEURISTIC)).toBe(true);
    expect(fallbackReasons(run).some((r) => /^call-failed: rate-limited: HTTP 429/.test(r))).toBe(true);
    const { reached, shortCircuited } = callsByBreaker(run);
    // One attempt and two retries per call, each retry after the server's retry-after...
    expect(reached.length).toBe(5);
    expect(reached.every((r) => r.attempts === 3 && /rate-limited/.test(r.reason))).toBe(true);
    expect(stub.requests.length).toBe(reached.length * 3);
    // ...until five failed calls in a row open the circuit and the model is left alone.
    expect(shortCircuited.length).toBeGreaterThan(0);
    expect(fallbackReasons(run).at(-1)).toMatch(/^call-failed: circuit-open/);
  });

  it('429 once: the retry succeeds and its advice is used', async () => {
    const run = await withFault({ fault: 'rate-limit', retryAfterS: 0.05, times: 1 });
    expectCompletedSafely(run);
    expect(run.audit.records[0]!.outcome).toBe('used');
    expect(run.audit.records[0]!.attempts).toBe(2);
    expect(run.decisions.some((d) => d.source === LLM)).toBe(true);
  });

  it('500: retried, then the heuristic with the reason', async () => {
    const run = await withFault({ fault: 'server-error' }, { maxRetries: 1 });
    expectCompletedSafely(run);
    expect(run.decisions.every((d) => d.source === HEURISTIC)).toBe(true);
    expect(fallbackReasons(run).some((r) => /^call-failed: server-error: HTTP 500/.test(r))).toBe(true);
    const { reached } = callsByBreaker(run);
    expect(reached.length).toBe(5);
    expect(reached.every((r) => r.attempts === 2)).toBe(true);
    expect(stub.requests.length).toBe(10);
  });

  it('a hanging model: cut at the timeout, never retried, the heuristic with the reason', async () => {
    const run = await withFault({ fault: 'hang' }, { timeoutMs: 300 });
    expectCompletedSafely(run);
    expect(run.decisions.every((d) => d.source === HEURISTIC)).toBe(true);
    expect(fallbackReasons(run).some((r) => /^call-failed: timeout: no answer within 300 ms/.test(r))).toBe(
      true,
    );
    const { reached } = callsByBreaker(run);
    expect(reached.length).toBe(5);
    expect(reached.every((r) => r.attempts === 1 && r.latencyMs >= 295)).toBe(true);
    expect(stub.requests.length).toBe(5);
  });

  it.each([
    ['malformed', /^answer-refused: ANSWER_NOT_JSON/],
    ['schema', /^answer-refused: ANSWER_SCHEMA/],
    ['refusal', /^answer-refused: MODEL_REFUSED/],
  ] as const)(
    '%s output: refused with its reason, audited, and the heuristic trades',
    async (fault, reason) => {
      const run = await withFault({ fault });
      expectCompletedSafely(run);
      expect(run.decisions.every((d) => d.source === HEURISTIC)).toBe(true);
      expect(fallbackReasons(run).some((r) => reason.test(r))).toBe(true);
      const refused = run.audit.records.filter((r) => r.outcome === 'refused');
      expect(refused.length).toBe(run.audit.records.length);
      expect(refused[0]!.reason).toMatch(reason.source.replace('^answer-refused: ', ''));
      const stats = await run.advisor.stats(run.parent.parentId);
      expect(stats.refused).toBe(refused.length);
      expect(stats.fallbackRate).toBe(1);
    },
  );
});
