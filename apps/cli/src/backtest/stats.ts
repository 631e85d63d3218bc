/**
 * The statistics of a backtest: plain functions over numbers, with every random draw taken from a
 * seeded generator so that the same seed gives the same intervals, byte for byte.
 */

/** A small, fast generator with a 32-bit state (mulberry32); uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Sample standard deviation (n - 1); null below two values, where it is not defined. */
export function stdDev(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs)!;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Linear interpolation between order statistics, as most statistics packages' default. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty sample');
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Baseline minus candidate for each pair both of which have a value, so positive means the
 * candidate cost less. Pairs are matched by key (the order), never by position, so a run missing
 * from one side cannot shift every later pair.
 */
export function pairedDifferences(
  baseline: ReadonlyMap<number, number>,
  candidate: ReadonlyMap<number, number>,
): number[] {
  const out: number[] = [];
  for (const [k, b] of [...baseline].sort((x, y) => x[0] - y[0])) {
    const c = candidate.get(k);
    if (c !== undefined) out.push(b - c);
  }
  return out;
}

/**
 * Percentile bootstrap interval of the mean: resample with replacement `resamples` times and take
 * the (1 - level) / 2 tails of the resampled means. A sample of zeros (a policy paired with itself)
 * gives exactly [0, 0].
 */
export function bootstrapMeanCi(
  xs: readonly number[],
  seed: number,
  level = 0.95,
  resamples = 2000,
): [number, number] | null {
  if (xs.length === 0) return null;
  const rand = seededRandom(seed);
  const means = new Array<number>(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[Math.floor(rand() * xs.length)]!;
    means[r] = s / xs.length;
  }
  means.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return [quantile(means, tail), quantile(means, 1 - tail)];
}
