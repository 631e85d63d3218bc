import type { BookSide } from './book-side.js';
import type { RawLevel } from './types.js';

export interface BookDivergence {
  /**
   * sum |local(p) - reference(p)| / sum (local(p) + reference(p)) over every price in the compared
   * range of both sides: 0 when identical, 1 when no size is shared.
   */
  divergence: number;
  levelsCompared: number;
  /** Prices whose size differs (including present on one side only). */
  mismatchedLevels: number;
  bestBidMatches: boolean;
  bestAskMatches: boolean;
}

/**
 * Compares the local book with a reference snapshot (REST `/v5/market/orderbook`) over the best
 * `levels` of each side. Only prices inside the range covered by both books are compared, so a
 * deeper local book is not penalised for levels the reference did not return.
 */
export function compareBook(
  localBids: BookSide,
  localAsks: BookSide,
  refBids: readonly RawLevel[],
  refAsks: readonly RawLevel[],
  levels: number,
): BookDivergence {
  const bid = compareSide(localBids, refBids, levels);
  const ask = compareSide(localAsks, refAsks, levels);
  const denominator = bid.total + ask.total;
  return {
    divergence: denominator > 0 ? (bid.diff + ask.diff) / denominator : 0,
    levelsCompared: bid.compared + ask.compared,
    mismatchedLevels: bid.mismatched + ask.mismatched,
    bestBidMatches: bid.bestMatches,
    bestAskMatches: ask.bestMatches,
  };
}

function compareSide(
  local: BookSide,
  ref: readonly RawLevel[],
  levels: number,
): { diff: number; total: number; compared: number; mismatched: number; bestMatches: boolean } {
  const refN = Math.min(levels, ref.length);
  const localN = Math.min(levels, local.length);
  const refMap = new Map<number, number>();
  for (let i = 0; i < refN; i++) refMap.set(+ref[i]![0], +ref[i]![1]);
  // The worst price both books cover: beyond it one of them simply was not asked for more depth.
  const refWorst = refN > 0 ? +ref[refN - 1]![0] : NaN;
  const localWorst = localN > 0 ? local.priceAt(localN - 1) : NaN;
  const within = (p: number): boolean => {
    if (Number.isNaN(refWorst) || Number.isNaN(localWorst)) return true;
    return local.descending ? p >= Math.max(refWorst, localWorst) : p <= Math.min(refWorst, localWorst);
  };
  let diff = 0;
  let total = 0;
  let compared = 0;
  let mismatched = 0;
  const seen = new Set<number>();
  for (let i = 0; i < localN; i++) {
    const p = local.priceAt(i);
    if (!within(p)) continue;
    const l = local.sizeAt(i);
    const r = refMap.get(p) ?? 0;
    seen.add(p);
    compared++;
    diff += Math.abs(l - r);
    total += l + r;
    if (l !== r) mismatched++;
  }
  for (const [p, r] of refMap) {
    if (seen.has(p) || !within(p)) continue;
    compared++;
    mismatched++;
    diff += r;
    total += r;
  }
  const bestMatches =
    localN > 0 && refN > 0
      ? local.priceAt(0) === +ref[0]![0] && local.sizeAt(0) === +ref[0]![1]
      : localN === refN;
  return { diff, total, compared, mismatched, bestMatches };
}
