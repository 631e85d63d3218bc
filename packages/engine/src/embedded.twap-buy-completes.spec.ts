import { common, execution, decision as decisionNs } from '@tranche/contracts';
import { Dec, defaultRiskLimits } from '@tranche/execution-core';
import { createEmbeddedSystem } from './embedded.js';
import type { DecisionPort, RiskPort } from './ports/index.js';

const buy = (quantity: string, horizonMs: number, slices: number, clientOrderId = '') =>
  execution.SubmitParentOrderRequest.create({
    clientOrderId,
    symbol: 'BTCUSDT',
    side: common.Side.SIDE_BUY,
    quantity,
    horizonMs,
    slices,
    algorithm: execution.Algorithm.ALGORITHM_TWAP,
  });

function eventKinds(events: execution.ExecutionEvent[]): string[] {
  return events.map((e) => e.event ?? 'none');
}

describe('embedded system: a TWAP buy', () => {
  it('fills exactly the parent quantity and reports implementation shortfall', async () => {
    const sys = createEmbeddedSystem({ seed: 7 });
    const { parent } = await sys.router.submit(buy('2.5', 2 * 3_600_000, 12));
    const done = await sys.router.whenDone(parent!.parentId!);
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_COMPLETE');
    const fills = await sys.store.getFills(done.parentId);
    const total = fills.reduce((s, f) => s.plus(f.quantity), new Dec(0));
    expect(total.toFixed()).toBe('2.5');
    expect(done.filledQuantity).toBe('2.5');
    const kinds = eventKinds(sys.events.events);
    expect(kinds[0]).toBe('parentAccepted');
    expect(kinds.at(-1)).toBe('parentCompleted');
    const seqs = sys.events.events.map((e) => Number(e.sequence));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const completed = sys.events.events.at(-1)!.parentCompleted!;
    expect(Number.isFinite(completed.report!.implementationShortfallBps)).toBe(true);
    expect(completed.report!.childOrders).toBeGreaterThanOrEqual(1);
  });

  it('every child reaching the venue has a recorded risk verdict first', async () => {
    const sys = createEmbeddedSystem({ seed: 3 });
    const { parent } = await sys.router.submit(buy('1', 600_000, 10));
    await sys.router.whenDone(parent!.parentId!);
    const verdicts = new Map<string, number>();
    sys.events.events.forEach((e, i) => {
      if (e.riskChecked) verdicts.set(e.riskChecked.childId!, i);
    });
    const submitted = sys.events.events.flatMap((e, i) =>
      e.childSubmitted ? [[e.childSubmitted.child!.childId!, i] as const] : [],
    );
    expect(submitted.length).toBeGreaterThan(0);
    for (const [id, at] of submitted) {
      expect(verdicts.get(id)).toBeDefined();
      expect(verdicts.get(id)!).toBeLessThan(at);
    }
    const children = await sys.store.getChildren(parent!.parentId!);
    expect(children.every((c) => c.riskVerdictId.length > 0)).toBe(true);
  });

  it('returns the existing parent for a repeated client order id instead of creating another', async () => {
    const sys = createEmbeddedSystem();
    const a = await sys.router.submit(buy('0.5', 60_000, 2, 'desk-42'));
    const b = await sys.router.submit(buy('0.5', 60_000, 2, 'desk-42'));
    expect(b.duplicate).toBe(true);
    expect(b.parent!.parentId!).toBe(a.parent!.parentId!);
  });

  it('rejects bad input with a message that names the problem', async () => {
    const sys = createEmbeddedSystem();
    await expect(sys.router.submit(buy('-1', 60_000, 2))).rejects.toThrow(
      /quantity must be a positive decimal/,
    );
    await expect(sys.router.submit(buy('0.0005', 60_000, 2))).rejects.toThrow(
      /not a multiple of the BTCUSDT quantity step 0.001/,
    );
    await expect(sys.router.submit(buy('1', 0, 2))).rejects.toThrow(/horizon_ms/);
    await expect(sys.router.submit({ ...buy('1', 60_000, 2), symbol: 'NOPEUSDT' })).rejects.toThrow(
      /NOPEUSDT cannot be traded/,
    );
    await expect(
      sys.router.submit({ ...buy('1', 60_000, 2), side: common.Side.SIDE_UNSPECIFIED }),
    ).rejects.toThrow(/side must be/);
  });

  it('goes on with the TWAP slice and records FALLBACK when the decision service fails', async () => {
    const broken: DecisionPort = { decide: () => Promise.reject(new Error('decision service down')) };
    const sys = createEmbeddedSystem({ overrides: { decision: broken } });
    const { parent } = await sys.router.submit(buy('1', 600_000, 5));
    const done = await sys.router.whenDone(parent!.parentId!);
    expect(done.filledQuantity).toBe('1');
    const fallbacks = sys.events.events.filter((e) => e.fallbackUsed?.dependency === 'decision');
    expect(fallbacks.length).toBeGreaterThanOrEqual(5);
    expect(fallbacks[0]!.fallbackUsed!.substitute).toBe('twap-slice');
    expect(sys.events.events.some((e) => e.decisionTaken)).toBe(false);
  });

  it('refuses a decision outside its bounds and falls back, so a bad policy cannot steer the order', async () => {
    const absurd: DecisionPort = {
      decide: async () =>
        decisionNs.ExecutionDecision.create({
          accelerate: { factor: 1e9 },
          confidence: 0.9,
          reasoning: 'trust me',
          validUntil: Date.now() + 1e12,
          source: 1,
        }),
    };
    const sys = createEmbeddedSystem({ overrides: { decision: absurd } });
    const { parent } = await sys.router.submit(buy('1', 600_000, 4));
    const done = await sys.router.whenDone(parent!.parentId!);
    expect(done.filledQuantity).toBe('1');
    const refusals = sys.events.events.filter((e) => e.fallbackUsed?.reason?.startsWith('decision refused'));
    expect(refusals.length).toBeGreaterThan(0);
  });

  it('applies the risk rules locally when the risk service is unreachable', async () => {
    const down: RiskPort = {
      validate: () => Promise.reject(new Error('risk service down')),
      limits: () => Promise.reject(new Error('risk service down')),
    };
    const sys = createEmbeddedSystem({ overrides: { risk: down } });
    const { parent } = await sys.router.submit(buy('1', 600_000, 4));
    await sys.router.whenDone(parent!.parentId!);
    const checked = sys.events.events.filter((e) => e.riskChecked);
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.every((e) => e.riskChecked!.verdict!.evaluatedBy === 'router-local')).toBe(true);
  });

  it('applies the limits the risk service last reported when it stops answering validations', async () => {
    // Risk reported a 20,000 notional cap, then stopped validating: 0.5 BTC at ~96,000 is over it.
    const reported: RiskPort = {
      validate: () => Promise.reject(new Error('risk service down')),
      limits: async () => ({ ...defaultRiskLimits(), maxOrderNotional: '20000', minIntervalMs: 0 }),
    };
    const sys = createEmbeddedSystem({ overrides: { risk: reported } });
    await sys.router.refreshRiskLimits();
    const { parent } = await sys.router.submit(buy('1', 600_000, 2));
    await sys.router.whenDone(parent!.parentId!);
    const verdicts = sys.events.events.filter((e) => e.riskChecked).map((e) => e.riskChecked!.verdict!);
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.every((v) => v.evaluatedBy === 'router-local')).toBe(true);
    expect(verdicts.some((v) => v.reasons!.some((r) => r.code === 'MAX_ORDER_NOTIONAL'))).toBe(true);
    // No child went out above the reported cap, though the built-in default would have allowed it.
    const sent = sys.events.events.filter((e) => e.childSubmitted).map((e) => e.childSubmitted!.child!);
    expect(sent.length).toBeGreaterThan(0);
    for (const c of sent) expect(Number(c.quantity) * Number(c.price)).toBeLessThanOrEqual(20_000);
  });

  it('denies every child when risk says no, and never sends one', async () => {
    const deny: RiskPort = {
      validate: async () =>
        ({
          decision: 3,
          quantity: '0',
          reasons: [{ code: 'HALTED', message: 'kill switch' }],
          verdictId: 'v',
          tsEvent: 0,
          evaluatedBy: 'test',
        }) as never,
      limits: async () => defaultRiskLimits(),
    };
    const sys = createEmbeddedSystem({ overrides: { risk: deny } });
    const { parent } = await sys.router.submit(buy('1', 600_000, 3));
    const done = await sys.router.whenDone(parent!.parentId!);
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_FAILED');
    expect(done.stateReason).toMatch(/unfilled/);
    expect(sys.events.events.some((e) => e.childSubmitted)).toBe(false);
    expect(
      (await sys.store.getChildren(done.parentId)).every(
        (c) => execution.ChildState[c.state] === 'CHILD_STATE_DENIED',
      ),
    ).toBe(true);
  });

  it('cancels a running parent on request', async () => {
    const sys = createEmbeddedSystem({ clock: 'real' });
    const { parent } = await sys.router.submit(buy('1', 60_000, 10));
    const res = await sys.router.cancel({ parentId: parent!.parentId!, reason: 'desk changed its mind' });
    expect(execution.ParentState[res.parent!.state!]).toBe('PARENT_STATE_CANCELLED');
    expect(res.parent!.stateReason).toBe('desk changed its mind');
  });
});
