import type { ChildState } from './child-state.js';
import type { DecimalString } from './decimal.js';
import type { ChildFillState } from './fill.js';
import type { Side } from './side.js';

export type ChildOrderType = 'LIMIT' | 'MARKET';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PostOnly';

/** One slice sent to the venue on behalf of a ParentOrder. */
export interface ChildOrder extends ChildFillState {
  parentId: string;
  /** Our id, sent to Bybit as `orderLinkId` so the venue echoes it back. */
  clientOrderId: string;
  /** The venue's id once acknowledged. */
  venueOrderId?: string;
  symbol: string;
  side: Side;
  orderType: ChildOrderType;
  timeInForce: TimeInForce;
  limitPrice?: DecimalString;
  state: ChildState;
  createdAtMs: number;
  updatedAtMs: number;
  /** The coded reason when Denied (risk) or Rejected (venue). */
  reason?: string;
}
