import { common, execution } from '@tranche/contracts';
import { Dec } from '@tranche/execution-core';
import { createEmbeddedSystem } from '../embedded.js';

const order = (patch: Partial<execution.ISubmitParentOrderRequest> = {}) =>
  execution.SubmitParentOrderRequest.create({
    symbol: 'BTCUSDT',
    side: common.Side.SIDE_SELL,
    quantity: '1.2',
    horizonMs: 600_000,
    slices: 10,
    jitter: { seed: 1234, timingFraction: 0.3, sizeFraction: 0.2 },
    ...patch,
  });

async function firstPlan(patch: Partial<execution.ISubmitParentOrderRequest>) {
  const sys = createEmbeddedSystem({ seed: 11, config: { consultDecisionPolicy: false } });
  const { parent } = await sys.router.submit(order(patch));
  const id = parent!.parentId!;
  const done = await sys.router.whenDone(id);
  const evts = sys.events.events.filter((e) => e.correlationId === id);
  const plan = evts.find((e) => e.schedulePlanned)!.schedulePlanned!;
  const sent = evts.filter((e) => e.childSubmitted).map((e) => Number(e.tsEvent));
  return { done, quantities: (plan.sliceQuantities ?? []).map(String), sent, parent: parent! };
}

describe('seeded jitter on a routed schedule', () => {
  const algorithms = [
    execution.Algorithm.ALGORITHM_TWAP,
    execution.Algorithm.ALGORITHM_VWAP,
    execution.Algorithm.ALGORITHM_IS,
    execution.Algorithm.ALGORITHM_POV,
  ];

  it.each(algorithms.map((a) => [execution.Algorithm[a], a] as const))(
    '%s: sizes add up to the parent exactly and the same seed gives the same schedule',
    async (_name, algorithm) => {
      const a = await firstPlan({ algorithm });
      const b = await firstPlan({ algorithm });
      expect(a.quantities).toEqual(b.quantities);
      expect(a.quantities.reduce((s, q) => s.plus(q), new Dec(0)).toFixed()).toBe('1.2');
      expect(a.parent.jitter).toMatchObject({ seed: 1234, timingFraction: 0.3, sizeFraction: 0.2 });
      expect(execution.ParentState[a.done.state]).toBe('PARENT_STATE_COMPLETE');
    },
  );

  it('TWAP: jittered sizes and send times differ from the exact schedule, within the fractions', async () => {
    const exact = await firstPlan({ jitter: null });
    const jittered = await firstPlan({});
    expect(exact.quantities).toEqual(Array(10).fill('0.120'));
    expect(jittered.quantities).not.toEqual(exact.quantities);
    for (const q of jittered.quantities) {
      // ±20% of 0.12, give or take the few 0.001 steps that keep the total exact; on the step.
      expect(Number(q)).toBeGreaterThanOrEqual(0.096 - 0.005);
      expect(Number(q)).toBeLessThanOrEqual(0.144 + 0.005);
      expect(new Dec(q).mod('0.001').toFixed()).toBe('0');
    }
    expect(jittered.sent).not.toEqual(exact.sent);
    const other = await firstPlan({ jitter: { seed: 99, timingFraction: 0.3, sizeFraction: 0.2 } });
    expect(other.quantities).not.toEqual(jittered.quantities);
  });

  it('a parent without a seed gets one from its id, recorded on it', async () => {
    const a = await firstPlan({ jitter: { seed: 0, timingFraction: 0.1, sizeFraction: 0.1 } });
    expect(a.parent.jitter!.seed).toBeGreaterThan(0);
  });

  it('refuses a fraction above 0.5, naming it', async () => {
    const sys = createEmbeddedSystem({ seed: 11 });
    await expect(
      sys.router.submit(order({ jitter: { seed: 1, timingFraction: 0.7, sizeFraction: 0.1 } })),
    ).rejects.toThrow(/jitter.timing_fraction must be between 0 and 0.5, got 0.7/);
  });
});
