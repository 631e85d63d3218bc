import { generateOrders, toStep } from '../src/backtest/orders.js';
import type { BacktestRun } from '../src/backtest/run.js';
import {
  bootstrapMeanCi,
  mean,
  median,
  pairedDifferences,
  seededRandom,
  stdDev,
} from '../src/backtest/stats.js';
import { summarise } from '../src/backtest/summary.js';

/** A skewed sample whose mean is not its median, from a fixed generator. */
const sample = (n: number, seed: number) => {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => -Math.log(1 - r()) * 5 - 1);
};

describe('backtest statistics', () => {
  it('gives the same bootstrap interval for the same seed and a different one for another seed', () => {
    const xs = sample(40, 3);
    expect(bootstrapMeanCi(xs, 11)).toEqual(bootstrapMeanCi(xs, 11));
    expect(bootstrapMeanCi(xs, 11)).not.toEqual(bootstrapMeanCi(xs, 12));
  });

  it('puts the sample mean inside its 95% interval, which narrows as the sample grows', () => {
    const small = sample(20, 5);
    const large = sample(500, 5);
    for (const xs of [small, large]) {
      const [lo, hi] = bootstrapMeanCi(xs, 1)!;
      expect(lo).toBeLessThan(mean(xs)!);
      expect(hi).toBeGreaterThan(mean(xs)!);
    }
    const width = (xs: number[]) => {
      const [lo, hi] = bootstrapMeanCi(xs, 1)!;
      return hi - lo;
    };
    expect(width(large)).toBeLessThan(width(small));
  });

  it('gives a policy paired with itself a difference of exactly zero and an interval of [0, 0]', () => {
    const is = new Map(sample(30, 9).map((x, i) => [i, x] as [number, number]));
    const diffs = pairedDifferences(is, is);
    expect(diffs).toHaveLength(30);
    expect(diffs.every((d) => d === 0)).toBe(true);
    expect(bootstrapMeanCi(diffs, 4)).toEqual([0, 0]);
  });

  it('pairs by order, baseline minus candidate, skipping orders one side lacks', () => {
    const twap = new Map([
      [0, 10],
      [1, 4],
      [2, 7],
    ]);
    const policy = new Map([
      [2, 9],
      [0, 6],
    ]);
    expect(pairedDifferences(twap, policy)).toEqual([4, -2]);
  });

  it('computes mean, median and sample standard deviation', () => {
    expect(mean([1, 2, 3, 10])).toBe(4);
    expect(median([10, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(stdDev([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(stdDev([1])).toBeNull();
    expect(mean([])).toBeNull();
  });

  it('counts failed runs in n and failed instead of dropping them', () => {
    const run = (policy: 'twap' | 'is', order: number, isBps: number | null): BacktestRun => ({
      policy,
      order,
      side: 'buy',
      quantity: '1',
      horizonMs: 60_000,
      slices: 3,
      urgency: 0.5,
      state: isBps === null ? 'FAILED_TO_RUN' : 'COMPLETE',
      isBps,
      filledQuantity: isBps === null ? '0' : '1',
      fillRate: isBps === null ? null : 1,
      participation: null,
      spreadCaptureBps: null,
      fallbackSlices: 0,
      fallbackRate: 0,
      venueViolations: 0,
    });
    const [twap, is] = summarise(
      [run('twap', 0, 5), run('twap', 1, 3), run('is', 0, 2), run('is', 1, null)],
      ['twap', 'is'],
      1,
    );
    expect(twap!.vsTwap).toEqual({ pairs: 2, meanDiffBps: 0, ci95: [0, 0] });
    expect(is).toMatchObject({ n: 2, filled: 1, failed: 1, meanIsBps: 2 });
    expect(is!.vsTwap).toMatchObject({ pairs: 1, meanDiffBps: 3 });
  });
});

describe('backtest orders', () => {
  const spec = {
    count: 50,
    seed: 8,
    sizeAdv: [0.0005, 0.005] as [number, number],
    horizonMs: [5 * 60_000, 2 * 3_600_000] as [number, number],
    adv: 100_000,
    qtyStep: '0.001',
    minQty: '0.001',
    maxParticipation: 0.08,
    warmUpMs: [10_000, 30_000] as [number, number],
  };

  it('draws the same orders from the same seed and others from another', () => {
    expect(generateOrders(spec)).toEqual(generateOrders(spec));
    expect(generateOrders({ ...spec, seed: 9 })).not.toEqual(generateOrders(spec));
  });

  it('keeps every order within its ranges and cuts sizes the horizon cannot absorb', () => {
    const orders = generateOrders(spec);
    expect(new Set(orders.map((o) => o.side))).toEqual(new Set(['BUY', 'SELL']));
    for (const o of orders) {
      expect(o.horizonMs).toBeGreaterThanOrEqual(spec.horizonMs[0]);
      expect(o.horizonMs).toBeLessThanOrEqual(spec.horizonMs[1]);
      expect(o.sizeAdv).toBeGreaterThanOrEqual(spec.sizeAdv[0]);
      expect(o.sizeAdv).toBeLessThanOrEqual(spec.sizeAdv[1]);
      const feasible = (spec.maxParticipation * spec.adv * o.horizonMs) / 86_400_000;
      expect(Number(o.quantity)).toBeLessThanOrEqual(feasible + 1e-9);
      expect(o.capped).toBe(o.sizeAdv * spec.adv > feasible);
      expect(o.quantity).toMatch(/^\d+\.\d{3}$/);
      expect(o.warmUpMs).toBeGreaterThanOrEqual(10_000);
      expect(o.warmUpMs).toBeLessThanOrEqual(30_000);
    }
    expect(orders.some((o) => o.capped)).toBe(true);
    expect(orders.some((o) => !o.capped)).toBe(true);
  });

  it('rounds quantities down to the step without float noise and never below the minimum', () => {
    expect(toStep(1.23456, '0.001', '0.001')).toBe('1.234');
    expect(toStep(0.29999999, '0.1', '0.1')).toBe('0.2');
    expect(toStep(0.0001, '0.001', '0.001')).toBe('0.001');
    expect(toStep(12.9, '1', '1')).toBe('12');
  });
});
