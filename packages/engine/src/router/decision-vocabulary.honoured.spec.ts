import { common, decision, execution } from '@tranche/contracts';
import { createEmbeddedSystem } from '../embedded.js';
import type { DecisionPort } from '../ports/index.js';

/** A policy scripted slice by slice, as a decision service could answer. */
class ScriptedDecision implements DecisionPort {
  readonly asked: number[] = [];
  constructor(private readonly script: (slice: number) => decision.IExecutionDecision | undefined) {}
  async decide(request: decision.DecisionRequest): Promise<decision.ExecutionDecision> {
    this.asked.push(request.sliceIndex);
    const d = this.script(request.sliceIndex) ?? { accelerate: { factor: 1.0001 } };
    return decision.ExecutionDecision.create({
      confidence: 0.8,
      reasoning: 'scripted',
      source: decision.DecisionSource.DECISION_SOURCE_LLM,
      validUntil: Number(request.now) + 60_000,
      ...d,
    });
  }
}

async function run(script: ScriptedDecision, patch: Partial<execution.ISubmitParentOrderRequest> = {}) {
  const sys = createEmbeddedSystem({ seed: 17, overrides: { decision: script } });
  const { parent } = await sys.router.submit(
    execution.SubmitParentOrderRequest.create({
      symbol: 'BTCUSDT',
      side: common.Side.SIDE_BUY,
      quantity: '0.6',
      horizonMs: 360_000,
      slices: 6,
      ...patch,
    }),
  );
  const done = await sys.router.whenDone(parent!.parentId!);
  const events = sys.events.events.filter((e) => e.correlationId === parent!.parentId);
  return { done, events, sys };
}

const skipped = (events: execution.ExecutionEvent[]) =>
  events.filter((e) => e.sliceSkipped).map((e) => [e.sliceSkipped!.sliceIndex, e.sliceSkipped!.reason]);

describe('the decision vocabulary, honoured', () => {
  it('WAIT holds trading for its duration, without asking again, then the baseline catches up', async () => {
    const script = new ScriptedDecision((s) => (s === 0 ? { wait: { durationMs: 150_000 } } : undefined));
    const { done, events } = await run(script);
    expect(skipped(events)).toEqual([
      [0, 'decision WAIT 150 s'],
      [1, 'waiting as the policy decided, 90 s more'],
      [2, 'waiting as the policy decided, 30 s more'],
    ]);
    expect(script.asked).toEqual([0, 3, 4, 5]);
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_COMPLETE');
    // Slice 3 caught up on what slices 0-2 did not trade.
    const first = events.find((e) => e.childSubmitted)!.childSubmitted!.child!;
    expect([first.sliceIndex, Number(first.quantity)]).toEqual([3, 0.4]);
  });

  it('WAIT can never push trading past the last slice', async () => {
    const script = new ScriptedDecision(() => ({ wait: { durationMs: 600_000 } }));
    const { done, events } = await run(script);
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_COMPLETE');
    expect(events.filter((e) => e.childSubmitted).map((e) => e.childSubmitted!.child!.sliceIndex)).toEqual([
      5,
    ]);
  });

  it('CANCEL takes working children off the venue and re-plans the remainder; the parent goes on', async () => {
    const script = new ScriptedDecision((s) =>
      s === 2 ? { cancel: { reason: 'liquidity vanished' } } : undefined,
    );
    const { done, events } = await run(script);
    expect(skipped(events)).toContainEqual([2, 'decision CANCEL: liquidity vanished']);
    const replan = events.filter((e) => e.schedulePlanned).map((e) => e.schedulePlanned!);
    expect(replan.map((p) => p.fromSlice)).toEqual([0, 3]);
    expect(replan[1]!.sliceQuantities!.reduce((s, q) => s + Number(q), 0)).toBeCloseTo(0.4, 9);
    // Only the owner can cancel the parent: the policy's CANCEL never ends it.
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_COMPLETE');
    expect(events.some((e) => e.parentCancelled)).toBe(false);
  });

  it('PASSIVE rests at its own limit price, and never through the touch', async () => {
    const script = new ScriptedDecision((s) =>
      s === 0
        ? { passive: { limitPrice: '95900.04' } }
        : s === 1
          ? { passive: { limitPrice: '96200' } }
          : undefined,
    );
    const { events } = await run(script);
    const children = events.filter((e) => e.childSubmitted).map((e) => e.childSubmitted!.child!);
    expect(children[0]).toMatchObject({ timeInForce: 'PostOnly', price: '95900.0' });
    // 96200 is above the ask for a buyer: it joins the bid instead of being cancelled by the venue.
    expect(children[1]!.timeInForce).toBe('PostOnly');
    expect(Number(children[1]!.price)).toBeLessThan(96200);
  });

  it('refuses a limit price outside the band, falling back to the baseline with the reason', async () => {
    const script = new ScriptedDecision((s) => (s === 0 ? { passive: { limitPrice: '50000' } } : undefined));
    const { events } = await run(script);
    const fb = events.find((e) => e.fallbackUsed?.dependency === 'decision')!.fallbackUsed!;
    expect(fb.reason).toMatch(/DECISION_PRICE limitPrice is .* bps from arrival/);
    expect(fb.substitute).toBe('twap-slice');
  });

  it('an impact adjustment scales the estimates of the slices after it, and a wild one is refused', async () => {
    const script = new ScriptedDecision((s) =>
      s === 0
        ? { accelerate: { factor: 1.0001 }, impactAdjustment: 1.5 }
        : s === 2
          ? { accelerate: { factor: 1.0001 }, impactAdjustment: 7 }
          : undefined,
    );
    const { events } = await run(script);
    const taken = events.filter((e) => e.decisionTaken).map((e) => e.decisionTaken!);
    expect(taken.find((d) => d.sliceIndex === 0)!.impact!.adjustmentFactor).toBe(1);
    expect(taken.find((d) => d.sliceIndex === 1)!.impact!.adjustmentFactor).toBe(1.5);
    const refused = events.find((e) => e.fallbackUsed?.reason?.includes('DECISION_IMPACT_ADJUSTMENT'));
    expect(refused).toBeDefined();
  });

  it('records every filled marketable child as an impact observation: predicted against realised, sign-correct', async () => {
    const script = new ScriptedDecision(() => ({ aggressive: { limitOffsetBps: 10 } }));
    const { events } = await run(script);
    const obs = events.filter((e) => e.impactObserved).map((e) => e.impactObserved!);
    const filledChildren = new Set(
      events.filter((e) => e.childFilled).map((e) => e.childFilled!.fill!.childId),
    );
    expect(obs.map((o) => o.childId).sort()).toEqual([...filledChildren].sort());
    for (const o of obs) {
      const expected = (Number(o.averagePrice) / Number(o.decisionMid) - 1) * 1e4;
      expect(o.realisedBps).toBeCloseTo(expected, 9);
      expect(o.model).toBe('square-root');
      expect(o.predictedBps).toBeGreaterThan(0);
    }
  });
});
