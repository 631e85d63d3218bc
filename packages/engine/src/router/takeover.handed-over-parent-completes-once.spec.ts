import { common, execution } from '@tranche/contracts';
import { Dec } from '@tranche/execution-core';
import { VirtualClock } from '../adapters/clocks.js';
import { MemoryLeases } from '../adapters/memory-store.js';
import { createEmbeddedSystem } from '../embedded.js';
import { Router } from './router.js';

const order = execution.SubmitParentOrderRequest.create({
  symbol: 'BTCUSDT',
  side: common.Side.SIDE_BUY,
  quantity: '0.8',
  horizonMs: 480_000,
  slices: 8,
});

function deps(sys: ReturnType<typeof createEmbeddedSystem>) {
  return (sys.router as unknown as { deps: ConstructorParameters<typeof Router>[0] }).deps;
}

describe('a parent changes router mid-order', () => {
  it('handed over after slice 2, another router settles its children, re-plans and completes it exactly once', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 12, 0, 0));
    const leases = new MemoryLeases('router-a', () => clock.now(), 3000);
    const sys = createEmbeddedSystem({ seed: 21, clock, leases, config: { consultDecisionPolicy: false } });
    let id = '';
    let handedOver: Promise<void> | undefined;
    sys.events.onEvent((e) => {
      if (!handedOver && e.childFilled && e.childFilled.fill!.childId!.endsWith('-2-0'))
        handedOver = sys.router.handOver();
    });
    const { parent } = await sys.router.submit(order);
    id = parent!.parentId!;
    await sys.router.whenDone(id);
    await handedOver;
    // Router A let go: the parent is still running as far as the store knows, and nobody holds it.
    const left = (await sys.store.getParent(id))!;
    expect(['ACTIVE', 'EXECUTING', 'FILLED']).toContain(
      execution.ParentState[left.state].replace('PARENT_STATE_', ''),
    );
    expect(await sys.store.activeParents()).toEqual([id]);
    expect(await leases.holder(id)).toBeUndefined();

    const b = new Router({ ...deps(sys), leases: leases.as('router-b') });
    expect(await b.takeOverOrphans()).toBe(1);
    const done = await b.whenDone(id);
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_COMPLETE');
    expect(done.filledQuantity).toBe('0.8');

    const evts = sys.events.events.filter((e) => e.correlationId === id);
    const taken = evts.find((e) => e.parentTakenOver)!.parentTakenOver!;
    expect(taken.owner).toBe('router-b');
    // Every child id is used once, and the fills the store holds add up to the parent exactly.
    const sent = evts.filter((e) => e.childSubmitted).map((e) => e.childSubmitted!.child!.childId);
    expect(new Set(sent).size).toBe(sent.length);
    const fills = await sys.store.getFills(id);
    expect(new Set(fills.map((f) => f.execId)).size).toBe(fills.length);
    expect(fills.reduce((s, f) => s.plus(f.quantity), new Dec(0)).toFixed()).toBe('0.8');
    // The sequence runs on without a gap across the two routers.
    const seqs = evts.map((e) => Number(e.sequence));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    // Router B re-planned what was left after it took over.
    const after = evts.slice(evts.findIndex((e) => e.parentTakenOver));
    expect(after.some((e) => e.schedulePlanned)).toBe(true);
    expect(await sys.store.activeParents()).toEqual([]);
  });

  it('a router whose lease lapsed stops trading the parent; the new owner finishes it', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 12, 0, 0));
    const leases = new MemoryLeases('router-a', () => clock.now(), 3000);
    const sys = createEmbeddedSystem({ seed: 22, clock, leases, config: { consultDecisionPolicy: false } });
    const b = new Router({ ...deps(sys), leases: leases.as('router-b') });
    let id = '';
    let tookOver: Promise<number> | undefined;
    sys.events.onEvent((e) => {
      // Router A stalls (never renews): its lease lapses and B takes the parent.
      if (!tookOver && e.childFilled && e.childFilled.fill!.childId!.endsWith('-1-0'))
        tookOver = (async () => {
          clock.advance(5000);
          const n = await b.takeOverOrphans();
          await sys.router.renewLeases();
          return n;
        })();
    });
    const { parent } = await sys.router.submit(order);
    id = parent!.parentId!;
    await sys.router.whenDone(id);
    expect(await tookOver).toBe(1);
    const done = await b.whenDone(id);
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_COMPLETE');
    expect(done.filledQuantity).toBe('0.8');
    const evts = sys.events.events.filter((e) => e.correlationId === id);
    const sent = evts.filter((e) => e.childSubmitted).map((e) => e.childSubmitted!.child!.childId);
    expect(new Set(sent).size).toBe(sent.length);
    expect(await leases.holder(id)).toBeUndefined();
  });
});
