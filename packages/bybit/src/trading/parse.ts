/**
 * The only place where Bybit's private payloads become the router's venue types. Quantities and
 * prices are passed through as the venue's decimal strings, never through a float.
 */
import type { VenueFill, VenueOrderStatus, VenueOrderUpdate } from '@tranche/ports';
import type { InstrumentRules } from '@tranche/execution-core';
import type { BybitExecution, BybitLinearInstrument, BybitOrder, BybitOrderStatus } from './venue-types.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null;
}

function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

const STATUS: Record<BybitOrderStatus, VenueOrderStatus> = {
  Created: 'New',
  New: 'New',
  // Conditional orders are never placed by the router; should one appear it is still working.
  Untriggered: 'New',
  Triggered: 'New',
  Active: 'New',
  PartiallyFilled: 'PartiallyFilled',
  Filled: 'Filled',
  // In derivatives a Cancelled order may carry fills: cumExecQty says how much traded.
  Cancelled: 'Cancelled',
  PartiallyFilledCanceled: 'Cancelled',
  // A conditional order cancelled before it triggered.
  Deactivated: 'Cancelled',
  Rejected: 'Rejected',
};

/** Bybit `orderStatus` to the router's status; `undefined` for a spelling Bybit does not document. */
export function parseOrderStatus(status: unknown): VenueOrderStatus | undefined {
  if (typeof status !== 'string' || !Object.hasOwn(STATUS, status)) return undefined;
  return STATUS[status as BybitOrderStatus];
}

/** `EC_NoError` (and an empty string) is Bybit's way of saying there is no reason. */
function meaningfulReason(reason: unknown): string | undefined {
  return isNonEmptyString(reason) && reason !== 'EC_NoError' ? reason : undefined;
}

/**
 * Maps one order item (REST realtime/history list or the private `order` topic). `undefined` when
 * the item is not a readable order, so one odd item never hides the others in a frame.
 */
export function parseOrderUpdate(raw: unknown): VenueOrderUpdate | undefined {
  if (!isObject(raw)) return undefined;
  const o = raw as Partial<BybitOrder>;
  const status = parseOrderStatus(o.orderStatus);
  if (status === undefined || !isNonEmptyString(o.orderId) || !isNonEmptyString(o.symbol)) return undefined;
  if (typeof o.orderLinkId !== 'string') return undefined;
  const update: VenueOrderUpdate = {
    orderLinkId: o.orderLinkId,
    venueOrderId: o.orderId,
    symbol: o.symbol,
    status,
    cumExecQty: isNonEmptyString(o.cumExecQty) ? o.cumExecQty : '0',
  };
  const reason = meaningfulReason(o.rejectReason);
  if (reason !== undefined) update.rejectReason = reason;
  return update;
}

/**
 * Maps one execution item (REST execution list or the private `execution` topic) to a fill.
 * Only `execType: 'Trade'` is a fill of one of our orders; funding, settlement, ADL and
 * bankruptcy executions are position events, not order fills, and map to `undefined`.
 */
export function parseFill(raw: unknown): VenueFill | undefined {
  if (!isObject(raw)) return undefined;
  const e = raw as Partial<BybitExecution>;
  if (e.execType !== 'Trade') return undefined;
  if (!isNonEmptyString(e.execId) || !isNonEmptyString(e.symbol)) return undefined;
  if (!isNonEmptyString(e.execPrice) || !isNonEmptyString(e.execQty)) return undefined;
  const tsMs = Number(e.execTime);
  if (!Number.isFinite(tsMs)) return undefined;
  return {
    execId: e.execId,
    orderLinkId: typeof e.orderLinkId === 'string' ? e.orderLinkId : '',
    symbol: e.symbol,
    price: e.execPrice,
    qty: e.execQty,
    fee: isNonEmptyString(e.execFee) ? e.execFee : '0',
    isMaker: e.isMaker === true,
    tsMs,
  };
}

/** Maps a linear/inverse `instruments-info` item; `undefined` when a filter is missing. */
export function parseInstrumentRules(raw: unknown): InstrumentRules | undefined {
  if (!isObject(raw)) return undefined;
  const i = raw as Partial<BybitLinearInstrument>;
  const price = i.priceFilter;
  const lot = i.lotSizeFilter;
  if (!isNonEmptyString(i.symbol) || !isObject(price) || !isObject(lot)) return undefined;
  if (!isNonEmptyString(price.tickSize) || !isNonEmptyString(lot.qtyStep)) return undefined;
  if (!isNonEmptyString(lot.minOrderQty) || !isNonEmptyString(lot.maxOrderQty)) return undefined;
  return {
    symbol: i.symbol,
    tickSize: price.tickSize,
    qtyStep: lot.qtyStep,
    minOrderQty: lot.minOrderQty,
    maxOrderQty: lot.maxOrderQty,
    // Older payloads lack it; the venue still enforces its own minimum (110094).
    minNotional: isNonEmptyString(lot.minNotionalValue) ? lot.minNotionalValue : '0',
  };
}
