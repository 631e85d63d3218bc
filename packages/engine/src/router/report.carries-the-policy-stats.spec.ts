import { common, decision, execution } from '@tranche/contracts';
import { HeuristicDecider } from '../services/heuristic-decider.js';
import { createEmbeddedSystem } from '../embedded.js';

describe("the parent's report carries the decision policy's own account", () => {
  it('a policy that keeps count (calls, tokens, cost) has its figures in ParentCompleted and the stored report', async () => {
    const heuristic = new HeuristicDecider();
    const asked = new Map<string, number>();
    const counting = {
      decide(request: decision.DecisionRequest, nowMs: number) {
        asked.set(request.parentId, (asked.get(request.parentId) ?? 0) + 1);
        return heuristic.decide(request, nowMs);
      },
      async stats(parentId: string) {
        return decision.LlmStats.create({
          parentId,
          slices: asked.get(parentId) ?? 0,
          model: 'counting',
          costUsd: 0.25,
        });
      },
    };
    const sys = createEmbeddedSystem({ seed: 3, decider: { decider: counting } });
    const { parent } = await sys.router.submit(
      execution.SubmitParentOrderRequest.create({
        symbol: 'BTCUSDT',
        side: common.Side.SIDE_SELL,
        quantity: '0.3',
        horizonMs: 180_000,
        slices: 3,
      }),
    );
    const id = parent!.parentId!;
    await sys.router.whenDone(id);
    const completed = sys.events.events.find((e) => e.correlationId === id && e.parentCompleted)!;
    const llm = completed.parentCompleted!.report!.llm!;
    expect(llm).toMatchObject({ parentId: id, model: 'counting', costUsd: 0.25 });
    expect(llm.slices).toBe(asked.get(id));
    expect(llm.slices).toBeGreaterThan(0);
    expect((await sys.store.getReport(id))!.llm!.model).toBe('counting');
  });
});
