import fc from 'fast-check';
import { Dec } from './decimal.js';
import type { InstrumentRules } from './instrument-rules.js';
import { isSchedule } from './is-schedule.js';
import { povSchedule } from './pov.js';
import { type ScheduledSlice, sumSlices } from './schedule.js';
import { twapSchedule } from './twap.js';
import { buildVolumeProfile } from './volume-profile.js';
import { vwapSchedule } from './vwap.js';

/**
 * Invariants every schedule must hold for any quantity, slice count, window and jitter seed:
 * exact conservation, step multiples, nothing below the venue minimum, due times inside the window
 * and in order (so holdings fall monotonically).
 */
const rulesArb = fc
  .record({
    symbol: fc.constant('X'),
    tickSize: fc.constant('0.01'),
    qtyStep: fc.constantFrom('0.001', '0.01', '1', '0.00001'),
    minMult: fc.integer({ min: 1, max: 20 }),
    maxOrderQty: fc.constant('1000000000'),
    minNotional: fc.constant('0'),
  })
  .map(({ minMult, ...r }): InstrumentRules => ({
    ...r,
    minOrderQty: new Dec(r.qtyStep).mul(minMult).toFixed(),
  }));

const jitterArb = fc.option(
  fc.record({
    seed: fc.integer(),
    timingFraction: fc.double({ min: 0, max: 0.5, noNaN: true }),
    sizeFraction: fc.double({ min: 0, max: 0.5, noNaN: true }),
  }),
  { nil: undefined },
);

function checkInvariants(
  slices: ScheduledSlice[],
  quantity: string,
  rules: InstrumentRules,
  startMs: number,
  endMs: number,
): void {
  expect(new Dec(sumSlices(slices)).eq(quantity)).toBe(true);
  let prev = -Infinity;
  for (const s of slices) {
    expect(new Dec(s.quantity).mod(rules.qtyStep).isZero()).toBe(true);
    expect(new Dec(s.quantity).gte(rules.minOrderQty)).toBe(true);
    expect(s.dueMs).toBeGreaterThanOrEqual(startMs);
    expect(s.dueMs).toBeLessThan(endMs);
    expect(s.dueMs).toBeGreaterThanOrEqual(prev);
    prev = s.dueMs;
  }
  expect(slices.map((s) => s.index)).toEqual(slices.map((_, i) => i));
}

describe('schedule properties', () => {
  it('TWAP with or without jitter', () => {
    fc.assert(
      fc.property(
        rulesArb,
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 86_400_000 }),
        jitterArb,
        (rules, mult, n, horizonMs, jitter) => {
          const quantity = new Dec(rules.qtyStep).mul(mult).toFixed();
          fc.pre(new Dec(quantity).gte(rules.minOrderQty));
          const startMs = 1_700_000_000_000;
          const s = twapSchedule({ quantity, startMs, horizonMs, slices: n, rules, jitter });
          checkInvariants(s, quantity, rules, startMs, startMs + horizonMs);
        },
      ),
    );
  });

  it('VWAP on a random profile with or without jitter', () => {
    fc.assert(
      fc.property(
        rulesArb,
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1440, maxLength: 1440 }),
        jitterArb,
        (rules, mult, n, volumes, jitter) => {
          const quantity = new Dec(rules.qtyStep).mul(mult).toFixed();
          fc.pre(new Dec(quantity).gte(rules.minOrderQty));
          const day = Date.UTC(2024, 0, 2);
          const profile = buildVolumeProfile(volumes.map((v, i) => ({ tsMs: day + i * 60_000, volume: v })));
          const startMs = day + 23 * 3_600_000; // crosses midnight
          const r = vwapSchedule({
            quantity,
            startMs,
            horizonMs: 2 * 3_600_000,
            slices: n,
            rules,
            profile,
            jitter,
          });
          checkInvariants(r.slices, quantity, rules, startMs, startMs + 2 * 3_600_000);
        },
      ),
    );
  });

  it('IS at any urgency, and higher urgency puts more in the first slice', () => {
    fc.assert(
      fc.property(
        rulesArb,
        fc.integer({ min: 1000, max: 5_000_000 }),
        fc.integer({ min: 2, max: 100 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        jitterArb,
        (rules, mult, n, urgency, jitter) => {
          const quantity = new Dec(rules.qtyStep).mul(mult).toFixed();
          const startMs = 0;
          const p = {
            quantity,
            startMs,
            horizonMs: 3_600_000,
            horizonUnitMs: 3_600_000,
            slices: n,
            rules,
            sigma: 0.02,
            eta: 1e-3,
            gamma: 0,
            epsilon: 0,
          };
          const r = isSchedule({ ...p, urgency, jitter });
          checkInvariants(r.slices, quantity, rules, startMs, startMs + 3_600_000);
          if (jitter === undefined && urgency < 0.8) {
            const hotter = isSchedule({ ...p, urgency: urgency + 0.2 });
            // Only comparable when neither schedule had to merge slices up to the venue minimum.
            if (r.slices.length === n && hotter.slices.length === n) {
              expect(new Dec(hotter.slices[0]!.quantity).gte(r.slices[0]!.quantity)).toBe(true);
            }
          }
        },
      ),
    );
  });

  it('POV: planned plus unscheduled equals the order', () => {
    fc.assert(
      fc.property(
        rulesArb,
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1e5, noNaN: true }),
        (rules, mult, rate, vpm) => {
          const quantity = new Dec(rules.qtyStep).mul(mult).toFixed();
          fc.pre(new Dec(quantity).gte(rules.minOrderQty));
          const r = povSchedule({
            quantity,
            startMs: 0,
            rules,
            participationRate: rate,
            volumePerMinute: vpm,
            maxHorizonMs: 3_600_000,
          });
          expect(new Dec(sumSlices(r.slices)).plus(r.unscheduledQty).eq(quantity)).toBe(true);
          for (const s of r.slices) expect(new Dec(s.quantity).gte(rules.minOrderQty)).toBe(true);
          expect(r.warnings.length > 0).toBe(r.unscheduledQty !== '0');
        },
      ),
    );
  });
});
