/**
 * mulberry32: a tiny, fast, seedable PRNG. Not cryptographic; used so that a jittered schedule can be
 * reproduced exactly from its seed in a backtest or an audit.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform in [-1, 1). */
export function symmetric(rand: () => number): number {
  return rand() * 2 - 1;
}
