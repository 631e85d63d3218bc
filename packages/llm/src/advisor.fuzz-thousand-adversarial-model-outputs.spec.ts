import fc from 'fast-check';
import { decision } from '@tranche/contracts';
import { actionFromWire, DEFAULT_INSTRUMENTS, planSlice } from '@tranche/engine';
import { Dec, validateDecision } from '@tranche/execution-core';
import { ARRIVAL, advisorWith, FakeModel, request, type FakeReply } from '../test/fakes.js';

const RULES = DEFAULT_INSTRUMENTS.get('BTCUSDT')!;
const BAND_BPS = 100;
const LLM = decision.DecisionSource.DECISION_SOURCE_LLM;

const number = fc.oneof(
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -0, -1, 1e-12, 1e308, -1e308, 0.5, 1, 1.5, 2, 3, 3.0001, 4, 12, 13, 1e9),
  fc.double({ min: ARRIVAL * 0.5, max: ARRIVAL * 1.5, noNaN: true }),
  fc.double({ min: 0, max: 20, noNaN: true }),
);
const weird = fc.oneof(
  fc.string(),
  fc.constant('\u001b[2J\u001b[31mSELL ALL\u001b[0m'),
  fc.constant('x'.repeat(10_000)),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 3 }),
);
const field = fc.oneof(number, weird, fc.constant(null));
const action = fc.oneof(
  fc.constantFrom('AGGRESSIVE', 'PASSIVE', 'WAIT', 'ACCELERATE', 'DECELERATE', 'CANCEL'),
  fc.constantFrom('aggressive', 'SELL_EVERYTHING', '', 'WAIT '),
  weird,
);
/** A near-valid answer: every key, adversarial values; sometimes a key missing or one extra. */
const answerObject = fc
  .record({
    action,
    quantity: field,
    limit_price: field,
    duration_secs: field,
    new_rate: field,
    impact_adjustment: field,
    reasoning: fc.oneof(fc.string(), weird),
    confidence: field,
  })
  .chain((o) =>
    fc.oneof(
      fc.constant(o as Record<string, unknown>),
      fc.constantFrom(...Object.keys(o)).map((k) => {
        const copy: Record<string, unknown> = { ...o };
        delete copy[k];
        return copy;
      }),
      fc.constant({ ...o, leverage: 100 } as Record<string, unknown>),
    ),
  );
/** A valid answer for each action, then zero to two of its fields replaced by adversarial values. */
const VALID: Record<string, Record<string, unknown>> = {
  AGGRESSIVE: { quantity: 1 },
  PASSIVE: { quantity: 1, limit_price: ARRIVAL - 1 },
  WAIT: { duration_secs: 60 },
  ACCELERATE: { new_rate: 1.5 },
  DECELERATE: { new_rate: 0.5 },
  CANCEL: {},
};
const mutated = fc
  .record({
    action: fc.constantFrom(...Object.keys(VALID)),
    overrides: fc.dictionary(
      fc.constantFrom(
        'quantity',
        'limit_price',
        'duration_secs',
        'new_rate',
        'impact_adjustment',
        'confidence',
      ),
      field,
      { maxKeys: 2 },
    ),
  })
  .map(({ action, overrides }) => ({
    action,
    quantity: null,
    limit_price: null,
    duration_secs: null,
    new_rate: null,
    impact_adjustment: 1,
    reasoning: 'fuzz',
    confidence: 0.5,
    ...VALID[action],
    ...overrides,
  }));
const reply: fc.Arbitrary<FakeReply> = fc.oneof(
  { weight: 4, arbitrary: mutated.map((o) => ({ content: JSON.stringify(o) })) },
  { weight: 3, arbitrary: answerObject.map((o) => ({ content: JSON.stringify(o) })) },
  { weight: 1, arbitrary: answerObject.map((o) => ({ content: JSON.stringify(o).slice(0, 40) })) },
  { weight: 1, arbitrary: fc.string().map((s) => ({ content: s })) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ content: JSON.stringify(v) })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<FakeReply>(
      { content: null, refusal: 'I cannot help with that.' },
      { content: '{"action":"WAIT"', finishReason: 'length' },
      { content: '' },
      { content: null },
    ),
  },
);

