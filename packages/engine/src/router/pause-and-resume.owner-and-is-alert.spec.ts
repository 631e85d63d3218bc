import { common, decision, execution, type marketdata } from '@tranche/contracts';
import { Dec } from '@tranche/execution-core';
import { VirtualClock } from '../adapters/clocks.js';
import { createEmbeddedSystem } from '../embedded.js';
import type { DecisionPort, MarketDataPort } from '../ports/index.js';

const order = (patch: Partial<execution.ISubmitParentOrderRequest> = {}) =>
  execution.SubmitParentOrderRequest.create({
    symbol: 'BTCUSDT',
    side: common.Side.SIDE_BUY,
    quantity: '0.6',
    horizonMs: 360_000,
    slices: 6,
    ...patch,
  });

describe('pause and resume', () => {
  it('the owner pauses: no slice trades while paused; resumed, the remainder is re-planned and completes', async () => {
    const sys = createEmbeddedSystem({ seed: 41, config: { consultDecisionPolicy: false } });
    let id = '';
    sys.events.onEvent((e) => {
      // Pause after slice 1's fill; resume once the paused parent has sat out two slices.
      if (e.childFilled && e.childFilled.fill!.childId!.endsWith('-1-0'))
        void sys.router.pause({ parentId: id, reason: 'desk review' });
      if (e.parentPaused) {
        const at = sys.clock.now();
        void (async () => {
          while (sys.clock.now() < at + 150_000) await new Promise((r) => setImmediate(r));
          await sys.router.resume({ parentId: id });
        })();
      }
    });
    const { parent } = await sys.router.submit(order());
    id = parent!.parentId!;
    const done = await sys.router.whenDone(id);
    const evts = sys.events.events.filter((e) => e.correlationId === id);
    const paused = evts.find((e) => e.parentPaused)!.parentPaused!;
    expect(paused).toMatchObject({ reason: 'desk review', pausedBy: 'owner' });
    expect(evts.some((e) => e.parentResumed)).toBe(true);
    const pausedAt = evts.indexOf(evts.find((e) => e.parentPaused)!);
    const resumedAt = evts.indexOf(evts.find((e) => e.parentResumed)!);
    // Nothing was sent between the pause and the resume.
    expect(evts.slice(pausedAt, resumedAt).some((e) => e.childSubmitted)).toBe(false);
    const replan = evts.slice(resumedAt).find((e) => e.schedulePlanned)!.schedulePlanned!;
    expect(replan.reason).toMatch(/^TWAP over/);
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_COMPLETE');
    expect(done.filledQuantity).toBe('0.6');
  });

  it('risk pauses a parent whose shortfall crosses the IS alert, with the reason, and it stays paused', async () => {
    // The price jumps 1% against a buyer after the first slice: the shortfall passes the 50 bps alert.
    const clock = new VirtualClock(Date.UTC(2026, 0, 5, 12, 0, 0));
    const base = createEmbeddedSystem({ seed: 42, clock });
    const start = clock.now();
    const market: MarketDataPort = {
      async snapshot(symbol, deadlineMs) {
        const s: marketdata.MarketSnapshot = await base.market.snapshot(symbol, deadlineMs);
        if (clock.now() > start + 30_000)
          for (const k of ['bestBid', 'bestAsk', 'mid'] as const) s[k] = new Dec(s[k]).times(1.01).toFixed(1);
        return s;
      },
    };
    const aggressive: DecisionPort = {
      async decide(request) {
        return decision.ExecutionDecision.create({
          aggressive: { limitOffsetBps: 30 },
          confidence: 0.9,
          reasoning: 'take it',
          source: decision.DecisionSource.DECISION_SOURCE_HEURISTIC,
          validUntil: Number(request.now) + 60_000,
        });
      },
    };
    const sys = createEmbeddedSystem({
      seed: 42,
      clock,
      overrides: { market, decision: aggressive },
      riskLimits: { maxPriceDeviationBps: 300 },
    });
    const { parent } = await sys.router.submit(order());
    const done = await sys.router.whenDone(parent!.parentId!);
    const evts = sys.events.events.filter((e) => e.correlationId === parent!.parentId);
    const paused = evts.find((e) => e.parentPaused)!.parentPaused!;
    expect(paused.pausedBy).toBe('risk');
    expect(paused.reason).toMatch(/shortfall|IS/i);
    // Nobody resumed it: the horizon ends with it paused, the rest unfilled and said so.
    expect(execution.ParentState[done.state]).toBe('PARENT_STATE_FAILED');
    expect(Number(done.filledQuantity)).toBeLessThan(0.6);
  });
});
