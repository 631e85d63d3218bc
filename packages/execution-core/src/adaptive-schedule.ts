import { type AdaptivePlan, adaptivePlan, type MarketRegime } from './adaptive.js';
import type { DecimalString } from './decimal.js';
import type { InstrumentRules } from './instrument-rules.js';
import { isSchedule } from './is-schedule.js';
import type { JitterOptions } from './jitter.js';
import type { ScheduledSlice } from './schedule.js';
import { twapSchedule } from './twap.js';
import type { VolumeProfile } from './volume-profile.js';
import { type ScheduleWarning, vwapSchedule } from './vwap.js';

export interface AdaptiveScheduleInput {
  regime: MarketRegime;
  quantity: DecimalString;
  startMs: number;
  horizonMs: number;
  slices: number;
  urgency: number;
  rules: InstrumentRules;
  /** Almgren-Chriss parameters for the IS branch, in the time unit `horizonUnitMs`. */
  impact: { sigma: number; eta: number; gamma: number; epsilon: number; horizonUnitMs: number };
  profile?: VolumeProfile | null;
  jitter?: JitterOptions;
  referencePrice?: number;
}

export interface AdaptiveSchedule {
  plan: AdaptivePlan;
  slices: ScheduledSlice[];
  warnings: ScheduleWarning[];
}

/** Picks the algorithm for the regime (see `adaptivePlan`) and builds its venue-legal schedule. */
export function adaptiveSchedule(input: AdaptiveScheduleInput): AdaptiveSchedule {
  const plan = adaptivePlan(input.regime, input.slices, input.urgency);
  const base = {
    quantity: input.quantity,
    startMs: input.startMs,
    horizonMs: input.horizonMs,
    slices: plan.slices,
    rules: input.rules,
    jitter: input.jitter,
    referencePrice: input.referencePrice,
  };
  switch (plan.algorithm) {
    case 'IS':
      return {
        plan,
        slices: isSchedule({ ...base, ...input.impact, urgency: plan.urgency }).slices,
        warnings: [],
      };
    case 'VWAP': {
      const r = vwapSchedule({ ...base, profile: input.profile ?? null });
      return { plan, slices: r.slices, warnings: r.warnings };
    }
    case 'TWAP':
      return { plan, slices: twapSchedule(base), warnings: [] };
  }
}
