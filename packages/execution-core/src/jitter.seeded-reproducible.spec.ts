import { Dec } from './decimal.js';
import type { InstrumentRules } from './instrument-rules.js';
import { sumSlices } from './schedule.js';
import { twapSchedule } from './twap.js';

const BTC: InstrumentRules = {
  symbol: 'BTCUSDT',
  tickSize: '0.1',
  qtyStep: '0.001',
  minOrderQty: '0.001',
  maxOrderQty: '1190',
  minNotional: '5',
};
const base = { quantity: '10.000', startMs: 1_700_000_000_000, horizonMs: 3_600_000, slices: 20, rules: BTC };

describe('seeded jitter', () => {
  it('is reproducible from the seed and differs across seeds', () => {
    const a = twapSchedule({ ...base, jitter: { seed: 7 } });
    const b = twapSchedule({ ...base, jitter: { seed: 7 } });
    const c = twapSchedule({ ...base, jitter: { seed: 8 } });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('moves sizes within ±20% (plus the conservation correction) and times within ±30% of the interval', () => {
    const plain = twapSchedule(base);
    const j = twapSchedule({ ...base, jitter: { seed: 99 } });
    const interval = base.horizonMs / base.slices;
    let sizeMoved = false;
    j.forEach((s, i) => {
      const p = plain[i]!;
      const ratio = new Dec(s.quantity).div(p.quantity).toNumber();
      expect(ratio).toBeGreaterThan(0.75);
      expect(ratio).toBeLessThan(1.25);
      if (ratio !== 1) sizeMoved = true;
      expect(Math.abs(s.dueMs - p.dueMs)).toBeLessThanOrEqual(0.3 * interval + 1);
    });
    expect(sizeMoved).toBe(true);
    expect(sumSlices(j)).toBe('10');
  });

  it('zero fractions reproduce the plain schedule', () => {
    expect(twapSchedule({ ...base, jitter: { seed: 3, timingFraction: 0, sizeFraction: 0 } })).toEqual(
      twapSchedule(base),
    );
  });

  it('keeps every slice at or above the venue minimum even when slices sit right at it', () => {
    const rules = { ...BTC, minOrderQty: '0.100' };
    const s = twapSchedule({
      quantity: '1.050',
      startMs: 0,
      horizonMs: 100_000,
      slices: 10,
      rules,
      jitter: { seed: 5, sizeFraction: 0.5 },
    });
    for (const x of s) expect(new Dec(x.quantity).gte('0.1')).toBe(true);
    expect(sumSlices(s)).toBe('1.05');
  });
});
