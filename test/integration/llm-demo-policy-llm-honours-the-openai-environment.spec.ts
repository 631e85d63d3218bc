import { runCli } from '../../apps/cli/test/cli-process.js';
import { startLlmStub, type LlmStub } from '../../packages/llm/src/index.js';

interface RunJson {
  parent: { state: string; quantity: string; filledQuantity: string };
  children: unknown[];
  decisions: Array<{
    slice: number;
    source: string;
    action: string;
    latencyMs: number;
    fallbackReason?: string;
  }>;
  llm: {
    model: string | null;
    calls: number;
    ok: number;
    refused: number;
    errors: number;
    fallbackRate: number | null;
    tokensIn: number;
    tokensOut: number;
    costUsd: number;
  };
  ledger: { orders: number; fills: number; violations: unknown[] };
}
type DemoJson = { policy: RunJson; twap: RunJson };

/** No key from the machine running the tests may reach a real endpoint. */
const NO_KEY = { OPENAI_API_KEY: '', OPENAI_API_KEY_FILE: '', OPENAI_BASE_URL: '', OPENAI_MODEL: '' };
const ORDER = ['--qty', '2', '--horizon', '40m', '--slices', '8', '--json'];

async function demo(args: string[], env: NodeJS.ProcessEnv): Promise<DemoJson> {
  const r = await runCli(['demo', ...args], { env, timeoutMs: 90_000 });
  if (r.code !== 0) throw new Error(`tranche demo exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as DemoJson;
}

describe('tranche demo --policy', () => {
  let stub: LlmStub;
  beforeAll(async () => {
    stub = await startLlmStub({ model: 'outside-model-7', control: { fault: 'server-error' } });
  });
  afterAll(async () => {
    await stub.close();
  });

  it('llm without a key runs against the in-process stub: model advice, its latency, calls, tokens, cost and the ledger', async () => {
    const { policy, twap } = await demo(['--policy', 'llm', ...ORDER], NO_KEY);
    expect(policy.parent.state).toBe('PARENT_STATE_COMPLETE');
    expect(policy.parent.filledQuantity).toBe('2');
    const llm = policy.decisions.filter((d) => d.source === 'LLM');
    expect(llm.length).toBeGreaterThan(policy.decisions.length / 2);
    for (const d of llm) expect(d.latencyMs).toBeGreaterThan(0);
    expect(policy.llm.model).toBe('tranche-stub-1');
    expect(policy.llm.calls).toBeGreaterThan(0);
    expect(policy.llm.ok).toBe(policy.llm.calls);
    expect(policy.llm.tokensIn).toBeGreaterThan(0);
    expect(policy.llm.costUsd).toBeGreaterThan(0);
    expect(policy.llm.fallbackRate).toBeCloseTo(1 - llm.length / policy.decisions.length, 9);
    expect(policy.ledger.violations).toEqual([]);
    expect(policy.ledger.orders).toBe(policy.children.length);
    // The comparison run is the bare TWAP: no model, no decisions.
    expect(twap.llm.calls).toBe(0);
    expect(twap.decisions).toEqual([]);
  }, 120_000);

  it('llm with OPENAI_API_KEY and OPENAI_BASE_URL set talks to that server, and falls back when it fails', async () => {
    stub.requests.length = 0;
    const { policy } = await demo(['--policy', 'llm', ...ORDER], {
      ...NO_KEY,
      OPENAI_API_KEY: 'sk-demo-test-key',
      OPENAI_BASE_URL: stub.url,
      OPENAI_MODEL: 'outside-model-7',
      LLM_MAX_RETRIES: '0',
    });
    expect(stub.requests.length).toBeGreaterThan(0);
    expect(stub.requests.every((r) => r.model === 'outside-model-7')).toBe(true);
    expect(policy.parent.state).toBe('PARENT_STATE_COMPLETE');
    expect(policy.decisions.every((d) => d.source === 'HEURISTIC')).toBe(true);
    expect(
      policy.decisions.some((d) => /^call-failed: server-error: HTTP 500/.test(d.fallbackReason ?? '')),
    ).toBe(true);
    expect(policy.llm.errors).toBe(policy.llm.calls);
    expect(policy.llm.fallbackRate).toBe(1);
    expect(policy.ledger.violations).toEqual([]);
  }, 120_000);

  it('none runs the bare baseline; an unknown policy is bad input naming the flag', async () => {
    const { policy } = await demo(['--policy', 'none', ...ORDER], NO_KEY);
    expect(policy.parent.state).toBe('PARENT_STATE_COMPLETE');
    expect(policy.decisions).toEqual([]);
    const bad = await runCli(['demo', '--policy', 'oracle'], { env: NO_KEY });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--policy must be one of llm, heuristic, none/);
  }, 120_000);
});
