import { Dec, type DecimalString } from './decimal.js';

/**
 * Limits on a parent order as a whole, checked once when it is submitted. Child-level risk checks
 * bound each slice, but a parent far too large for the market would still be traded slice after
 * slice up to its horizon: these refuse it before the first child exists.
 */
export interface ParentLimits {
  /** Largest parent notional (quantity × arrival price), quote currency. */
  maxNotional: DecimalString;
  /** Largest parent quantity per symbol, base units; a symbol not listed has no quantity cap of its own. */
  maxQuantity: Readonly<Record<string, DecimalString>>;
  /** Largest parent as a share of the symbol's recent daily volume, in (0, 1]. */
  maxDailyVolumeShare: number;
}

/**
 * 10 million USDT is a large block for any desk; 5% of a day's volume is already a parent whose
 * own flow moves the market for hours, far past what a 10% participation cap lets finish in a day.
 */
export function defaultParentLimits(): ParentLimits {
  return { maxNotional: '10000000', maxQuantity: {}, maxDailyVolumeShare: 0.05 };
}

export type ParentLimitCode = 'PARENT_MAX_NOTIONAL' | 'PARENT_MAX_QUANTITY' | 'PARENT_MAX_DAILY_VOLUME_SHARE';

export interface ParentLimitBreach {
  code: ParentLimitCode;
  /** Names the limit, the value it was given and what the parent came to. */
  message: string;
}

export interface ParentLimitInput {
  symbol: string;
  quantity: DecimalString;
  /** The price the parent's notional is valued at (the arrival mid). */
  price: DecimalString;
  /** Recent daily volume in base units; 0 or absent when the market data has none. */
  dailyVolume?: number;
}

const fmt = (d: Dec | number): string =>
  Number(d).toLocaleString('en-US', { maximumFractionDigits: Number(d) < 1 ? 6 : 2 });

/** Every limit the parent breaks (empty when it is within all of them). */
export function checkParentLimits(input: ParentLimitInput, limits: ParentLimits): ParentLimitBreach[] {
  const breaches: ParentLimitBreach[] = [];
  const qty = new Dec(input.quantity);
  const notional = qty.times(input.price || '0');
  if (notional.gt(limits.maxNotional)) {
    breaches.push({
      code: 'PARENT_MAX_NOTIONAL',
      message: `parent notional ${fmt(notional)} exceeds the maximum parent notional ${fmt(new Dec(limits.maxNotional))}`,
    });
  }
  const maxQty = limits.maxQuantity[input.symbol];
  if (maxQty !== undefined && qty.gt(maxQty)) {
    breaches.push({
      code: 'PARENT_MAX_QUANTITY',
      message: `parent quantity ${input.quantity} exceeds the maximum parent quantity ${maxQty} for ${input.symbol}`,
    });
  }
  const adv = input.dailyVolume ?? 0;
  // Without a volume figure the share cannot be judged; the notional cap still holds.
  if (adv > 0 && qty.div(adv).gt(limits.maxDailyVolumeShare)) {
    breaches.push({
      code: 'PARENT_MAX_DAILY_VOLUME_SHARE',
      message:
        `parent quantity ${input.quantity} is ${fmt(qty.div(adv).times(100))}% of ${input.symbol}'s recent ` +
        `daily volume ${fmt(adv)}, above the maximum share ${fmt(limits.maxDailyVolumeShare * 100)}%`,
    });
  }
  return breaches;
}
