import { InvalidInputError } from './errors.js';
import { implementationShortfallBps } from './implementation-shortfall.js';
import type { Side } from './side.js';
import type { TapePoint, TcaFill } from './tca.js';

export interface ShadowBaselineInput {
  side: Side;
  arrivalPrice: number;
  /** The baseline plan: quantity due at a time (e.g. a TWAP schedule with quantities as numbers). */
  plan: ReadonlyArray<{ dueMs: number; quantity: number }>;
  /** Market tape, sorted by time. */
  tape: readonly TapePoint[];
  /** Most of one tape point's volume the baseline may take (default 0.1). */
  maxParticipation?: number;
  /** Impact the baseline pays on a take of `quantity` from a point of `volume`, bps (default none). */
  impactBps?: (quantity: number, volume: number) => number;
  /** Taker fee in bps of notional (default 0). */
  feeBps?: number;
}

export interface ShadowBaselineResult {
  fills: TcaFill[];
  filledQty: number;
  unfilledQty: number;
  avgPrice: number | null;
  /** Arrival IS including fees, bps; null if nothing filled. */
  isBps: number | null;
}

/**
 * Replays a baseline schedule on the tape the real order saw: each slice trades from the first point at
 * or after its due time, taking at most `maxParticipation` of each point's volume and spilling into
 * later points. Deterministic, so the same tape always gives the same baseline cost.
 */
export function shadowBaseline(input: ShadowBaselineInput): ShadowBaselineResult {
  const maxPart = input.maxParticipation ?? 0.1;
  if (!(maxPart > 0 && maxPart <= 1)) throw new InvalidInputError('maxParticipation', 'must be in (0, 1]');
  if (!(input.arrivalPrice > 0)) throw new InvalidInputError('arrivalPrice', 'must be > 0');
  const feeBps = input.feeBps ?? 0;
  const s = input.side === 'BUY' ? 1 : -1;
  const capacity = input.tape.map((t) => t.volume * maxPart);
  const plan = [...input.plan].sort((a, b) => a.dueMs - b.dueMs);
  const fills: TcaFill[] = [];
  let unfilled = 0;
  let cursor = 0;
  for (const slice of plan) {
    let left = slice.quantity;
    while (cursor < input.tape.length && (input.tape[cursor]?.tsMs ?? Infinity) < slice.dueMs) cursor++;
    for (let i = cursor; i < input.tape.length && left > 1e-12; i++) {
      const point = input.tape[i];
      const cap = capacity[i] ?? 0;
      if (!point || cap <= 0) continue;
      const take = Math.min(left, cap);
      capacity[i] = cap - take;
      left -= take;
      const bps = input.impactBps ? input.impactBps(take, point.volume) : 0;
      const price = point.price * (1 + (s * bps) / 10_000);
      fills.push({
        price,
        quantity: take,
        fee: (price * take * feeBps) / 10_000,
        tsMs: point.tsMs,
        isMaker: false,
      });
    }
    unfilled += Math.max(0, left);
  }
  const filledQty = fills.reduce((a, f) => a + f.quantity, 0);
  if (filledQty === 0) return { fills, filledQty, unfilledQty: unfilled, avgPrice: null, isBps: null };
  const avgPrice = fills.reduce((a, f) => a + f.price * f.quantity, 0) / filledQty;
  const fees = fills.reduce((a, f) => a + f.fee, 0);
  const isBps =
    implementationShortfallBps(input.side, input.arrivalPrice, fills) +
    (fees / (input.arrivalPrice * filledQty)) * 10_000;
  return { fills, filledQty, unfilledQty: unfilled, avgPrice, isBps };
}

/** Value added by the live policy over the baseline, bps: positive = the live order was cheaper. */
export function valueAddBps(actualIsBps: number, baseline: ShadowBaselineResult): number | null {
  return baseline.isBps === null ? null : baseline.isBps - actualIsBps;
}
