import type { DecimalString } from './decimal.js';
import type { InstrumentRules } from './instrument-rules.js';
import { type JitterOptions, jitterTimes, jitterUnits, resolveJitter } from './jitter.js';
import {
  allocateUnits,
  requireFinite,
  requirePositive,
  requirePositiveInt,
  type ScheduledSlice,
  type StepGrid,
  toStepGrid,
  unitsToQty,
} from './schedule.js';

export interface TwapInput {
  quantity: DecimalString;
  startMs: number;
  horizonMs: number;
  slices: number;
  rules: InstrumentRules;
  jitter?: JitterOptions;
  /** When given, slices are also kept above the venue's min notional at this price. */
  referencePrice?: number;
}

/**
 * Builds slices from per-bucket step units and bucket start times: drops empty buckets, then applies the
 * optional seeded jitter. Shared by every schedule that ends in "quantities at times".
 */
export function materialise(
  units: readonly number[],
  times: readonly number[],
  grid: StepGrid,
  startMs: number,
  endMs: number,
  jitter?: JitterOptions,
): ScheduledSlice[] {
  let u: number[] = [];
  let t: number[] = [];
  for (let i = 0; i < units.length; i++) {
    if ((units[i] ?? 0) > 0) {
      u.push(units[i] ?? 0);
      t.push(times[i] ?? startMs);
    }
  }
  if (jitter !== undefined) {
    const j = resolveJitter(jitter);
    u = jitterUnits(u, grid.minUnits, j.rand, j.size);
    t = jitterTimes(t, startMs, endMs, j.rand, j.timing);
  }
  return u.map((x, index) => ({ index, dueMs: t[index] ?? startMs, quantity: unitsToQty(x, grid) }));
}

/**
 * Equal slices at equal intervals. If `slices` equal parts would fall below the venue minimum, fewer,
 * larger slices are used (evenly spread over the same window) rather than unsendable ones.
 */
export function twapSchedule(input: TwapInput): ScheduledSlice[] {
  const startMs = requireFinite(input.startMs, 'startMs');
  const horizonMs = requirePositive(input.horizonMs, 'horizonMs');
  const n0 = requirePositiveInt(input.slices, 'slices');
  const grid = toStepGrid(input.quantity, input.rules, input.referencePrice);
  const n = Math.max(1, Math.min(n0, Math.floor(grid.totalUnits / grid.minUnits)));
  const weights = new Array<number>(n).fill(1);
  const units = allocateUnits(weights, grid.totalUnits, grid.minUnits);
  const interval = horizonMs / n;
  const times = units.map((_, i) => startMs + Math.floor(i * interval));
  return materialise(units, times, grid, startMs, startMs + horizonMs, input.jitter);
}
