import type { marketdata } from '@tranche/contracts';
import {
  adaptivePlan,
  classifyRegime,
  isSchedule,
  type JitterOptions,
  twapSchedule,
  vwapSchedule,
  type InstrumentRules,
  type MarketRegime,
  type ScheduledSlice,
  type Side,
  type VolumeProfile,
} from '@tranche/execution-core';

export type BaselineAlgorithm = 'TWAP' | 'VWAP' | 'IS' | 'POV';
export type RequestedAlgorithm = BaselineAlgorithm | 'ADAPTIVE';

const DAY_MS = 86_400_000;
const MINUTES_PER_HOUR = 60;
/** The square-root law's prefactor used to size IS's impact coefficients (as the impact service's default). */
const SQRT_LAW_Y = 0.7;
/** Daily volatility assumed when the snapshot has none (as the impact service's default). */
const FALLBACK_DAILY_VOL = 0.03;

export interface BaselinePlanInput {
  algorithm: RequestedAlgorithm;
  side: Side;
  quantity: string;
  startMs: number;
  horizonMs: number;
  slices: number;
  rules: InstrumentRules;
  /** The market the plan is cut from: prices, volatility, volume, the intraday volume profile. */
  snapshot: marketdata.IMarketSnapshot;
  urgency: number;
  /** Largest share of market volume a parent may take (the risk limit); POV aims below it. */
  maxParticipation: number;
  /** The policy's multiplier on the impact model, in [0.5, 2]; it scales IS's impact coefficients. */
  impactAdjustment?: number;
  /**
   * For ADAPTIVE re-plans: the market since arrival (price move, the window it was measured over,
   * the volatility and spread at arrival); absent at acceptance.
   */
  regime?: { trendBps: number; windowMs: number; arrivalDailyVolatility: number; arrivalSpreadBps: number };
  /** Seeded randomisation of times and sizes, on any algorithm; absent for an exact schedule. */
  jitter?: JitterOptions;
}

export interface BaselinePlan {
  algorithm: BaselineAlgorithm;
  slices: ScheduledSlice[];
  reason: string;
  warnings: string[];
  /** POV: the share of observed volume to keep up with. */
  participation?: number;
  /** ADAPTIVE: the regime the algorithm was picked for. */
  regime?: MarketRegime;
}

/** The snapshot's hourly volume shares spread over the minutes of each hour, as schedules expect. */
export function profileFromSnapshot(snap: marketdata.IMarketSnapshot): VolumeProfile | null {
  const hourly = snap.intradayVolumeProfile ?? [];
  if (hourly.length !== 24 || !hourly.every((w) => w > 0)) return null;
  const weights: number[] = [];
  for (const share of hourly)
    for (let m = 0; m < MINUTES_PER_HOUR; m++) weights.push(share / MINUTES_PER_HOUR);
  return { weights, days: 1 };
}

function dailyVolume(snap: marketdata.IMarketSnapshot): number {
  return Number(snap.averageDailyVolume) || Number(snap.volume_1m || 0) * 1440;
}

/**
 * POV's target share of observed volume: a patient order takes 3%, an urgent one 10%, and never
 * more than the participation limit risk enforces.
 */
export function povParticipation(urgency: number, maxParticipation: number): number {
  const u = Math.min(1, Math.max(0, urgency));
  return Math.min(maxParticipation, 0.03 + 0.07 * u);
}

