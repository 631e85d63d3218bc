import { InvalidInputError } from './errors.js';
import { implementationShortfallBps } from './implementation-shortfall.js';
import type { Side } from './side.js';

/** A fill as TCA sees it: floats are fine here, this is measurement, not what goes to the venue. */
export interface TcaFill {
  price: number;
  quantity: number;
  /** Fee paid in quote currency (negative for a maker rebate). */
  fee: number;
  tsMs: number;
  isMaker: boolean;
  /** Mid price when the fill happened; needed for impact/timing split and spread capture. */
  midAtFill?: number;
  /** Quoted spread at the fill, bps of mid. */
  spreadBpsAtFill?: number;
}

/** A point on the market tape: a trade, or a bar with its VWAP or close as `price`. */
export interface TapePoint {
  tsMs: number;
  price: number;
  volume: number;
}

const sign = (side: Side): number => (side === 'BUY' ? 1 : -1);

function filledQty(fills: readonly TcaFill[]): number {
  return fills.reduce((a, f) => a + f.quantity, 0);
}

/** Average fill price against the arrival price, bps, positive = cost. */
export function arrivalSlippageBps(side: Side, arrivalPrice: number, fills: readonly TcaFill[]): number {
  return implementationShortfallBps(side, arrivalPrice, fills);
}

/** Market VWAP over [fromMs, toMs), or null when the tape has no volume there. */
export function intervalVwap(tape: readonly TapePoint[], fromMs: number, toMs: number): number | null {
  let pv = 0;
  let v = 0;
  for (const t of tape) {
    if (t.tsMs >= fromMs && t.tsMs < toMs) {
      pv += t.price * t.volume;
      v += t.volume;
    }
  }
  return v > 0 ? pv / v : null;
}

/** Our average price against the market VWAP of the same interval, bps, positive = we did worse. */
export function intervalVwapSlippageBps(
  side: Side,
  fills: readonly TcaFill[],
  tape: readonly TapePoint[],
  fromMs: number,
  toMs: number,
): number | null {
  const vwap = intervalVwap(tape, fromMs, toMs);
  if (vwap === null || filledQty(fills) === 0) return null;
  return implementationShortfallBps(side, vwap, fills);
}

export interface ParticipationResult {
  realised: number;
  target: number;
  /** realised / target: above 1 means we were a bigger part of the market than planned. */
  ratio: number;
}

export function participation(filled: number, marketVolume: number, targetRate: number): ParticipationResult {
  if (!(marketVolume > 0)) throw new InvalidInputError('marketVolume', `must be > 0, got ${marketVolume}`);
  if (!(targetRate > 0)) throw new InvalidInputError('targetRate', `must be > 0, got ${targetRate}`);
  const realised = filled / marketVolume;
  return { realised, target: targetRate, ratio: realised / targetRate };
}

export function fillRate(filled: number, targetQty: number): number {
  if (!(targetQty > 0)) throw new InvalidInputError('targetQty', `must be > 0, got ${targetQty}`);
  return filled / targetQty;
}

/** Time from start to the fill that completed the order, or null if it never completed. */
export function completionTimeMs(
  startMs: number,
  fills: readonly TcaFill[],
  targetQty: number,
): number | null {
  const sorted = [...fills].sort((a, b) => a.tsMs - b.tsMs);
  let cum = 0;
  // A relative tolerance: float sums of decimal fills can miss the target by an ulp.
  const eps = targetQty * 1e-12;
  for (const f of sorted) {
    cum += f.quantity;
    if (cum >= targetQty - eps) return f.tsMs - startMs;
  }
  return null;
}

/**
 * Share of the half-spread earned on passive (maker) fills, quantity weighted: 1 = filled at our side of
 * the touch, 0 = at mid, negative = worse than mid. Null when there is no maker fill with a quote.
 */
export function spreadCapture(side: Side, fills: readonly TcaFill[]): number | null {
  let w = 0;
  let q = 0;
  for (const f of fills) {
    if (
      !f.isMaker ||
      f.midAtFill === undefined ||
      f.spreadBpsAtFill === undefined ||
      !(f.spreadBpsAtFill > 0)
    )
      continue;
    const half = (f.midAtFill * f.spreadBpsAtFill) / 20_000;
    w += ((sign(side) * (f.midAtFill - f.price)) / half) * f.quantity;
    q += f.quantity;
  }
  return q > 0 ? w / q : null;
}

export interface ShortfallDecomposition {
  /** Each component in quote currency, positive = cost; they sum to `total`. */
  delay: number;
  impact: number;
  timing: number;
  fees: number;
  opportunity: number;
  total: number;
  /** The same, in bps of the paper notional (decision price × target quantity). */
  bps: { delay: number; impact: number; timing: number; fees: number; opportunity: number; total: number };
}

/**
 * Perold's implementation shortfall against the decision price, split into:
 * delay (decision → arrival, on the executed quantity), impact (fill price vs mid at the fill: what our
 * own trading and the spread cost), timing (mid drift from arrival to each fill), fees, and opportunity
 * (the unfilled remainder valued at the final price). Fills without `midAtFill` put their whole
 * arrival slippage into impact.
 */
export function decomposeShortfall(input: {
  side: Side;
  decisionPrice: number;
  arrivalPrice: number;
  targetQty: number;
  finalPrice: number;
  fills: readonly TcaFill[];
}): ShortfallDecomposition {
  const { side, decisionPrice, arrivalPrice, targetQty, finalPrice, fills } = input;
  for (const [k, v] of Object.entries({ decisionPrice, arrivalPrice, targetQty, finalPrice })) {
    if (!(v > 0) || !Number.isFinite(v))
      throw new InvalidInputError(k, `must be a finite number > 0, got ${v}`);
  }
  const s = sign(side);
  const q = filledQty(fills);
  const delay = s * (arrivalPrice - decisionPrice) * q;
  let impact = 0;
  let timing = 0;
  let fees = 0;
  for (const f of fills) {
    const mid = f.midAtFill ?? arrivalPrice;
    impact += s * (f.price - mid) * f.quantity;
    timing += s * (mid - arrivalPrice) * f.quantity;
    fees += f.fee;
  }
  const opportunity = s * (finalPrice - decisionPrice) * Math.max(0, targetQty - q);
  const total = delay + impact + timing + fees + opportunity;
  const paper = decisionPrice * targetQty;
  const b = (x: number): number => (x / paper) * 10_000;
  return {
    delay,
    impact,
    timing,
    fees,
    opportunity,
    total,
    bps: {
      delay: b(delay),
      impact: b(impact),
      timing: b(timing),
      fees: b(fees),
      opportunity: b(opportunity),
      total: b(total),
    },
  };
}