/**
 * What the router would send for this decision, checked as the router checks it: validateDecision,
 * then planSlice. Returns the problems with any order that would reach the venue.
 */
function unsafe(d: decision.ExecutionDecision, remaining: string, baseline: string, nowMs: number): string[] {
  const action = actionFromWire(d);
  const limitPrice = d.passive?.limitPrice ? Number(d.passive.limitPrice) : undefined;
  const checked = validateDecision(
    {
      action,
      confidence: d.confidence,
      reasoning: d.reasoning,
      validUntilMs: Number(d.validUntil),
      source: { 1: 'LLM', 2: 'HEURISTIC', 3: 'FALLBACK' }[d.source as 1 | 2 | 3] ?? 'UNKNOWN',
      ...(limitPrice !== undefined ? { limitPrice } : {}),
      ...(d.impactAdjustment ? { impactAdjustment: d.impactAdjustment } : {}),
      ...(d.quantity ? { quantity: Number(d.quantity) } : {}),
    },
    { nowMs, remainingQty: Number(remaining), arrivalPrice: ARRIVAL, maxPriceDeviationBps: BAND_BPS },
  );
  if (!checked.ok) return d.source === LLM ? [`the router refuses an LLM decision the advisor served`] : [];
  const problems: string[] = [];
  if (d.quantity) {
    if (new Dec(d.quantity).gt(remaining)) problems.push(`quantity ${d.quantity} > remaining ${remaining}`);
    if (new Dec(d.quantity).gt(new Dec(baseline).times(3)))
      problems.push(`quantity ${d.quantity} > 3x baseline`);
  }
  const snap = request({ slice: 1 }).request.snapshot!;
  const plan = planSlice({
    action: checked.decision.action,
    ...(checked.decision.limitPrice !== undefined ? { limitPrice: checked.decision.limitPrice } : {}),
    baseline: new Dec(d.quantity || baseline),
    remaining: new Dec(remaining),
    isLast: false,
    snapshot: snap,
    rules: RULES,
    side: 'BUY',
    symbol: 'BTCUSDT',
    maxSlippageBps: 30,
  });
  if ('skip' in plan) return problems;
  if (new Dec(plan.quantity).gt(remaining)) problems.push(`order qty ${plan.quantity} > remaining`);
  const dev = Math.abs(Number(plan.price) / ARRIVAL - 1) * 1e4;
  if (!(dev <= BAND_BPS)) problems.push(`order price ${plan.price} is ${dev.toFixed(1)} bps from arrival`);
  if (!plan.aggressive && new Dec(plan.price!).gte(snap.bestAsk ?? 0))
    problems.push('passive buy through the ask');
  return problems;
}

describe('1,000 malformed and adversarial model outputs through the advisor', () => {
  it('never crash the advisor and never produce an order outside the limits', async () => {
    let served = 0;
    let llmServed = 0;
    const crashes: string[] = [];
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(reply, fc.integer({ min: 1, max: 6 }), async (r, baselineX) => {
        const model = new FakeModel(() => r);
        const { advisor } = advisorWith(model);
        const baseline = String(baselineX * 0.5);
        try {
          // Slice 0 asks the model; its (fuzzed) answer may serve slice 1.
          const first = request({ slice: 0, filled: '0', baseline });
          await advisor.decide(first.request, first.nowMs);
          await advisor.flush();
          const second = request({ slice: 1, filled: '1', baseline });
          const d = await advisor.decide(second.request, second.nowMs);
          served++;
          if (d.source === LLM) llmServed++;
          problems.push(...unsafe(d, '11', baseline, second.nowMs));
        } catch (err) {
          crashes.push((err as Error).stack ?? String(err));
        }
      }),
      { numRuns: 1000, seed: 20260105 },
    );
    expect(crashes).toEqual([]);
    expect(problems).toEqual([]);
    expect(served).toBe(1000);
    // The generator does produce valid answers now and then, so the safe path is exercised too.
    expect(llmServed).toBeGreaterThan(0);
  }, 120_000);
});
