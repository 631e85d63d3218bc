import { Dec, type InstrumentRules } from '@tranche/execution-core';
import type { marketdata } from '@tranche/contracts';
import type {
  Clock,
  VenueFill,
  VenueListener,
  VenueOrderRequest,
  VenueOrderUpdate,
  VenuePort,
} from '../ports/index.js';
import { VenueRejectedError } from '../ports/index.js';

interface PaperOrder extends VenueOrderUpdate {
  fills: VenueFill[];
}

/**
 * An in-memory venue that fills every order in full at the touch (buys at the
 * best ask, sells at the best bid) the moment it arrives, charging the taker
 * fee. It has no depth, no queue and no impact: it proves the plumbing, not
 * the cost. The Bybit v5 simulator is the venue for cost measurement.
 */
export class PaperVenue implements VenuePort {
  private readonly listeners: VenueListener[] = [];
  private readonly orders = new Map<string, PaperOrder>();
  private seq = 0;

  constructor(
    private readonly touch: (symbol: string) => Promise<marketdata.IMarketSnapshot>,
    private readonly instruments: ReadonlyMap<string, InstrumentRules>,
    private readonly clock: Clock,
    private readonly takerFeeRate = '0.00055',
  ) {}

  async instrument(symbol: string): Promise<InstrumentRules> {
    const r = this.instruments.get(symbol);
    if (!r) throw new VenueRejectedError('10001', `symbol ${symbol} is not listed on the paper venue`);
    return r;
  }

  subscribe(listener: VenueListener): void {
    this.listeners.push(listener);
  }

  async submit(order: VenueOrderRequest): Promise<{ venueOrderId: string }> {
    if (this.orders.has(order.orderLinkId))
      throw new VenueRejectedError('110072', `orderLinkId ${order.orderLinkId} is a duplicate`);
    const rules = await this.instrument(order.symbol);
    if (new Dec(order.qty).lt(rules.minOrderQty))
      throw new VenueRejectedError('110017', `qty ${order.qty} is below the minimum ${rules.minOrderQty}`);
    const snap = await this.touch(order.symbol);
    const price = order.side === 'Buy' ? snap.bestAsk : snap.bestBid;
    if (!price)
      throw new VenueRejectedError('10001', `no ${order.side === 'Buy' ? 'ask' : 'bid'} for ${order.symbol}`);
    const venueOrderId = `paper-${++this.seq}`;
    const limitBlocks =
      order.orderType === 'Limit' &&
      order.price !== undefined &&
      (order.side === 'Buy' ? new Dec(order.price).lt(price) : new Dec(order.price).gt(price));
    const o: PaperOrder = {
      orderLinkId: order.orderLinkId,
      venueOrderId,
      symbol: order.symbol,
      status: 'New',
      cumExecQty: '0',
      fills: [],
    };
    this.orders.set(order.orderLinkId, o);
    // Acknowledge first, then report, as a real venue does: the caller sees the ack before the fill events.
    setImmediate(() => {
      if (o.status !== 'New') return; // cancelled before it could trade
      if (order.timeInForce === 'PostOnly') {
        // A PostOnly order rests (and never trades here) unless it would take liquidity, in which
        // case the venue cancels it, as Bybit does.
        if (limitBlocks) {
          this.emitUpdate(o);
        } else {
          o.status = 'Cancelled';
          this.emitUpdate(o, 'EC_PostOnlyWillTakeLiquidity');
        }
        return;
      }
      if (limitBlocks) {
        // A limit away from the touch never trades here; an IOC one ends at once.
        o.status = order.timeInForce === 'GTC' ? 'New' : 'Cancelled';
        this.emitUpdate(o);
        return;
      }
      const fill: VenueFill = {
        execId: `${venueOrderId}-1`,
        orderLinkId: order.orderLinkId,
        symbol: order.symbol,
        price,
        qty: order.qty,
        fee: new Dec(price).times(order.qty).times(this.takerFeeRate).toFixed(8),
        isMaker: false,
        tsMs: this.clock.now(),
      };
      o.fills.push(fill);
      o.cumExecQty = order.qty;
      o.status = 'Filled';
      for (const l of this.listeners) l.onFill(fill);
      this.emitUpdate(o);
    });
    return { venueOrderId };
  }

  async cancel(_symbol: string, orderLinkId: string): Promise<void> {
    const o = this.orders.get(orderLinkId);
    if (!o || o.status === 'Filled' || o.status === 'Cancelled' || o.status === 'Rejected') return;
    o.status = 'Cancelled';
    this.emitUpdate(o);
  }

  async query(_symbol: string, orderLinkId: string) {
    const o = this.orders.get(orderLinkId);
    return o ? { ...o, fills: [...o.fills] } : undefined;
  }

  private emitUpdate(o: PaperOrder, rejectReason?: string) {
    const { fills: _fills, ...update } = o;
    for (const l of this.listeners)
      l.onOrderUpdate({ ...update, ...(rejectReason !== undefined ? { rejectReason } : {}) });
  }
}
