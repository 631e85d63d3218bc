import { Redis } from 'ioredis';
import { ImpactCalibrationService, type ImpactObservation } from '@tranche/engine';
import { impact, marketdata } from '@tranche/contracts';
import { startRedisServer, type ManagedServer } from '@tranche/testing';
// The root workspace does not list @tranche/infra among its dependencies; its source is the same module.
import { RedisImpactObservationStore } from '@tranche/infra';

const observation = (i: number, patch: Partial<ImpactObservation> = {}): ImpactObservation => ({
  childId: `p-${i}-0`,
  symbol: 'ETHUSDT',
  side: 'SELL',
  quantity: 1 + i,
  averagePrice: 2999,
  decisionMid: 3000,
  predictedBps: 2,
  realisedBps: 3 + (i % 3),
  model: 'blend',
  dailyVolume: 400_000,
  dailyVolatility: 0.03,
  spreadBps: 2,
  bookWalkBps: 0.5,
  ...patch,
});

describe('impact observations in a real Redis', () => {
  let server: ManagedServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url);
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await server?.dispose();
  });

  it('round-trips observations field for field, oldest first, capped at the capacity', async () => {
    const store = new RedisImpactObservationStore(redis, { prefix: 't1', capacity: 3 });
    for (let i = 0; i < 5; i++) expect(await store.append(observation(i))).toBe(i + 1);
    expect(await store.load('ETHUSDT', 10)).toEqual([observation(2), observation(3), observation(4)]);
    expect(await store.load('ETHUSDT', 2)).toEqual([observation(3), observation(4)]);
    expect(await store.versions()).toEqual({ ETHUSDT: 5 });
    expect(await redis.llen('t1:obs:ETHUSDT')).toBe(3);
  });

  it('refuses a child it already keeps, even one aged out of the list, and leaves the version alone', async () => {
    const store = new RedisImpactObservationStore(redis, { prefix: 't2', capacity: 2, seenCapacity: 10 });
    for (let i = 0; i < 4; i++) await store.append(observation(i));
    expect(await store.append(observation(0))).toBeNull();
    expect(await store.append(observation(3))).toBeNull();
    expect(await store.versions()).toEqual({ ETHUSDT: 4 });
  });

  it('skips an entry that does not parse instead of failing the load', async () => {
    const store = new RedisImpactObservationStore(redis, { prefix: 't3' });
    await store.append(observation(1));
    await redis.rpush('t3:obs:ETHUSDT', 'not json', JSON.stringify({ childId: 'x' }));
    await store.append(observation(2));
    expect((await store.load('ETHUSDT', 10)).map((o) => o.childId)).toEqual(['p-1-0', 'p-2-0']);
  });

  it('a service restarted on the same Redis serves the same calibrated estimate', async () => {
    const request = impact.ImpactRequest.create({
      symbol: 'ETHUSDT',
      quantity: '20',
      snapshot: marketdata.MarketSnapshot.create({
        mid: '3000',
        spreadBps: 2,
        averageDailyVolume: '400000',
        dailyVolatility: 0.03,
      }),
    });
    const first = new ImpactCalibrationService(new RedisImpactObservationStore(redis, { prefix: 't4' }));
    for (let i = 0; i < 25; i++) await first.observe(observation(i));
    const second = new ImpactCalibrationService(new RedisImpactObservationStore(redis, { prefix: 't4' }));
    await second.refresh();
    expect(second.estimate(request)).toEqual(first.estimate(request));
    expect(second.estimate(request).observations).toBe(25);
  });
});
