import { almgrenChriss, type AlmgrenChrissResult, urgencyToRiskAversion } from './almgren-chriss.js';
import type { DecimalString } from './decimal.js';
import { InvalidInputError } from './errors.js';
import type { InstrumentRules } from './instrument-rules.js';
import type { JitterOptions } from './jitter.js';
import {
  allocateUnits,
  requireFinite,
  requirePositive,
  type ScheduledSlice,
  toStepGrid,
} from './schedule.js';
import { materialise } from './twap.js';

export interface IsScheduleInput {
  quantity: DecimalString;
  startMs: number;
  horizonMs: number;
  slices: number;
  rules: InstrumentRules;
  /** Model parameters in the time unit `horizonUnitMs` (e.g. 86_400_000 for days). */
  sigma: number;
  eta: number;
  gamma: number;
  epsilon: number;
  /** Either an explicit lambda or an urgency in [0,1] (clamped) mapped through urgencyToRiskAversion. */
  riskAversion?: number;
  urgency?: number;
  horizonUnitMs: number;
  jitter?: JitterOptions;
  referencePrice?: number;
}

export interface IsSchedule {
  slices: ScheduledSlice[];
  model: AlmgrenChrissResult;
  riskAversion: number;
}

/**
 * An implementation-shortfall schedule: the Almgren-Chriss trade list turned into venue-legal slices
 * (exact decimal total, step multiples, nothing below the venue minimum).
 */
export function isSchedule(input: IsScheduleInput): IsSchedule {
  const startMs = requireFinite(input.startMs, 'startMs');
  const horizonMs = requirePositive(input.horizonMs, 'horizonMs');
  const unit = requirePositive(input.horizonUnitMs, 'horizonUnitMs');
  const grid = toStepGrid(input.quantity, input.rules, input.referencePrice);
  const horizon = horizonMs / unit;
  let lambda: number;
  if (input.riskAversion !== undefined) lambda = input.riskAversion;
  else if (input.urgency !== undefined) {
    lambda = urgencyToRiskAversion(input.urgency, { ...input, horizon, slices: input.slices });
  } else throw new InvalidInputError('riskAversion', 'give either riskAversion or urgency');
  const model = almgrenChriss({
    quantity: grid.totalUnits,
    sigma: input.sigma,
    eta: input.eta,
    gamma: input.gamma,
    epsilon: input.epsilon,
    riskAversion: lambda,
    horizon,
    slices: input.slices,
  });
  const units = allocateUnits(model.trades, grid.totalUnits, grid.minUnits);
  const interval = horizonMs / input.slices;
  const times = units.map((_, i) => startMs + Math.floor(i * interval));
  return {
    slices: materialise(units, times, grid, startMs, startMs + horizonMs, input.jitter),
    model,
    riskAversion: lambda,
  };
}
