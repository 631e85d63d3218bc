import { common, execution, type marketdata } from '@tranche/contracts';
import { Dec } from '@tranche/execution-core';
import { createEmbeddedSystem } from '../embedded.js';
import { VirtualClock } from '../adapters/clocks.js';
import type { MarketDataPort } from '../ports/index.js';

const submit = (algorithm: execution.Algorithm, patch: Partial<execution.ISubmitParentOrderRequest> = {}) =>
  execution.SubmitParentOrderRequest.create({
    symbol: 'BTCUSDT',
    side: common.Side.SIDE_BUY,
    quantity: '2',
    horizonMs: 3_600_000,
    slices: 12,
    algorithm,
    ...patch,
  });

/** The embedded market with its snapshots rewritten: a volume profile, a drifting price. */
class ShapedMarket implements MarketDataPort {
  constructor(
    private readonly inner: MarketDataPort,
    private readonly shape: (s: marketdata.MarketSnapshot) => void,
  ) {}
  async snapshot(symbol: string, deadlineMs: number) {
    const s = await this.inner.snapshot(symbol, deadlineMs);
    this.shape(s);
    return s;
  }
}

async function run(
  algorithm: execution.Algorithm,
  patch: Partial<execution.ISubmitParentOrderRequest> = {},
  shape?: (s: marketdata.MarketSnapshot, nowMs: number) => void,
) {
  // One clock for both: the shaped market reads the base system's synthetic market at the time the
  // router sees, or every snapshot would look stale.
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 12, 0, 0));
  const base = createEmbeddedSystem({ seed: 31, clock, config: { consultDecisionPolicy: false } });
  const sys = shape
    ? createEmbeddedSystem({
        seed: 31,
        clock,
        config: { consultDecisionPolicy: false },
        // These markets move on purpose (a drift over two hours, a 1.5% jump): the price band around
        // arrival is widened so the test is about the plan, not about risk refusing the move.
        riskLimits: { maxPriceDeviationBps: 300, isAlertBps: 500 },
        overrides: { market: new ShapedMarket(base.market, (s) => shape(s, Number(s.tsInit))) },
      })
    : base;
  const states: string[] = [];
  const save = sys.store.saveParent.bind(sys.store);
  sys.store.saveParent = (p) => {
    states.push(execution.ParentState[p.state]!);
    return save(p);
  };
  const { parent } = await sys.router.submit(submit(algorithm, patch));
  const done = await sys.router.whenDone(parent!.parentId!);
  const events = sys.events.events.filter((e) => e.correlationId === parent!.parentId);
  const plans = events.filter((e) => e.schedulePlanned).map((e) => e.schedulePlanned!);
  const fills = await sys.store.getFills(parent!.parentId!);
  const filledBySlice = new Map<number, Dec>();
  for (const e of events.filter((x) => x.childFilled)) {
    const slice = Number(e.childFilled!.fill!.childId!.split('-')[1]);
    filledBySlice.set(slice, (filledBySlice.get(slice) ?? new Dec(0)).plus(e.childFilled!.fill!.quantity!));
  }
  return { done, events, plans, fills, filledBySlice, states };
}

