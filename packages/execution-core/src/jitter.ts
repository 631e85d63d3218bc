import { InvalidInputError } from './errors.js';
import { mulberry32, symmetric } from './rng.js';
import { requireFinite } from './schedule.js';

/**
 * Seeded randomisation of a schedule so that other participants cannot read our slicing from the tape.
 * Defaults: timing ±30% of the slice interval, size ±20% of the slice.
 */
export interface JitterOptions {
  seed: number;
  timingFraction?: number;
  sizeFraction?: number;
}

export const DEFAULT_TIMING_JITTER = 0.3;
export const DEFAULT_SIZE_JITTER = 0.2;

function fraction(value: number | undefined, dflt: number, field: string): number {
  if (value === undefined) return dflt;
  requireFinite(value, field);
  // Above 0.5 neighbouring slices could swap order (timing) or shrink to nothing (size).
  if (value < 0 || value > 0.5) throw new InvalidInputError(field, `must be in [0, 0.5], got ${value}`);
  return value;
}

/**
 * Jitters slice sizes (integer step units) while conserving the total exactly and keeping every slice
 * >= minUnits. The draw is consumed in a fixed order, so the same seed always gives the same schedule.
 */
export function jitterUnits(
  units: readonly number[],
  minUnits: number,
  rand: () => number,
  frac: number,
): number[] {
  const total = units.reduce((a, b) => a + b, 0);
  const out = units.map((u) => Math.max(minUnits, Math.round(u * (1 + frac * symmetric(rand)))));
  let diff = total - out.reduce((a, b) => a + b, 0);
  const n = out.length;
  // Spread the correction evenly rather than dumping it on one slice, which would undo the jitter bounds.
  while (diff !== 0) {
    if (diff > 0) {
      const each = Math.floor(diff / n);
      let extra = diff - each * n;
      for (let i = 0; i < n; i++) {
        const add = each + (extra > 0 ? 1 : 0);
        if (extra > 0) extra--;
        out[i] = (out[i] ?? 0) + add;
      }
      diff = 0;
    } else {
      let room = 0;
      for (const u of out) room += u - minUnits;
      if (room < -diff)
        throw new InvalidInputError('quantity', 'too small to keep every slice at the venue minimum');
      // Take from each slice in proportion to its headroom above the minimum; rounding leftovers loop.
      let need = -diff;
      for (let i = 0; i < n && need > 0; i++) {
        const head = (out[i] ?? 0) - minUnits;
        const take = Math.min(head, Math.max(1, Math.floor((head * -diff) / room)), need);
        out[i] = (out[i] ?? 0) - take;
        need -= take;
      }
      diff = -need;
    }
  }
  return out;
}

/**
 * Jitters due times by ±frac of each slice's own interval, clamped to [startMs, endMs) and kept in
 * order (a running max), so jitter never reorders or leaves the window.
 */
export function jitterTimes(
  dueMs: readonly number[],
  startMs: number,
  endMs: number,
  rand: () => number,
  frac: number,
): number[] {
  const out: number[] = [];
  let prev = startMs;
  for (let i = 0; i < dueMs.length; i++) {
    const t = dueMs[i] ?? startMs;
    const next = dueMs[i + 1] ?? endMs;
    const interval = Math.max(0, next - t);
    const j = Math.round(t + frac * interval * symmetric(rand));
    const clamped = Math.min(endMs - 1, Math.max(startMs, j, prev));
    out.push(clamped);
    prev = clamped;
  }
  return out;
}

export interface ResolvedJitter {
  rand: () => number;
  timing: number;
  size: number;
}

export function resolveJitter(j: JitterOptions): ResolvedJitter {
  requireFinite(j.seed, 'jitter.seed');
  return {
    rand: mulberry32(j.seed),
    timing: fraction(j.timingFraction, DEFAULT_TIMING_JITTER, 'jitter.timingFraction'),
    size: fraction(j.sizeFraction, DEFAULT_SIZE_JITTER, 'jitter.sizeFraction'),
  };
}
