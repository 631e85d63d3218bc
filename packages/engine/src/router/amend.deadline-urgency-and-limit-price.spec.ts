import { common, execution } from '@tranche/contracts';
import { createEmbeddedSystem } from '../embedded.js';

const order = (patch: Partial<execution.ISubmitParentOrderRequest> = {}) =>
  execution.SubmitParentOrderRequest.create({
    symbol: 'BTCUSDT',
    side: common.Side.SIDE_BUY,
    quantity: '0.8',
    horizonMs: 480_000,
    slices: 8,
    ...patch,
  });

const state = (p: execution.IParentOrder) => execution.ParentState[p.state ?? 0];

describe('amend a working parent', () => {
  it('a deadline brought forward re-plans the remainder and nothing trades after the new deadline', async () => {
    const sys = createEmbeddedSystem({ seed: 7, config: { consultDecisionPolicy: false } });
    let id = '';
    let amended: Promise<execution.AmendParentOrderResponse> | undefined;
    let newDeadline = 0;
    sys.events.onEvent((e) => {
      if (!amended && e.childFilled && e.childFilled.fill!.childId!.endsWith('-1-0')) {
        newDeadline = sys.clock.now() + 120_000;
        amended = sys.router.amend({ parentId: id, deadline: newDeadline, reason: 'desk needs it sooner' });
      }
    });
    const { parent } = await sys.router.submit(order());
    id = parent!.parentId!;
    const done = await sys.router.whenDone(id);
    const answer = await amended!;
    expect(answer.changes).toEqual([expect.stringMatching(/^deadline .* -> /)]);
    expect(Number(answer.parent!.deadline)).toBe(newDeadline);

    const evts = sys.events.events.filter((e) => e.correlationId === id);
    const amendedEvt = evts.find((e) => e.parentAmended)!;
    expect(amendedEvt.parentAmended!.reason).toBe('desk needs it sooner');
    const after = evts.slice(evts.indexOf(amendedEvt));
    const replan = after.find((e) => e.schedulePlanned)!.schedulePlanned!;
    // The remainder (0.6) is spread over the two minutes left at the accepted one-minute pace.
    expect(replan.sliceQuantities!.reduce((s, q) => s + Number(q), 0)).toBeCloseTo(0.6, 9);
    expect(replan.sliceQuantities!.length).toBeLessThanOrEqual(2);
    for (const e of after.filter((x) => x.childSubmitted || x.childFilled))
      expect(Number(e.tsEvent)).toBeLessThan(newDeadline);
    expect(state(done)).toBe('PARENT_STATE_COMPLETE');
    expect(done.filledQuantity).toBe('0.8');
    expect(Number((await sys.store.getParent(id))!.deadline)).toBe(newDeadline);
  });

  it('a higher urgency re-plans an IS parent front-loaded; the stored parent carries it', async () => {
    const sys = createEmbeddedSystem({ seed: 9, config: { consultDecisionPolicy: false } });
    let id = '';
    let amended: Promise<execution.AmendParentOrderResponse> | undefined;
    sys.events.onEvent((e) => {
      if (!amended && e.childFilled && e.childFilled.fill!.childId!.endsWith('-0-0'))
        amended = sys.router.amend({ parentId: id, urgency: 1 });
    });
    const { parent } = await sys.router.submit(
      order({ algorithm: execution.Algorithm.ALGORITHM_IS, urgency: 0.1 }),
    );
    id = parent!.parentId!;
    const done = await sys.router.whenDone(id);
    expect((await amended!).changes).toEqual(['urgency 0.1 -> 1']);
    const evts = sys.events.events.filter((e) => e.correlationId === id);
    const plans = evts.filter((e) => e.schedulePlanned).map((e) => e.schedulePlanned!);
    expect(plans.length).toBeGreaterThanOrEqual(2);
    const replan = plans[plans.length - 1]!;
    const q = (replan.sliceQuantities ?? []).map(Number);
    // Higher risk aversion trades sooner: the first slice of the new plan is its largest.
    expect(q[0]).toBe(Math.max(...q));
    expect(q[0]!).toBeGreaterThan(q[q.length - 1]!);
    expect(done.urgency).toBe(1);
    expect(state(done)).toBe('PARENT_STATE_COMPLETE');
  });

  it('a limit price below the market stops a buyer trading: children after it are denied, none filled above it', async () => {
    const sys = createEmbeddedSystem({ seed: 3, config: { consultDecisionPolicy: false } });
    let id = '';
    let limit = '';
    let amended: Promise<execution.AmendParentOrderResponse> | undefined;
    sys.events.onEvent((e) => {
      if (!amended && e.childFilled && e.childFilled.fill!.childId!.endsWith('-0-0')) {
        // Two percent under the first fill, rounded to the 0.1 tick.
        limit = String(Math.floor(Number(e.childFilled.fill!.price) * 0.98 * 10) / 10);
        amended = sys.router.amend({ parentId: id, limitPrice: limit });
      }
    });
    const { parent } = await sys.router.submit(order());
    id = parent!.parentId!;
    const done = await sys.router.whenDone(id);
    expect((await amended!).changes).toEqual([`limit price none -> ${limit}`]);
    expect(done.limits!.limitPrice).toBe(limit);
    const evts = sys.events.events.filter((e) => e.correlationId === id);
    const at = evts.findIndex((e) => e.parentAmended);
    const later = evts.slice(at);
    expect(later.some((e) => e.childDenied)).toBe(true);
    for (const e of later.filter((x) => x.childFilled))
      expect(Number(e.childFilled!.fill!.price)).toBeLessThanOrEqual(Number(limit));
    expect(state(done)).toBe('PARENT_STATE_FAILED');
    expect(done.filledQuantity).toBe('0.1');
  });

  it('refuses what cannot be done with a message naming the field, and leaves the parent as it was', async () => {
    const sys = createEmbeddedSystem({ seed: 5, config: { consultDecisionPolicy: false } });
    const { parent } = await sys.router.submit(order());
    const id = parent!.parentId!;
    const before = execution.ParentOrder.toObject((await sys.store.getParent(id))!);
    const now = sys.clock.now();
    await expect(sys.router.amend({ parentId: id, deadline: now - 1 })).rejects.toThrow(
      /deadline must be at least 5 s from now/,
    );
    await expect(sys.router.amend({ parentId: id, urgency: 1.5 })).rejects.toThrow(
      /urgency must be between 0 and 1, got 1.5/,
    );
    await expect(sys.router.amend({ parentId: id, limitPrice: '60000.05' })).rejects.toThrow(
      /limit_price 60000.05 is not a multiple of the BTCUSDT tick size 0.1/,
    );
    await expect(sys.router.amend({ parentId: id, limitPrice: 'cheap' })).rejects.toThrow(
      /limit_price must be a positive decimal string/,
    );
    await expect(sys.router.amend({ parentId: 'no-such-parent', urgency: 1 })).rejects.toThrow(
      /no parent order with id no-such-parent/,
    );
    expect(execution.ParentOrder.toObject((await sys.store.getParent(id))!)).toEqual(before);
    const done = await sys.router.whenDone(id);
    expect(state(done)).toBe('PARENT_STATE_COMPLETE');
    await expect(sys.router.amend({ parentId: id, urgency: 1 })).rejects.toThrow(
      /is COMPLETE.*only a working parent can be amended/,
    );
  });
});
