import {
  buildPrompt,
  DEFAULT_ADVICE_LIMITS,
  LlmCallError,
  OpenAiLlmClient,
  startLlmStub,
  type LlmStub,
} from '../src/index.js';

const prompt = buildPrompt({
  nowMs: Date.UTC(2026, 0, 5, 12),
  parent: { parentId: 'p1', symbol: 'BTCUSDT', side: 'BUY', total: '1', remaining: '1' },
  progress: { executedPct: 0, elapsedPct: 0, sliceIndex: 0 },
  market: { spreadBps: 1, bids: [], asks: [], trades: [], volatilityBps: 300 },
  signals: {},
  baselineNextQty: '0.1',
  headlines: [],
  previous: [],
  limits: DEFAULT_ADVICE_LIMITS,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the circuit breaker around the model (cockatiel, through the real SDK)', () => {
  let stub: LlmStub;
  beforeAll(async () => {
    stub = await startLlmStub();
  });
  afterAll(async () => {
    await stub.close();
  });

  const client = () =>
    new OpenAiLlmClient({
      apiKey: 'sk-test-breaker-0000',
      baseURL: stub.url,
      model: 'tranche-stub-1',
      timeoutMs: 1_000,
      maxRetries: 0,
      retryBaseMs: 10,
      retryMaxMs: 20,
      breakerFailures: 3,
      breakerHalfOpenMs: 300,
      maxConcurrency: 4,
      tokensPerMinute: 1_000_000,
      maxOutputTokens: 400,
    });
  const call = async (c: OpenAiLlmClient) => {
    try {
      await c.complete({ messages: prompt.messages });
      return 'ok';
    } catch (err) {
      return (err as LlmCallError).kind;
    }
  };

  it('opens after consecutive failures, stops calling the model, then probes half-open and closes on success', async () => {
    stub.requests.length = 0;
    stub.control({ fault: 'server-error' });
    const c = client();
    expect(await call(c)).toBe('server-error');
    expect(await call(c)).toBe('server-error');
    expect(c.breakerState()).toBe('CLOSED');
    expect(await call(c)).toBe('server-error');
    expect(c.breakerState()).toBe('OPEN');
    // Open: refused at once, nothing reaches the model.
    expect(await call(c)).toBe('circuit-open');
    expect(await call(c)).toBe('circuit-open');
    expect(stub.requests.length).toBe(3);

    // The model recovers; after the half-open delay one probe goes through and closes the circuit.
    stub.control({ fault: 'none' });
    await sleep(350);
    expect(await call(c)).toBe('ok');
    expect(c.breakerState()).toBe('CLOSED');
    expect(await call(c)).toBe('ok');
    expect(stub.requests.length).toBe(5);
  });

  it('a failed half-open probe opens the circuit again', async () => {
    stub.requests.length = 0;
    stub.control({ fault: 'hang' });
    const c = client();
    for (let i = 0; i < 3; i++) expect(await call(c)).toBe('timeout');
    expect(c.breakerState()).toBe('OPEN');
    await sleep(350);
    stub.control({ fault: 'server-error' });
    expect(await call(c)).toBe('server-error');
    expect(c.breakerState()).toBe('OPEN');
    expect(await call(c)).toBe('circuit-open');
    expect(stub.requests.length).toBe(4);
  });

  it('limits it imposes on itself (tokens per minute, concurrency) do not count against the model', async () => {
    stub.control({ fault: 'latency', latencyMs: 200 });
    const tight = new OpenAiLlmClient({
      apiKey: 'sk-test-breaker-0000',
      baseURL: stub.url,
      model: 'tranche-stub-1',
      timeoutMs: 2_000,
      maxRetries: 0,
      retryBaseMs: 10,
      retryMaxMs: 20,
      breakerFailures: 1,
      breakerHalfOpenMs: 60_000,
      maxConcurrency: 1,
      tokensPerMinute: 5_000,
      maxOutputTokens: 400,
    });
    const [a, b] = await Promise.all([call(tight), call(tight)]);
    expect([a, b].sort()).toEqual(['concurrency-limit', 'ok']);
    // The prompt is about 1,000 tokens with the output cap: a few calls exhaust 5,000 a minute.
    const kinds: string[] = [];
    for (let i = 0; i < 6; i++) kinds.push(await call(tight));
    expect(kinds).toContain('token-budget');
    expect(tight.breakerState()).toBe('CLOSED');
    stub.control({ fault: 'none', latencyMs: 0 });
  });
});
