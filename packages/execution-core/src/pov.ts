import { Dec, type DecimalString, parseDecimal } from './decimal.js';
import { InvalidInputError } from './errors.js';
import { type InstrumentRules, roundQtyDown } from './instrument-rules.js';
import {
  mergeBelowMin,
  requireFinite,
  requirePositive,
  type ScheduledSlice,
  toStepGrid,
  unitsToQty,
} from './schedule.js';
import type { ScheduleWarning } from './vwap.js';
import { profileShare, type VolumeProfile } from './volume-profile.js';

export interface PovInput {
  quantity: DecimalString;
  startMs: number;
  rules: InstrumentRules;
  /** Target share of market volume, (0, 1]. */
  participationRate: number;
  /** Forecast market volume: a flat rate per minute, or a daily volume spread by a profile. */
  volumePerMinute?: number;
  profile?: VolumeProfile;
  dailyVolume?: number;
  /** Give up planning past this; the remainder is reported, not forced into the last bucket. */
  maxHorizonMs: number;
  bucketMs?: number;
}

export interface PovSchedule {
  slices: ScheduledSlice[];
  /** Quantity the forecast volume cannot absorb at this rate within maxHorizonMs ("0" if none). */
  unscheduledQty: DecimalString;
  /** Expected end of execution. */
  endMs: number;
  warnings: ScheduleWarning[];
}

function validateRate(rate: number): number {
  requirePositive(rate, 'participationRate');
  if (rate > 1) throw new InvalidInputError('participationRate', `must be in (0, 1], got ${rate}`);
  return rate;
}

/**
 * A participation-of-volume plan from a volume forecast: each bucket takes `rate` times its expected
 * volume until the order is done. The real-time POV child size comes from `povChildQuantity`.
 */
export function povSchedule(input: PovInput): PovSchedule {
  const rate = validateRate(input.participationRate);
  const startMs = requireFinite(input.startMs, 'startMs');
  const maxHorizonMs = requirePositive(input.maxHorizonMs, 'maxHorizonMs');
  const bucketMs = input.bucketMs === undefined ? 60_000 : requirePositive(input.bucketMs, 'bucketMs');
  const grid = toStepGrid(input.quantity, input.rules);
  const stepN = grid.step.toNumber();
  let bucketVolume: (from: number, to: number) => number;
  if (input.volumePerMinute !== undefined) {
    const v = requireFinite(input.volumePerMinute, 'volumePerMinute');
    if (v < 0) throw new InvalidInputError('volumePerMinute', 'must be >= 0');
    bucketVolume = (from, to) => (v * (to - from)) / 60_000;
  } else if (input.profile && input.dailyVolume !== undefined) {
    const dv = requirePositive(input.dailyVolume, 'dailyVolume');
    const profile = input.profile;
    bucketVolume = (from, to) => dv * profileShare(profile, from, to);
  } else {
    throw new InvalidInputError('volumePerMinute', 'give volumePerMinute, or profile with dailyVolume');
  }
  const units: number[] = [];
  const times: number[] = [];
  let cumVolume = 0;
  let cumUnits = 0;
  for (let from = startMs; from < startMs + maxHorizonMs && cumUnits < grid.totalUnits; from += bucketMs) {
    const to = Math.min(startMs + maxHorizonMs, from + bucketMs);
    cumVolume += bucketVolume(from, to);
    // Cumulative targets, so rounding down in one bucket is caught up in the next instead of being lost.
    const target = Math.min(grid.totalUnits, Math.floor((rate * cumVolume) / stepN + 1e-9));
    units.push(target - cumUnits);
    times.push(from);
    cumUnits = target;
  }
  const merged = mergeBelowMin(units, grid.minUnits);
  const planned = merged.reduce((a, b) => a + b, 0);
  // mergeBelowMin may carry a too-small tail backward; it never creates or destroys units.
  const slices: ScheduledSlice[] = [];
  let last = startMs;
  for (let i = 0; i < merged.length; i++) {
    const u = merged[i] ?? 0;
    if (u > 0) {
      slices.push({ index: slices.length, dueMs: times[i] ?? startMs, quantity: unitsToQty(u, grid) });
      last = (times[i] ?? startMs) + bucketMs;
    }
  }
  const left = grid.totalUnits - planned;
  const warnings: ScheduleWarning[] = [];
  if (left > 0) {
    warnings.push({
      code: 'SHORTFALL',
      message: `forecast volume absorbs only ${unitsToQty(planned, grid)} of ${input.quantity} at ${(rate * 100).toFixed(1)}% within ${maxHorizonMs / 60_000} min`,
    });
  }
  return {
    slices,
    unscheduledQty: left > 0 ? unitsToQty(left, grid) : '0',
    endMs: Math.min(last, startMs + maxHorizonMs),
    warnings,
  };
}

/**
 * Real-time POV: how much to send now so that our traded quantity keeps up with `rate` of the market
 * volume observed since the order started. Returns "0" when the gap is below the venue minimum.
 */
export function povChildQuantity(input: {
  observedVolume: number;
  participationRate: number;
  alreadyTraded: DecimalString;
  remaining: DecimalString;
  rules: InstrumentRules;
}): DecimalString {
  const rate = validateRate(input.participationRate);
  const vol = requireFinite(input.observedVolume, 'observedVolume');
  if (vol < 0) throw new InvalidInputError('observedVolume', 'must be >= 0');
  const traded = parseDecimal(input.alreadyTraded, 'alreadyTraded');
  const remaining = parseDecimal(input.remaining, 'remaining');
  let want = new Dec(rate).mul(vol).minus(traded);
  if (want.gt(remaining)) want = remaining;
  if (!want.gt(0)) return '0';
  const q = roundQtyDown(want.toFixed(), input.rules);
  return new Dec(q).lt(parseDecimal(input.rules.minOrderQty, 'minOrderQty')) ? '0' : q;
}