function isPlan(input: BaselinePlanInput, urgency: number): BaselinePlan {
  const snap = input.snapshot;
  const price = Number(snap.mid) || 0;
  const volFrac = (snap.dailyVolatility ?? 0) > 0 ? snap.dailyVolatility! : FALLBACK_DAILY_VOL;
  const qty = Number(input.quantity);
  const adv = dailyVolume(snap);
  const warnings: string[] = [];
  const T = input.horizonMs / DAY_MS;
  // Almgren-Chriss wants linear impact coefficients; they are sized so that trading the whole parent
  // evenly over the horizon costs what the square-root law says it would (Y·σ·P·sqrt(Q/V) a unit).
  const participation = adv > 0 ? qty / adv : 0.01;
  if (!(adv > 0)) warnings.push('no daily volume in the snapshot: impact sized for 1% of a day');
  const costPerUnit = SQRT_LAW_Y * volFrac * price * Math.sqrt(participation);
  const eta = Math.max(1e-12, ((input.impactAdjustment ?? 1) * costPerUnit * T) / Math.max(qty, 1e-12));
  const sigma = volFrac * price;
  const epsilon = (price * (snap.spreadBps ?? 0)) / 2 / 1e4;
  const plan = isSchedule({
    quantity: input.quantity,
    startMs: input.startMs,
    horizonMs: input.horizonMs,
    slices: input.slices,
    rules: input.rules,
    sigma: Math.max(sigma, 1e-9),
    eta,
    // Permanent impact a tenth of the temporary: it does not change the shape of the trade list much
    // and keeps eta − gamma·tau/2 positive.
    gamma: (0.1 * eta) / Math.max(T, 1e-9),
    epsilon,
    urgency,
    horizonUnitMs: DAY_MS,
    referencePrice: price || undefined,
    ...(input.jitter ? { jitter: input.jitter } : {}),
  });
  return {
    algorithm: 'IS',
    slices: plan.slices,
    reason: `Almgren-Chriss IS at urgency ${urgency.toFixed(2)} (risk aversion ${plan.riskAversion.toExponential(2)}) over ${plan.slices.length} slices`,
    warnings,
  };
}

function planFor(
  algorithm: BaselineAlgorithm,
  input: BaselinePlanInput,
  urgency: number,
  slices: number,
): BaselinePlan {
  const base = {
    quantity: input.quantity,
    startMs: input.startMs,
    horizonMs: input.horizonMs,
    slices,
    rules: input.rules,
    referencePrice: Number(input.snapshot.mid) || undefined,
    ...(input.jitter ? { jitter: input.jitter } : {}),
  };
  switch (algorithm) {
    case 'TWAP': {
      const s = twapSchedule(base);
      return { algorithm, slices: s, reason: `TWAP over ${s.length} slices`, warnings: [] };
    }
    case 'VWAP': {
      const v = vwapSchedule({ ...base, profile: profileFromSnapshot(input.snapshot) });
      const flat = v.warnings.some((w) => w.code === 'EMPTY_PROFILE');
      return {
        algorithm,
        slices: v.slices,
        reason: flat
          ? `VWAP over ${v.slices.length} slices, planned flat: market-data has no full-day volume profile yet`
          : `VWAP over ${v.slices.length} slices on market-data's intraday volume profile`,
        warnings: v.warnings.map((w) => `${w.code}: ${w.message}`),
      };
    }
    case 'IS':
      return isPlan({ ...input, slices }, urgency);
    case 'POV': {
      // The slices only set when the router wakes; how much each sends follows observed volume.
      const participation = povParticipation(urgency, input.maxParticipation);
      const s = twapSchedule(base);
      return {
        algorithm,
        slices: s,
        participation,
        reason: `POV at ${(participation * 100).toFixed(1)}% of observed volume, checked over ${s.length} slices`,
        warnings: [],
      };
    }
  }
}

/**
 * The baseline schedule a parent follows: the algorithm it asked for, or for ADAPTIVE the one the
 * market regime calls for (execution-core's classifyRegime and adaptivePlan).
 */
export function planBaseline(input: BaselinePlanInput): BaselinePlan {
  if (input.algorithm !== 'ADAPTIVE') return planFor(input.algorithm, input, input.urgency, input.slices);
  const snap = input.snapshot;
  const r = input.regime;
  // A trend is judged against the noise over the same window it built up in, not over a day.
  const window = Math.sqrt((r?.windowMs ?? DAY_MS) / DAY_MS);
  const volBps = ((snap.dailyVolatility ?? 0) || FALLBACK_DAILY_VOL) * 1e4 * window;
  const regime = classifyRegime({
    side: input.side,
    trendBps: r?.trendBps ?? 0,
    volatilityBps: volBps,
    typicalVolatilityBps: r ? (r.arrivalDailyVolatility || FALLBACK_DAILY_VOL) * 1e4 * window : volBps,
    spreadBps: snap.spreadBps ?? 0,
    typicalSpreadBps: r?.arrivalSpreadBps ?? snap.spreadBps ?? 0,
  });
  const chosen = adaptivePlan(regime, input.slices, input.urgency);
  const plan = planFor(chosen.algorithm, input, chosen.urgency, chosen.slices);
  return { ...plan, regime, reason: `ADAPTIVE: ${regime} → ${chosen.reason}; ${plan.reason}` };
}
