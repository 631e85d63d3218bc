import type { DecimalString } from './decimal.js';
import type { InstrumentRules } from './instrument-rules.js';
import type { JitterOptions } from './jitter.js';
import {
  allocateUnits,
  requireFinite,
  requirePositive,
  requirePositiveInt,
  type ScheduledSlice,
  toStepGrid,
} from './schedule.js';
import { materialise, twapSchedule } from './twap.js';
import { profileShare, type VolumeProfile } from './volume-profile.js';

export interface VwapInput {
  quantity: DecimalString;
  startMs: number;
  horizonMs: number;
  /** Number of buckets the window is cut into before weighting. */
  slices: number;
  rules: InstrumentRules;
  profile: VolumeProfile | null;
  jitter?: JitterOptions;
  referencePrice?: number;
}

export interface ScheduleWarning {
  code: 'EMPTY_PROFILE' | 'SHORTFALL';
  message: string;
}

export interface VwapSchedule {
  slices: ScheduledSlice[];
  warnings: ScheduleWarning[];
}

/**
 * Slices proportional to the expected volume in each bucket of the window. If the profile is missing
 * or has no volume in the window, falls back to TWAP and says so in `warnings`, because silently trading
 * evenly when the user asked for VWAP would misreport what was done.
 */
export function vwapSchedule(input: VwapInput): VwapSchedule {
  const startMs = requireFinite(input.startMs, 'startMs');
  const horizonMs = requirePositive(input.horizonMs, 'horizonMs');
  const n = requirePositiveInt(input.slices, 'slices');
  const grid = toStepGrid(input.quantity, input.rules, input.referencePrice);
  const interval = horizonMs / n;
  const times: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    const from = startMs + Math.floor(i * interval);
    const to = i === n - 1 ? startMs + horizonMs : startMs + Math.floor((i + 1) * interval);
    times.push(from);
    weights.push(input.profile ? profileShare(input.profile, from, to) : 0);
  }
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) {
    return {
      slices: twapSchedule({ ...input, startMs, horizonMs }),
      warnings: [
        {
          code: 'EMPTY_PROFILE',
          message: input.profile
            ? 'the volume profile has no volume in this window; fell back to TWAP'
            : 'no volume profile given; fell back to TWAP',
        },
      ],
    };
  }
  const units = allocateUnits(weights, grid.totalUnits, grid.minUnits);
  return {
    slices: materialise(units, times, grid, startMs, startMs + horizonMs, input.jitter),
    warnings: [],
  };
}
