import { common, execution, impact, marketdata } from '@tranche/contracts';
import { calibrateFromObservations, type ImpactObservation } from '@tranche/execution-core';
import {
  estimateCalibratedImpact,
  estimateImpact,
  impactMarketFromRequest,
  impactObservationFromEvent,
} from './impact-model.js';

const snapshot = (patch: Partial<marketdata.IMarketSnapshot> = {}) =>
  marketdata.MarketSnapshot.create({
    symbol: 'BTCUSDT',
    mid: '60000',
    spreadBps: 1,
    averageDailyVolume: '50000',
    dailyVolatility: 0.02,
    ...patch,
  });
const request = (patch: Partial<impact.IImpactRequest> = {}) =>
  impact.ImpactRequest.create({
    symbol: 'BTCUSDT',
    side: common.Side.SIDE_BUY,
    quantity: '3',
    snapshot: snapshot(),
    ...patch,
  });

function observations(n: number): ImpactObservation[] {
  return Array.from({ length: n }, (_, i) => {
    const quantity = 0.5 + (i % 6) * 3;
    const sqrt = 0.7 * 0.02 * Math.sqrt(quantity / 50_000) * 1e4;
    return {
      childId: `p-${i}-0`,
      symbol: 'BTCUSDT',
      side: 'BUY' as const,
      quantity,
      averagePrice: 60_000,
      decisionMid: 60_000,
      predictedBps: sqrt,
      realisedBps: 1.6 * sqrt,
      model: 'square-root',
      dailyVolume: 50_000,
      dailyVolatility: 0.02,
      spreadBps: 1,
      bookWalkBps: 0,
    };
  });
}

describe('the impact service estimate (calibrated blend)', () => {
  it('without calibration answers the priors blend, names every model and says it has no fills yet', () => {
    const e = estimateCalibratedImpact(request(), undefined);
    expect(e.model).toBe('blend');
    expect(e.models.map((m) => m.model)).toEqual(['square-root', 'kyle', 'almgren-chriss']);
    expect(e.models.map((m) => m.weight)).toEqual([0.6, 0.2, 0.2]);
    expect(e.observations).toBe(0);
    expect(e.finalBps).toBeCloseTo(
      e.models.reduce((s, m) => s + m.weight! * m.rawBps!, 0),
      12,
    );
    expect(e.lowBps).toBeLessThan(e.finalBps);
    expect(e.highBps).toBeGreaterThan(e.finalBps);
    expect(e.reasoning).toMatch(/no fills observed yet/);
  });

  it('with calibration the estimate carries each model\u2019s weight, scale, n and error, and the blend\u2019s error', () => {
    const c = calibrateFromObservations('BTCUSDT', observations(40));
    const e = estimateCalibratedImpact(request(), c);
    const sqrt = e.models.find((m) => m.model === 'square-root')!;
    expect(sqrt.observations).toBe(40);
    expect(sqrt.scale).toBeGreaterThan(1.4);
    expect(sqrt.calibratedMaeBps).toBeLessThan(sqrt.maeBps!);
    expect(e.observations).toBe(40);
    expect(e.calibrationMaeBps).toBeGreaterThan(0);
    expect(e.models.reduce((s, m) => s + m.weight!, 0)).toBeCloseTo(1, 12);
    expect(e.reasoning).toMatch(/calibrated on 40 fills/);
    expect(e.reasoning).toMatch(/square-root [\d.]+×[\d.]+ w=[\d.]+ n=40 mae=/);
  });

  it('the decision\u2019s adjustment scales the blend and its band, clamped to [0.5, 2]', () => {
    const base = estimateCalibratedImpact(request(), undefined);
    const doubled = estimateCalibratedImpact(request({ adjustmentFactor: 9 }), undefined);
    expect(doubled.adjustmentFactor).toBe(2);
    expect(doubled.baseBps).toBeCloseTo(base.finalBps, 12);
    expect(doubled.finalBps).toBeCloseTo(2 * base.finalBps, 12);
    expect(doubled.highBps).toBeCloseTo(2 * base.highBps, 12);
  });

  it('reads the book walk beyond the touch from the snapshot\u2019s opposite side when it holds the child', () => {
    const asks = [
      { price: '60000.5', size: '1' },
      { price: '60003', size: '5' },
    ];
    const full = impactMarketFromRequest(request({ snapshot: snapshot({ asks }) })).market;
    expect(full.bookWalkBps).toBeCloseTo(((2 * 2.5) / 3 / 60_000.5) * 1e4, 6);
    const tooBig = impactMarketFromRequest(request({ quantity: '10', snapshot: snapshot({ asks }) })).market;
    expect(tooBig.bookWalkBps).toBe(0);
  });

  it.each([
    [{ quantity: '0' }, /quantity/],
    [{ symbol: '' }, /symbol/],
    [{ snapshot: marketdata.MarketSnapshot.create({ mid: '1' }) }, /cannot size impact/],
  ])('refuses %p as a bad request, like the local estimate', (patch, message) => {
    expect(() => estimateCalibratedImpact(request(patch), undefined)).toThrow(message);
    expect(() => estimateImpact(request(patch))).toThrow(message);
  });
});

describe('the router\u2019s local fallback', () => {
  it('stays the plain square-root law, stateless and deterministic', () => {
    const a = estimateImpact(request());
    const b = estimateImpact(request());
    expect(a).toEqual(b);
    expect(a.model).toBe('square-root');
    expect(a.finalBps).toBeCloseTo(0.7 * 0.02 * Math.sqrt(3 / 50_000) * 1e4, 10);
    expect(a.models).toEqual([]);
  });
});

describe('an ImpactObserved event as an observation', () => {
  it('maps decimal strings to numbers and the wire side to the domain', () => {
    const o = impactObservationFromEvent(
      execution.ImpactObserved.create({
        childId: 'p1-3-0',
        symbol: 'btcusdt',
        side: common.Side.SIDE_SELL,
        filledQuantity: '0.25',
        averagePrice: '59990',
        decisionMid: '60000',
        predictedBps: 1.2,
        realisedBps: 1.67,
        model: 'blend',
        dailyVolume: 50_000,
        dailyVolatility: 0.02,
        spreadBps: 1,
      }),
    );
    expect(o).toEqual({
      childId: 'p1-3-0',
      symbol: 'BTCUSDT',
      side: 'SELL',
      quantity: 0.25,
      averagePrice: 59_990,
      decisionMid: 60_000,
      predictedBps: 1.2,
      realisedBps: 1.67,
      model: 'blend',
      dailyVolume: 50_000,
      dailyVolatility: 0.02,
      spreadBps: 1,
      bookWalkBps: 0,
    });
  });
});
