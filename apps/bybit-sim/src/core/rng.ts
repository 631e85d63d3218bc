// A module-level alias: under jest's vm context every global lookup of `Math` goes through the
// context's global object, which made the hot numeric loops several times slower.
const M = Math;
/** Seeded PRNG (mulberry32) so synthetic markets and probabilistic faults are reproducible. */
export class Rng {
  private s: number;
  private spare: number | undefined;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = M.imul(t ^ (t >>> 15), t | 1);
    t ^= t + M.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const m = M.sqrt((-2 * M.log(s)) / s);
        this.spare = v * m;
        return u * m;
      }
    }
  }
  /** Student-t with `nu` degrees of freedom, scaled to unit variance (nu > 2). */
  studentT(nu: number): number {
    let chi = 0;
    for (let i = 0; i < nu; i++) {
      const z = this.normal();
      chi += z * z;
    }
    return (this.normal() / M.sqrt(chi / nu)) * M.sqrt((nu - 2) / nu);
  }
  /** Poisson count (Knuth for small means, normal approximation for large). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 50) return M.max(0, M.round(mean + M.sqrt(mean) * this.normal()));
    const l = M.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }
  exponential(mean: number): number {
    return -M.log(1 - this.next()) * mean;
  }
}
