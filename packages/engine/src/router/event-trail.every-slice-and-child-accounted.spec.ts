import { common, decision, execution, type marketdata } from '@tranche/contracts';
import { createEmbeddedSystem } from '../embedded.js';
import { PaperVenue } from '../adapters/paper-venue.js';
import { DEFAULT_INSTRUMENTS } from '../market/instruments.js';
import type {
  DecisionPort,
  MarketDataPort,
  VenueListener,
  VenueOrderRequest,
  VenuePort,
} from '../ports/index.js';

/** A policy that always answers the same action, as a decision service could. */
class FixedDecision implements DecisionPort {
  constructor(private readonly make: () => decision.IExecutionDecision) {}
  async decide(request: decision.DecisionRequest): Promise<decision.ExecutionDecision> {
    return decision.ExecutionDecision.create({
      confidence: 0.9,
      reasoning: 'fixed for the test',
      source: decision.DecisionSource.DECISION_SOURCE_HEURISTIC,
      validUntil: Number(request.now) + 60_000,
      ...this.make(),
    });
  }
}

/** The paper venue, but an IOC order fills only half and the venue cancels the rest, as Bybit does. */
class HalfFillingVenue implements VenuePort {
  private readonly listeners: VenueListener[] = [];
  inner!: PaperVenue;
  private fillSeq = 0;
  instrument(symbol: string) {
    return this.inner.instrument(symbol);
  }
  subscribe(l: VenueListener) {
    this.listeners.push(l);
  }
  cancel(symbol: string, id: string) {
    return this.inner.cancel(symbol, id);
  }
  query() {
    return Promise.resolve(undefined);
  }
  async submit(order: VenueOrderRequest) {
    const venueOrderId = `v-${order.orderLinkId}`;
    const half = (Number(order.qty) / 2).toFixed(3);
    setImmediate(() => {
      for (const l of this.listeners) {
        l.onFill({
          execId: `e${++this.fillSeq}`,
          orderLinkId: order.orderLinkId,
          symbol: order.symbol,
          price: order.price ?? '0',
          qty: half,
          fee: '0',
          isMaker: false,
          tsMs: 0,
        });
        l.onOrderUpdate({
          orderLinkId: order.orderLinkId,
          venueOrderId,
          symbol: order.symbol,
          status: 'Cancelled',
          cumExecQty: half,
        });
      }
    });
    return { venueOrderId };
  }
}

const kinds = (events: execution.ExecutionEvent[]) => events.map((e) => e.event);

describe('the event trail', () => {
  it('records a resting child cancelled at the next slice as ChildCancelled with its reason', async () => {
    const sys = createEmbeddedSystem({
      seed: 3,
      overrides: { decision: new FixedDecision(() => ({ passive: { offsetTicks: 5 } })) },
    });
    const { parent } = await sys.router.submit(
      execution.SubmitParentOrderRequest.create({
        symbol: 'BTCUSDT',
        side: common.Side.SIDE_BUY,
        quantity: '0.3',
        horizonMs: 180_000,
        slices: 3,
      }),
    );
    await sys.router.whenDone(parent!.parentId!);
    const evts = sys.events.events.filter((e) => e.correlationId === parent!.parentId!);
    const cancelled = evts.filter((e) => e.childCancelled);
    // The paper venue never fills passive orders: the two non-final slices rest and are cancelled.
    expect(cancelled.length).toBe(2);
    for (const c of cancelled) {
      expect(c.childCancelled!.reason).toBe('resting order unfilled at the next slice');
      expect(c.childCancelled!.byVenue).toBe(false);
    }
    // Each child was acknowledged, as New, before it was cancelled.
    const acceptedEvents = evts.filter((e) => e.childAccepted).map((e) => e.childAccepted!.child!);
    expect(acceptedEvents.every((c) => execution.ChildState[c.state!] === 'CHILD_STATE_NEW')).toBe(true);
    const accepted = new Set(acceptedEvents.map((c) => c.childId));
    for (const c of cancelled) expect(accepted.has(c.childCancelled!.child!.childId)).toBe(true);
  });

  it('records an IOC remainder cancelled by the venue as ChildExpired', async () => {
    const venue = new HalfFillingVenue();
    const sys = createEmbeddedSystem({
      seed: 5,
      overrides: { venue },
      config: { catchUpSlices: 0, consultDecisionPolicy: false },
    });
    venue.inner = new PaperVenue((s) => sys.market.snapshot(s, 1000), DEFAULT_INSTRUMENTS, sys.clock);
    const { parent } = await sys.router.submit(
      execution.SubmitParentOrderRequest.create({
        symbol: 'BTCUSDT',
        side: common.Side.SIDE_SELL,
        quantity: '0.4',
        horizonMs: 120_000,
        slices: 2,
      }),
    );
    await sys.router.whenDone(parent!.parentId!);
    const expired = sys.events.events.filter((e) => e.childExpired);
    expect(expired.length).toBeGreaterThan(0);
    expect(expired[0]!.childExpired!.reason).toMatch(/^IOC remainder 0\.1 of 0\.2 not filled at once$/);
    expect(sys.events.events.some((e) => e.childCancelled)).toBe(false);
  });

  it('gives every slice that sends nothing a SliceSkipped event with its reason', async () => {
    const sys = createEmbeddedSystem({
      seed: 4,
      overrides: { decision: new FixedDecision(() => ({ wait: { durationMs: 60_000 } })) },
    });
    const { parent } = await sys.router.submit(
      execution.SubmitParentOrderRequest.create({
        symbol: 'ETHUSDT',
        side: common.Side.SIDE_BUY,
        quantity: '3',
        horizonMs: 240_000,
        slices: 4,
      }),
    );
    const done = await sys.router.whenDone(parent!.parentId!);
    const evts = sys.events.events.filter((e) => e.correlationId === parent!.parentId!);
    const skipped = evts.filter((e) => e.sliceSkipped).map((e) => e.sliceSkipped!);
    expect(skipped.map((s) => s.sliceIndex)).toEqual([0, 1, 2]);
    expect(skipped.every((s) => s.reason === 'decision WAIT 60 s')).toBe(true);
    // The last slice must trade whatever the advice, so the parent still completes.
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_COMPLETE');
    const submitted = evts.filter((e) => e.childSubmitted).map((e) => e.childSubmitted!.child!.sliceIndex);
    // The last slice trades; risk may clamp it (depth, participation), leaving catch-up slices after.
    expect(submitted[0]).toBe(3);
    expect(submitted.every((i) => (i ?? 0) >= 3)).toBe(true);
    const report = evts.find((e) => e.parentCompleted)!.parentCompleted!.report!;
    expect(report.skippedSlices).toBe(3);
    expect(report.slicesRun).toBe(3 + new Set(submitted).size);
    const md = report.dependencies!.find((d) => d.dependency === 'market-data')!;
    // One snapshot a slice, and a fresh one for each further child of a clamped slice.
    expect(md.calls).toBe(report.slicesRun! + submitted.length - new Set(submitted).size);
    expect(md.fallbacks).toBe(0);
  });

  it('lists event kinds in a readable order for a plain TWAP run', async () => {
    const sys = createEmbeddedSystem({ seed: 9, config: { consultDecisionPolicy: false } });
    const { parent } = await sys.router.submit(
      execution.SubmitParentOrderRequest.create({
        symbol: 'BTCUSDT',
        side: common.Side.SIDE_BUY,
        quantity: '0.2',
        horizonMs: 120_000,
        slices: 2,
      }),
    );
    await sys.router.whenDone(parent!.parentId!);
    const k = kinds(sys.events.events.filter((e) => e.correlationId === parent!.parentId!));
    expect(k[0]).toBe('parentAccepted');
    expect(k.at(-1)).toBe('parentCompleted');
    // Per child: verdict, submit, acceptance, then its fill.
    const firstChild = k.slice(k.indexOf('riskChecked'), k.indexOf('riskChecked') + 4);
    expect(firstChild).toEqual(['riskChecked', 'childSubmitted', 'childAccepted', 'childFilled']);
  });
});

