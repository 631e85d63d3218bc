import { InvalidInputError } from './errors.js';

/** A pre-trade cost forecast in basis points of the arrival price, with an uncertainty band. */
export interface ImpactEstimateResult {
  bps: number;
  lowBps: number;
  highBps: number;
  model: string;
  reasoning: string;
}

/**
 * Empirical impact forecasts are good to roughly a factor of 1.5–2 (Tóth et al. 2011 report Y between 0.5
 * and 1.5 across markets), so the band is multiplicative rather than ±constant.
 */
export const DEFAULT_BAND_FACTOR = 1.5;

export function band(bps: number, factor = DEFAULT_BAND_FACTOR): { lowBps: number; highBps: number } {
  return bps >= 0
    ? { lowBps: bps / factor, highBps: bps * factor }
    : { lowBps: bps * factor, highBps: bps / factor };
}

export function nonNegative(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidInputError(field, `must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

export function positive(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidInputError(field, `must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

export const BPS = 10_000;
