import { common, decision, execution } from '@tranche/contracts';
import { createEmbeddedSystem } from '../embedded.js';
import type { DecisionPort } from '../ports/index.js';

function policy(answer: (slice: number) => decision.IExecutionDecision): DecisionPort {
  return {
    async decide(request) {
      return decision.ExecutionDecision.create({
        confidence: 0.8,
        reasoning: 'sized',
        source: decision.DecisionSource.DECISION_SOURCE_LLM,
        validUntil: Number(request.now) + 60_000,
        ...answer(request.sliceIndex),
      });
    },
  };
}

async function run(decide: DecisionPort) {
  const sys = createEmbeddedSystem({ seed: 31, overrides: { decision: decide } });
  const { parent } = await sys.router.submit(
    execution.SubmitParentOrderRequest.create({
      symbol: 'BTCUSDT',
      side: common.Side.SIDE_BUY,
      quantity: '0.6',
      horizonMs: 360_000,
      slices: 6,
    }),
  );
  const done = await sys.router.whenDone(parent!.parentId!);
  const events = sys.events.events.filter((e) => e.correlationId === parent!.parentId);
  const sizes = events.filter((e) => e.childSubmitted).map((e) => e.childSubmitted!.child!.quantity);
  return { done, events, sizes };
}

describe("the policy's child size", () => {
  it('AGGRESSIVE with a quantity sends that size instead of the baseline slice, and the parent still fills exactly', async () => {
    const { done, sizes } = await run(
      policy((s) => (s === 0 ? { aggressive: { limitOffsetBps: 10 }, quantity: '0.25' } : {})),
    );
    expect(sizes[0]).toBe('0.250');
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_COMPLETE');
    expect(done.filledQuantity).toBe('0.6');
  });

  it('a size above what remains is refused with its reason, and the slice trades the baseline', async () => {
    const { events, sizes } = await run(
      policy((s) => (s === 0 ? { aggressive: { limitOffsetBps: 10 }, quantity: '5' } : {})),
    );
    expect(sizes[0]).toBe('0.100');
    const refused = events.find((e) => e.fallbackUsed)!.fallbackUsed!;
    expect(refused).toMatchObject({ dependency: 'decision', substitute: 'twap-slice' });
    expect(refused.reason).toMatch(/DECISION_QUANTITY quantity 5 exceeds the remaining 0.6/);
  });

  it('a size on WAIT is ignored: the action alone decides', async () => {
    const { sizes, events } = await run(
      policy((s) => (s === 0 ? { wait: { durationMs: 30_000 }, quantity: '0.5' } : {})),
    );
    expect(events.some((e) => e.sliceSkipped?.reason === 'decision WAIT 30 s')).toBe(true);
    expect(sizes.every((q) => Number(q) <= 0.2)).toBe(true);
  });
});