/** Market data whose book stops moving: snapshots keep coming, but their book is old. */
class FreezableMarket implements MarketDataPort {
  frozenAt: number | undefined;
  constructor(private readonly inner: MarketDataPort) {}
  async snapshot(symbol: string, deadlineMs: number): Promise<marketdata.MarketSnapshot> {
    const snap = await this.inner.snapshot(symbol, deadlineMs);
    if (this.frozenAt !== undefined) snap.bookUpdatedAt = this.frozenAt;
    return snap;
  }
}

describe('a frozen market-data feed', () => {
  function frozenSystem() {
    const base = createEmbeddedSystem({ seed: 21 });
    const market = new FreezableMarket(base.market);
    const sys = createEmbeddedSystem({ seed: 21, overrides: { market } });
    return { sys, market };
  }

  it('never prices a child off a snapshot older than the limit: it records the fallback and skips', async () => {
    const { sys, market } = frozenSystem();
    const { parent } = await sys.router.submit(
      execution.SubmitParentOrderRequest.create({
        symbol: 'BTCUSDT',
        side: common.Side.SIDE_BUY,
        quantity: '0.3',
        horizonMs: 180_000,
        slices: 3,
      }),
    );
    // Frozen from the moment of acceptance: slice 0 (at acceptance) is fresh, slice 1 a minute old.
    market.frozenAt = sys.clock.now();
    const done = await sys.router.whenDone(parent!.parentId!);
    const evts = sys.events.events.filter((e) => e.correlationId === parent!.parentId!);
    const sent = evts.filter((e) => e.childSubmitted).map((e) => e.childSubmitted!.child!.sliceIndex);
    expect(sent).toEqual([0]);
    const fallbacks = evts.filter((e) => e.fallbackUsed).map((e) => e.fallbackUsed!);
    // Slices 1 and 2 and every catch-up slice.
    expect(fallbacks.map((f) => f.sliceIndex)).toEqual([1, 2, 3, 4, 5]);
    expect(fallbacks[0]).toMatchObject({ dependency: 'market-data', substitute: 'none' });
    expect(fallbacks[0]!.reason).toMatch(/snapshot is \d+ ms old, over the 2000 ms limit/);
    expect(
      evts.filter((e) => e.sliceSkipped).every((e) => e.sliceSkipped!.reason === 'no fresh market data'),
    ).toBe(true);
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_FAILED');
  });

  it('refuses a submission whose arrival price would come from a stale book', async () => {
    const { sys, market } = frozenSystem();
    market.frozenAt = sys.clock.now() - 10_000;
    await expect(
      sys.router.submit(
        execution.SubmitParentOrderRequest.create({
          symbol: 'BTCUSDT',
          side: common.Side.SIDE_BUY,
          quantity: '0.3',
          horizonMs: 180_000,
        }),
      ),
    ).rejects.toMatchObject({
      code: 'MARKET_DATA_UNAVAILABLE',
      message: expect.stringMatching(/is 10000 ms old \(limit 2000 ms\)/),
    });
  });
});