describe('every algorithm routed, in embedded mode', () => {
  it('TWAP: equal slices, completes, announced as the plan', async () => {
    const r = await run(execution.Algorithm.ALGORITHM_TWAP);
    expect(execution.ParentState[r.done.state]).toBe('PARENT_STATE_COMPLETE');
    expect(r.plans[0]!.algorithm).toBe(execution.Algorithm.ALGORITHM_TWAP);
    expect(new Set(r.plans[0]!.sliceQuantities).size).toBeLessThanOrEqual(2);
  });

  it('VWAP with no volume profile yet: planned flat, says so, completes', async () => {
    const r = await run(execution.Algorithm.ALGORITHM_VWAP);
    expect(execution.ParentState[r.done.state]).toBe('PARENT_STATE_COMPLETE');
    expect(r.plans[0]!.reason).toMatch(/planned flat: market-data has no full-day volume profile/);
    expect(r.plans[0]!.warnings!.join()).toMatch(/EMPTY_PROFILE/);
  });

  it('VWAP on a profile: trades more in the busy hour than in the quiet one', async () => {
    // 12:00-13:00 UTC (where the embedded clock starts) carries three times the volume of 13:00-14:00.
    const hourly = Array.from({ length: 24 }, (_, h) => (h === 12 ? 3 : 1));
    const total = hourly.reduce((a, b) => a + b, 0);
    const r = await run(execution.Algorithm.ALGORITHM_VWAP, { horizonMs: 2 * 3_600_000 }, (s) => {
      s.intradayVolumeProfile = hourly.map((w) => w / total);
    });
    expect(execution.ParentState[r.done.state]).toBe('PARENT_STATE_COMPLETE');
    const q = r.plans[0]!.sliceQuantities!.map(Number);
    const firstHour = q.slice(0, 6).reduce((a, b) => a + b, 0);
    const secondHour = q.slice(6).reduce((a, b) => a + b, 0);
    expect(firstHour / secondHour).toBeCloseTo(3, 0);
    expect(q.reduce((a, b) => a + b, 0)).toBeCloseTo(2, 9);
  });

  it('IS at high urgency front-loads, at low urgency trades close to evenly', async () => {
    const urgent = await run(execution.Algorithm.ALGORITHM_IS, { urgency: 1 });
    const patient = await run(execution.Algorithm.ALGORITHM_IS, { urgency: 0 });
    for (const r of [urgent, patient])
      expect(execution.ParentState[r.done.state]).toBe('PARENT_STATE_COMPLETE');
    const u = urgent.plans[0]!.sliceQuantities!.map(Number);
    const p = patient.plans[0]!.sliceQuantities!.map(Number);
    expect(u[0]!).toBeGreaterThan(2 * u[u.length - 1]!);
    expect(Math.max(...p) - Math.min(...p)).toBeLessThan(0.05);
    expect(urgent.plans[0]!.reason).toMatch(/Almgren-Chriss IS at urgency 1\.00/);
  });

  it('POV: keeps to its share of observed volume and is never forced through it at the end', async () => {
    // 40 BTC over 10 minutes at 3% of ~42 BTC a minute cannot finish: POV must not force it.
    const r = await run(execution.Algorithm.ALGORITHM_POV, {
      quantity: '40',
      horizonMs: 600_000,
      slices: 10,
      urgency: 0,
    });
    expect(r.plans[0]!.reason).toMatch(/^POV at 3\.0% of observed volume/);
    expect(execution.ParentState[r.done.state]).toBe('PARENT_STATE_FAILED');
    const filled = Number(r.done.filledQuantity);
    // 10 minutes of ~42 BTC a minute at 3%: about 12 BTC, far from 40.
    expect(filled).toBeGreaterThan(5);
    expect(filled).toBeLessThan(20);
    expect(r.events.some((e) => e.sliceSkipped?.reason?.startsWith('POV:'))).toBe(true);
  });

  it('POV: a parent the market can absorb completes', async () => {
    const r = await run(execution.Algorithm.ALGORITHM_POV, {
      quantity: '1',
      horizonMs: 600_000,
      slices: 10,
      urgency: 1,
    });
    expect(execution.ParentState[r.done.state]).toBe('PARENT_STATE_COMPLETE');
  });

  it('ADAPTIVE: picks by regime, and re-plans when the price trends away, recording each choice', async () => {
    let arrival: number | undefined;
    const r = await run(execution.Algorithm.ALGORITHM_ADAPTIVE, {}, (s, now) => {
      // The price jumps 1.5% a quarter of an hour after arrival: adverse for a buyer, and at the
      // review on slice 4 (20 minutes) far more than twice the noise of that window.
      arrival ??= now;
      const up = now - arrival >= 900_000 ? 1.015 : 1;
      for (const k of ['bestBid', 'bestAsk', 'mid'] as const) s[k] = new Dec(s[k]).times(up).toFixed(1);
    });
    expect(execution.ParentState[r.done.state]).toBe('PARENT_STATE_COMPLETE');
    expect(r.plans[0]!.reason).toMatch(/^ADAPTIVE: SIDEWAYS_LOW_VOL → calm market: IS/);
    const replans = r.plans.slice(1);
    expect(replans.length).toBeGreaterThan(0);
    expect(replans[0]!.reason).toMatch(/^ADAPTIVE: TRENDING_ADVERSE → price trending away/);
    expect(replans[0]!.fromSlice).toBeGreaterThan(0);
    // ADJUSTING is a real state: the parent passed through it while re-planning.
    expect(r.states).toContain('PARENT_STATE_ADJUSTING');
    const total = r.fills.reduce((s, f) => s.plus(f.quantity), new Dec(0));
    expect(total.toFixed()).toBe('2');
  });
});
