import { impact, marketdata } from '@tranche/contracts';
import type { ImpactObservation } from '@tranche/execution-core';
import { ImpactCalibrationService } from './impact-calibration-service.js';
import { MemoryImpactObservationStore } from './impact-observation-store.js';

const request = impact.ImpactRequest.create({
  symbol: 'BTCUSDT',
  quantity: '4',
  snapshot: marketdata.MarketSnapshot.create({
    mid: '60000',
    spreadBps: 1,
    averageDailyVolume: '50000',
    dailyVolatility: 0.02,
  }),
});

const observation = (i: number, symbol = 'BTCUSDT'): ImpactObservation => {
  const quantity = 0.5 + (i % 5) * 2;
  const sqrt = 0.7 * 0.02 * Math.sqrt(quantity / 50_000) * 1e4;
  return {
    childId: `${symbol}-${i}`,
    symbol,
    side: 'BUY',
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
};

describe('impact calibration kept in a store', () => {
  it('a fresh service on the same store answers exactly as the one that recorded the fills (restart)', async () => {
    const store = new MemoryImpactObservationStore();
    const first = new ImpactCalibrationService(store);
    for (let i = 0; i < 30; i++) await first.observe(observation(i));
    const restarted = new ImpactCalibrationService(store);
    expect(restarted.estimate(request).observations).toBe(0);
    expect(await restarted.refresh()).toEqual(['BTCUSDT']);
    expect(restarted.estimate(request)).toEqual(first.estimate(request));
    expect(restarted.summary()).toEqual(first.summary());
  });

  it('a replica learns what another consumed at its next refresh, and only the changed symbols reload', async () => {
    const store = new MemoryImpactObservationStore();
    const a = new ImpactCalibrationService(store);
    const b = new ImpactCalibrationService(store);
    await a.observe(observation(1));
    await b.observe(observation(2, 'ETHUSDT'));
    expect(a.calibration('ETHUSDT')).toBeUndefined();
    expect(await a.refresh()).toEqual(['ETHUSDT']);
    expect(await b.refresh()).toEqual(['BTCUSDT']);
    expect(await a.refresh()).toEqual([]);
    expect(a.summary()).toEqual(b.summary());
  });

  it('an observation delivered twice is counted once', async () => {
    const store = new MemoryImpactObservationStore();
    const a = new ImpactCalibrationService(store);
    const b = new ImpactCalibrationService(store);
    expect(await a.observe(observation(7))).toMatchObject({ status: 'recorded' });
    expect(await b.observe(observation(7))).toEqual({ status: 'duplicate' });
    await b.refresh();
    expect(b.calibration('BTCUSDT')?.observations).toBe(1);
    expect(a.counts).toMatchObject({ recorded: 1, duplicates: 0 });
    expect(b.counts).toMatchObject({ recorded: 0, duplicates: 1 });
  });

  it('an observation that cannot calibrate is refused with its reason and never stored', async () => {
    const store = new MemoryImpactObservationStore();
    const s = new ImpactCalibrationService(store);
    const outcome = await s.observe({ ...observation(1), dailyVolume: 0 });
    expect(outcome).toEqual({ status: 'refused', reason: expect.stringMatching(/daily volume/) });
    expect(await store.versions()).toEqual({});
  });

  it('the store keeps the newest observations up to its capacity and still recognises an aged-out child', async () => {
    const store = new MemoryImpactObservationStore(3);
    for (let i = 0; i < 5; i++) await store.append(observation(i));
    expect((await store.load('BTCUSDT', 10)).map((o) => o.childId)).toEqual([
      'BTCUSDT-2',
      'BTCUSDT-3',
      'BTCUSDT-4',
    ]);
    expect(await store.append(observation(0))).toBeNull();
    expect(await store.versions()).toEqual({ BTCUSDT: 5 });
  });

  it('a store that fails is reported to the caller, so the observation stays unacknowledged', async () => {
    const store = new MemoryImpactObservationStore();
    store.append = () => Promise.reject(new Error('redis down'));
    const s = new ImpactCalibrationService(store);
    await expect(s.observe(observation(1))).rejects.toThrow('redis down');
    expect(s.counts.recorded).toBe(0);
  });
});
