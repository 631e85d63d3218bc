import type { TickerUpdate } from './types.js';

/**
 * Linear tickers arrive as one snapshot then deltas carrying only changed fields; this keeps the
 * merged view. A snapshot replaces everything, so a field dropped by the venue does not linger.
 */
export class TickerState {
  markPrice: string | null = null;
  indexPrice: string | null = null;
  lastPrice: string | null = null;
  fundingRate: number | null = null;
  nextFundingTimeMs: number | null = null;
  openInterest: number | null = null;
  tsEvent = 0;

  apply(update: TickerUpdate): void {
    if (update.kind === 'snapshot') {
      this.markPrice = update.markPrice ?? null;
      this.indexPrice = update.indexPrice ?? null;
      this.lastPrice = update.lastPrice ?? null;
      this.fundingRate = update.fundingRate ?? null;
      this.nextFundingTimeMs = update.nextFundingTimeMs ?? null;
      this.openInterest = update.openInterest ?? null;
    } else {
      if (update.markPrice !== undefined) this.markPrice = update.markPrice;
      if (update.indexPrice !== undefined) this.indexPrice = update.indexPrice;
      if (update.lastPrice !== undefined) this.lastPrice = update.lastPrice;
      if (update.fundingRate !== undefined) this.fundingRate = update.fundingRate;
      if (update.nextFundingTimeMs !== undefined) this.nextFundingTimeMs = update.nextFundingTimeMs;
      if (update.openInterest !== undefined) this.openInterest = update.openInterest;
    }
    this.tsEvent = Math.max(this.tsEvent, update.tsEvent);
  }
}
