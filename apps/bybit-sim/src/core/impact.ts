import { SimConfigError } from './errors.js';

// A module-level alias: under jest's vm context every global lookup of `Math` goes through the
// context's global object, which made the hot numeric loops several times slower.
const M = Math;

/**
 * Permanent impact: how far our own executed flow moves the reference price of a symbol.
 *
 * Both models are functions of our cumulative signed executed quantity Q (base units) since the
 * start, not of each fill alone. For the square-root law this makes the shift path-independent:
 * a meta-order of total Q moves the price by Y*sigma*sqrt(|Q|/V)*P0 however it was sliced, which
 * is what the law describes (Almgren et al. 2005; Toth et al. 2011). Charging sqrt per child fill
 * would over-penalise slicing and bias the yardstick against the algorithms it measures.
 */
export type PermanentImpactConfig =
  | { model: 'sqrt'; y: number; dailyVolatility: number; dailyVolume: number }
  | { model: 'kyle'; lambda: number }
  | { model: 'none' };

export const DEFAULT_SQRT_Y = 0.7;

export class PermanentImpact {
  private q = 0;
  private p0: number | undefined;
  constructor(readonly config: PermanentImpactConfig) {
    if (config.model === 'sqrt') {
      if (!(config.dailyVolume > 0) || !(config.dailyVolatility >= 0) || !(config.y >= 0)) {
        throw new SimConfigError('sqrt impact needs y >= 0, dailyVolatility >= 0 and dailyVolume > 0');
      }
    }
  }

  /** Signed cumulative quantity of our fills (base units). */
  get cumulativeQty(): number {
    return this.q;
  }
  get referencePrice(): number | undefined {
    return this.p0;
  }

  /** Record a fill; `refPrice` (mid before the first fill) fixes P0 for the sqrt law. */
  onFill(signedQty: number, refPrice: number): void {
    if (this.p0 === undefined) this.p0 = refPrice;
    this.q += signedQty;
  }

  /** Price shift (quote units, signed) implied by cumulative flow Q. */
  static shiftFor(config: PermanentImpactConfig, q: number, p0: number): number {
    switch (config.model) {
      case 'none':
        return 0;
      case 'kyle':
        return config.lambda * q;
      case 'sqrt':
        return M.sign(q) * config.y * config.dailyVolatility * M.sqrt(M.abs(q) / config.dailyVolume) * p0;
    }
  }

  shift(): number {
    if (this.p0 === undefined) return 0;
    return PermanentImpact.shiftFor(this.config, this.q, this.p0);
  }
}

/**
 * Temporary impact: liquidity our taker orders removed from a price level, which refills
 * exponentially with half-life H (the resilience of Obizhaeva & Wang 2013). The visible size of
 * a level is max(0, source size - depletion(t)).
 */
export class Resilience {
  private readonly bid = new Map<number, { q: number; t: number }>();
  private readonly ask = new Map<number, { q: number; t: number }>();
  constructor(readonly halfLifeMs: number) {}

  private side(isBid: boolean): Map<number, { q: number; t: number }> {
    return isBid ? this.bid : this.ask;
  }

  depletion(isBid: boolean, tick: number, now: number): number {
    const m = this.side(isBid);
    const d = m.get(tick);
    if (!d) return 0;
    const q = this.halfLifeMs <= 0 ? 0 : d.q * M.pow(0.5, (now - d.t) / this.halfLifeMs);
    if (q < 1e-12) {
      m.delete(tick);
      return 0;
    }
    return q;
  }

  consume(isBid: boolean, tick: number, qty: number, now: number): void {
    const q = this.depletion(isBid, tick, now) + qty;
    this.side(isBid).set(tick, { q, t: now });
  }

  get empty(): boolean {
    return this.bid.size === 0 && this.ask.size === 0;
  }

  /** Forget fully refilled levels (called periodically to keep the maps small). */
  sweep(now: number): void {
    for (const isBid of [true, false]) {
      for (const tick of [...this.side(isBid).keys()]) this.depletion(isBid, tick, now);
    }
  }
}
