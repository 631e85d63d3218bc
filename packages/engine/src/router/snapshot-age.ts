import type { marketdata } from '@tranche/contracts';

/**
 * How old the book behind a snapshot is at nowMs. Market-data rebuilds snapshots on a cadence even
 * from a book that stopped moving, so the book's last applied update is the measure, with the build
 * time as the fallback for sources that do not say. 0 when the snapshot carries no time at all.
 */
export function snapshotAgeMs(snap: marketdata.IMarketSnapshot, nowMs: number): number {
  const updated = Number(snap.bookUpdatedAt ?? 0) || Number(snap.tsInit ?? 0) || 0;
  return updated > 0 ? Math.max(0, nowMs - updated) : 0;
}
