import type { DecisionContext } from './execution-decision.js';
import { heuristicDecision } from './heuristic-policy.js';
import { validateDecision } from './decision-validation.js';

const calm: DecisionContext = {
  nowMs: 1_000_000,
  side: 'BUY',
  targetQty: 10,
  filledQty: 5,
  elapsedFraction: 0.5,
  spreadBps: 1,
  typicalSpreadBps: 1,
  volatilityBps: 20,
  typicalVolatilityBps: 20,
  fundingRate: 0.0001,
  msToFunding: 4 * 3_600_000,
  openInterestChange: 0,
  priceChangeBps: 0,
  liquidationFlow: 0,
};

describe('heuristicDecision', () => {
  it('on schedule in a calm market: rest passively at the touch', () => {
    const d = heuristicDecision(calm);
    expect(d).toMatchObject({ action: { kind: 'PASSIVE', offsetTicks: 0 }, source: 'HEURISTIC' });
    expect(d.reasoning).toMatch(/on-schedule/);
  });

  it('spread widens → passive; much wider → wait', () => {
    expect(heuristicDecision({ ...calm, spreadBps: 3 }).action).toEqual({ kind: 'PASSIVE', offsetTicks: 1 });
    expect(heuristicDecision({ ...calm, spreadBps: 6 }).action.kind).toBe('WAIT');
    expect(heuristicDecision({ ...calm, spreadBps: 6 }).reasoning).toMatch(/spread-widened/);
  });

  it('behind schedule → accelerate, more the further behind', () => {
    const a = heuristicDecision({ ...calm, filledQty: 3 });
    const b = heuristicDecision({ ...calm, filledQty: 1 });
    expect(a.action.kind).toBe('ACCELERATE');
    expect(
      b.action.kind === 'ACCELERATE' && a.action.kind === 'ACCELERATE' && b.action.factor > a.action.factor,
    ).toBe(true);
    expect(a.reasoning).toMatch(/behind-schedule/);
  });

  it('funding above +0.05% near the snapshot: a buyer waits until after it, a seller accelerates', () => {
    const near = { ...calm, fundingRate: 0.0008, msToFunding: 10 * 60_000 };
    const buy = heuristicDecision(near);
    expect(buy.action).toEqual({ kind: 'WAIT', durationMs: 10 * 60_000 + 1_000 });
    expect(buy.validUntilMs).toBe(near.nowMs + 10 * 60_000 + 1_000);
    expect(heuristicDecision({ ...near, side: 'SELL' }).action.kind).toBe('ACCELERATE');
  });

  it('negative funding works the other way', () => {
    const near = { ...calm, fundingRate: -0.0008, msToFunding: 10 * 60_000 };
    expect(heuristicDecision(near).action.kind).toBe('ACCELERATE');
    expect(heuristicDecision({ ...near, side: 'SELL' }).action.kind).toBe('WAIT');
  });

  it('funding far from the snapshot, or below the threshold, is ignored', () => {
    expect(heuristicDecision({ ...calm, fundingRate: 0.0008 }).action.kind).toBe('PASSIVE');
    expect(heuristicDecision({ ...calm, fundingRate: 0.0004, msToFunding: 60_000 }).action.kind).toBe(
      'PASSIVE',
    );
  });

  it('open interest diverging from price → reduce aggression', () => {
    const d = heuristicDecision({ ...calm, openInterestChange: 0.03, priceChangeBps: -40 });
    expect(d.action).toEqual({ kind: 'PASSIVE', offsetTicks: 1 });
    expect(d.reasoning).toMatch(/oi-divergence/);
  });

  it('liquidation cascade: a buyer leans into forced selling, a seller waits it out', () => {
    expect(heuristicDecision({ ...calm, liquidationFlow: -0.4 }).action).toEqual({
      kind: 'PASSIVE',
      offsetTicks: 0,
    });
    expect(heuristicDecision({ ...calm, side: 'SELL', liquidationFlow: -0.4 }).action.kind).toBe('WAIT');
    expect(heuristicDecision({ ...calm, liquidationFlow: 0.4 }).action.kind).toBe('WAIT');
  });

  it('a volatility spike decelerates and outranks everything, listing every rule that fired', () => {
    const d = heuristicDecision({
      ...calm,
      volatilityBps: 80,
      spreadBps: 3,
      filledQty: 1,
      elapsedFraction: 0.9,
    });
    expect(d.action).toEqual({ kind: 'DECELERATE', factor: 0.5 });
    expect(d.reasoning).toMatch(/volatility-spike.*spread-widened.*behind-schedule/);
  });

  it('near the deadline being behind outranks a wide spread', () => {
    expect(heuristicDecision({ ...calm, spreadBps: 6, filledQty: 5, elapsedFraction: 0.9 }).action.kind).toBe(
      'ACCELERATE',
    );
  });

  it('a broken context waits briefly instead of trading', () => {
    const d = heuristicDecision({ ...calm, spreadBps: NaN });
    expect(d.action.kind).toBe('WAIT');
    expect(d.reasoning).toMatch(/invalid-context/);
  });

  it('every heuristic output passes the same validation an LLM output must pass', () => {
    const variants: Partial<DecisionContext>[] = [
      {},
      { spreadBps: 3 },
      { spreadBps: 9 },
      { filledQty: 0 },
      { fundingRate: 0.001, msToFunding: 60_000 },
      { liquidationFlow: 0.5 },
      { volatilityBps: 100 },
      { openInterestChange: -0.05, priceChangeBps: 30 },
    ];
    for (const v of variants) {
      const d = heuristicDecision({ ...calm, ...v });
      const r = validateDecision(d, {
        nowMs: calm.nowMs,
        remainingQty: 5,
        arrivalPrice: 100,
        maxPriceDeviationBps: 300,
        maxWaitMs: 3_600_000,
        maxValidityMs: 3_600_000,
      });
      expect(r.ok).toBe(true);
    }
  });
});
