import { common, decision as decisionNs, execution } from '@tranche/contracts';
import { createEmbeddedSystem } from '../embedded.js';
import { Router } from './router.js';

describe('the TCA a parent ends with', () => {
  it('decomposes its shortfall, compares it with a shadow TWAP on the tape it saw, and is stored', async () => {
    const sys = createEmbeddedSystem({ seed: 12 });
    const { parent } = await sys.router.submit(
      execution.SubmitParentOrderRequest.create({
        symbol: 'BTCUSDT',
        side: common.Side.SIDE_SELL,
        quantity: '1.2',
        horizonMs: 1_800_000,
        slices: 6,
      }),
    );
    const id = parent!.parentId!;
    await sys.router.whenDone(id);
    const report = sys.events.events.find((e) => e.correlationId === id && e.parentCompleted)!
      .parentCompleted!.report!;
    const tca = report.tca!;
    expect(tca.fillRate).toBe(1);
    expect(tca.tapePoints).toBe(6);
    // The parts add up to the whole.
    const parts = tca.delayBps! + tca.impactBps! + tca.timingBps! + tca.feesBps! + tca.opportunityBps!;
    expect(parts).toBeCloseTo(tca.isBps!, 9);
    // Arrival slippage is the report's IS without fees; fees are their own part.
    expect(tca.arrivalSlippageBps).toBeCloseTo(report.implementationShortfallBps!, 9);
    expect(tca.feesBps).toBeGreaterThan(0);
    expect(tca.shadowTwapIsBps).not.toBeNull();
    expect(tca.valueAddVsShadowTwapBps).toBeCloseTo(
      tca.shadowTwapIsBps! - (tca.arrivalSlippageBps! + tca.feesBps!),
      6,
    );
    expect(tca.participation).toBeGreaterThan(0);
    expect(tca.completionTimeMs).toBeGreaterThanOrEqual(0);

    // Kept with the parent: a router that never ran it (a restart) answers with the same report.
    const fresh = new Router({ ...deps(sys), store: sys.store });
    const status = await fresh.get({ parentId: id });
    const plain = (r: execution.IExecutionReport) =>
      execution.ExecutionReport.toObject(execution.ExecutionReport.create(r));
    expect(plain(status.report!)).toEqual(plain(report));
  });

  it('reports a cancelled parent with what it left unfilled', async () => {
    const base = createEmbeddedSystem({ seed: 13 });
    // The owner cancels while slice 1 is being decided; the policy itself never could.
    const decision = {
      decide: async (request: decisionNs.DecisionRequest, deadlineMs: number) => {
        if (request.sliceIndex === 1)
          void sys.router.cancel({ parentId: request.parentId, reason: 'desk changed its mind' });
        return deps(base).decision.decide(request, deadlineMs);
      },
    };
    const sys = createEmbeddedSystem({ seed: 13, overrides: { decision } });
    const { parent } = await sys.router.submit(
      execution.SubmitParentOrderRequest.create({
        symbol: 'ETHUSDT',
        side: common.Side.SIDE_BUY,
        quantity: '4',
        horizonMs: 3_600_000,
        slices: 4,
      }),
    );
    const id = parent!.parentId!;
    const done = await sys.router.whenDone(id);
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_CANCELLED');
    const stored = await sys.store.getReport(id);
    expect(stored!.tca!.fillRate).toBeCloseTo(Number(done.filledQuantity) / 4, 9);
    expect(stored!.tca!.fillRate).toBeLessThan(1);
  });

  it('a parent already filled when a cancel arrives is complete, not cancelled', async () => {
    const sys = createEmbeddedSystem({ seed: 14, config: { consultDecisionPolicy: false } });
    sys.events.onEvent((e) => {
      if (e.childFilled && e.childFilled.parentFilledQuantity === '0.2')
        void sys.router.cancel({ parentId: e.correlationId, reason: 'too late' });
    });
    const { parent } = await sys.router.submit(
      execution.SubmitParentOrderRequest.create({
        symbol: 'BTCUSDT',
        side: common.Side.SIDE_BUY,
        quantity: '0.2',
        horizonMs: 60_000,
        slices: 1,
      }),
    );
    const done = await sys.router.whenDone(parent!.parentId!);
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_COMPLETE');
  });
});

function deps(sys: ReturnType<typeof createEmbeddedSystem>) {
  return (sys.router as unknown as { deps: ConstructorParameters<typeof Router>[0] }).deps;
}
