/**
 * Bybit v5 private payloads (REST order/execution lists, private WebSocket `order` and
 * `execution` topics) and instrument rules, with Bybit's own field names and enum spellings. Only
 * `trading/parse.ts` reads these.
 */

/** Every `orderStatus` Bybit documents, plus the two the SDK types also list (`Created`, `Active`). */
export type BybitOrderStatus =
  | 'Created'
  | 'New'
  | 'PartiallyFilled'
  | 'Untriggered'
  | 'Triggered'
  | 'Active'
  | 'Filled'
  | 'Cancelled'
  | 'PartiallyFilledCanceled'
  | 'Deactivated'
  | 'Rejected';

/** An item of `/v5/order/realtime`, `/v5/order/history` or the private `order` topic (fields we read). */
export interface BybitOrder {
  orderId: string;
  orderLinkId: string;
  symbol: string;
  orderStatus: BybitOrderStatus;
  cumExecQty: string;
  rejectReason?: string;
  cancelType?: string;
  category?: string;
}

/** An item of `/v5/execution/list` or the private `execution` topic (fields we read). */
export interface BybitExecution {
  execId: string;
  orderId: string;
  orderLinkId: string;
  symbol: string;
  execPrice: string;
  execQty: string;
  execFee: string;
  execType: string;
  /** Milliseconds, as a string. */
  execTime: string;
  isMaker: boolean;
  category?: string;
}

/** A linear/inverse item of `/v5/market/instruments-info` (fields we read). */
export interface BybitLinearInstrument {
  symbol: string;
  status?: string;
  priceFilter: { tickSize: string; minPrice?: string; maxPrice?: string };
  lotSizeFilter: {
    qtyStep: string;
    minOrderQty: string;
    maxOrderQty: string;
    minNotionalValue?: string;
  };
}

/** Private stream frame: `{id, topic, creationTime, data: [...]}`. */
export interface BybitPrivateMessage<T> {
  id?: string;
  topic: string;
  creationTime?: number;
  data: T[];
}
