import { InvalidInputError } from './errors.js';

export const MINUTES_PER_DAY = 1440;
const MINUTE_MS = 60_000;

/** One 1-minute bar; only the open time and volume matter for the profile. */
export interface MinuteBar {
  /** Bar open time, ms since epoch, UTC. */
  tsMs: number;
  volume: number;
}

/**
 * Expected share of daily volume per UTC minute of day. Crypto trades 24/7: there is no open or close
 * auction, the profile has all 1440 minutes and wraps around midnight, and weekends are ordinary days
 * (kept in a separate profile when enough weekend data exists, because their volume is markedly lower).
 */
export interface VolumeProfile {
  /** 1440 weights summing to 1, or all zero when there was no volume. */
  weights: number[];
  weekendWeights?: number[];
  /** Distinct UTC days that contributed. */
  days: number;
}

function isWeekend(tsMs: number): boolean {
  const d = new Date(tsMs).getUTCDay();
  return d === 0 || d === 6;
}

function normalise(sums: number[]): number[] {
  const total = sums.reduce((a, b) => a + b, 0);
  return total > 0 ? sums.map((s) => s / total) : sums.map(() => 0);
}

/** Circular moving average over `window` minutes (odd), so midnight is smoothed like any other minute. */
export function smoothCircular(weights: readonly number[], window: number): number[] {
  if (window <= 1) return weights.slice();
  const half = Math.floor(window / 2);
  const n = weights.length;
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = -half; k <= half; k++) s += weights[(i + k + n) % n] ?? 0;
    out[i] = s / (2 * half + 1);
  }
  return normalise(out);
}

/**
 * Builds the profile by averaging each minute's share over the days seen. Bars with NaN or negative
 * volume are rejected rather than skipped: they mean the feed is broken.
 */
export function buildVolumeProfile(
  bars: readonly MinuteBar[],
  opts: { smoothMinutes?: number } = {},
): VolumeProfile {
  const weekday = new Array<number>(MINUTES_PER_DAY).fill(0);
  const weekend = new Array<number>(MINUTES_PER_DAY).fill(0);
  const days = new Set<number>();
  const weekendDays = new Set<number>();
  for (const b of bars) {
    if (!Number.isFinite(b.tsMs) || !Number.isFinite(b.volume) || b.volume < 0) {
      throw new InvalidInputError('bars', `bar at ${b.tsMs} has an invalid time or volume ${b.volume}`);
    }
    const day = Math.floor(b.tsMs / 86_400_000);
    const minute = Math.floor((b.tsMs - day * 86_400_000) / MINUTE_MS);
    days.add(day);
    if (isWeekend(b.tsMs)) {
      weekendDays.add(day);
      weekend[minute] = (weekend[minute] ?? 0) + b.volume;
    } else {
      weekday[minute] = (weekday[minute] ?? 0) + b.volume;
    }
  }
  const all = weekday.map((v, i) => v + (weekend[i] ?? 0));
  const smooth = opts.smoothMinutes ?? 1;
  const profile: VolumeProfile = { weights: smoothCircular(normalise(all), smooth), days: days.size };
  // Three weekend days is the least that averages out one unusual Saturday.
  if (weekendDays.size >= 3) profile.weekendWeights = smoothCircular(normalise(weekend), smooth);
  return profile;
}

/** Expected volume share of [fromMs, toMs), with partial minutes pro rata, wrapping over midnight. */
export function profileShare(profile: VolumeProfile, fromMs: number, toMs: number): number {
  let share = 0;
  let t = fromMs;
  while (t < toMs) {
    const minuteStart = Math.floor(t / MINUTE_MS) * MINUTE_MS;
    const end = Math.min(toMs, minuteStart + MINUTE_MS);
    const w = isWeekend(t) && profile.weekendWeights ? profile.weekendWeights : profile.weights;
    const minuteOfDay = (((minuteStart / MINUTE_MS) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
    share += ((w[minuteOfDay] ?? 0) * (end - t)) / MINUTE_MS;
    t = end;
  }
  return share;
}

/**
 * Parses LEAN minute trade bars ("ms since midnight,open,high,low,close,volume", no header) for the UTC
 * day starting at `dayStartMs`.
 */
export function parseLeanMinuteBars(csv: string, dayStartMs: number): MinuteBar[] {
  const out: MinuteBar[] = [];
  for (const line of csv.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const cols = line.split(',');
    const ms = Number(cols[0]);
    const volume = Number(cols[5]);
    if (cols.length < 6 || !Number.isFinite(ms) || !Number.isFinite(volume)) {
      throw new InvalidInputError('csv', `not a LEAN minute bar line: ${JSON.stringify(line.slice(0, 80))}`);
    }
    out.push({ tsMs: dayStartMs + ms, volume });
  }
  return out;
}
