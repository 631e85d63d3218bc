import type { marketdata } from '@tranche/contracts';
import {
  Dec,
  roundPriceToTick,
  roundQtyDown,
  type DecisionAction,
  type InstrumentRules,
  type Side,
} from '@tranche/execution-core';
import type { VenueOrderRequest } from '../ports/index.js';

/** The concrete order one slice sends. */
export interface SlicePlan {
  quantity: string;
  orderType: 'Market' | 'Limit';
  timeInForce: VenueOrderRequest['timeInForce'];
  price?: string;
  aggressive: boolean;
}

export interface SlicePlanInput {
  action: DecisionAction | undefined;
  /** PASSIVE with an explicit limit price (validated inside the band) instead of a tick offset. */
  limitPrice?: number;
  /** AGGRESSIVE or PASSIVE with the policy's own child size instead of the baseline's. */
  quantity?: string;
  /** What the baseline schedule says to trade now (catching up on missed slices). */
  baseline: Dec;
  remaining: Dec;
  /** The last slice must trade: advice cannot push an order past its horizon. */
  isLast: boolean;
  snapshot: marketdata.IMarketSnapshot;
  rules: InstrumentRules;
  side: Side;
  symbol: string;
  /** Marketable limits never cross the touch by more than this. */
  maxSlippageBps: number;
  /** The parent's own limit price: no child is priced through it. */
  parentLimitPrice?: string;
}

/**
 * Turn the baseline and the policy's action into one concrete order, or the reason this slice sends
 * nothing. Quantities are rounded down to the lot step and prices to the tick with decimal
 * arithmetic; a quantity below the venue minimum waits for a later slice.
 */
export function planSlice(input: SlicePlanInput): SlicePlan | { skip: string } {
  const { action, baseline, remaining, isLast, snapshot: snap, rules, side } = input;
  let qty = baseline;
  let passiveTicks: number | undefined;
  let offsetBps = input.maxSlippageBps;
  switch (action?.kind) {
    case 'WAIT':
    case 'CANCEL':
      if (!isLast) return { skip: `decision ${action.kind}` };
      break;
    case 'ACCELERATE':
      qty = baseline.times(Math.max(1, action.factor));
      break;
    case 'DECELERATE':
      if (!isLast) qty = baseline.times(Math.min(1, Math.max(0, action.factor)));
      break;
    case 'PASSIVE':
      if (!isLast) passiveTicks = Math.max(0, action.offsetTicks);
      // The last slice must finish the parent: a smaller size of the policy's would leave a remainder.
      if (input.quantity !== undefined && !isLast) qty = new Dec(input.quantity);
      break;
    case 'AGGRESSIVE':
      offsetBps = Math.min(input.maxSlippageBps, Math.max(0, action.limitOffsetBps));
      if (input.quantity !== undefined && (!isLast || new Dec(input.quantity).gte(baseline)))
        qty = new Dec(input.quantity);
      break;
    default:
      break;
  }
  qty = Dec.min(qty, remaining);
  const rounded = roundQtyDown(qty.toFixed(), rules);
  if (new Dec(rounded).lt(rules.minOrderQty))
    return {
      skip: `quantity ${qty.toFixed()} is below the ${input.symbol} minimum ${rules.minOrderQty}: carried to a later slice`,
    };
  const bid = snap.bestBid;
  const ask = snap.bestAsk;
  if (!bid || !ask) return { skip: 'the snapshot has no best bid or ask' };
  if (passiveTicks !== undefined) {
    const tick = new Dec(rules.tickSize).times(passiveTicks);
    let price = side === 'BUY' ? new Dec(bid).minus(tick) : new Dec(ask).plus(tick);
    if (input.limitPrice !== undefined) {
      // The policy's own price, but never through the touch: a PostOnly order there would only be
      // cancelled by the venue, so it joins our side's best price instead.
      const asked = new Dec(
        roundPriceToTick(String(input.limitPrice), rules, side === 'BUY' ? 'down' : 'up'),
      );
      price = side === 'BUY' ? Dec.min(asked, bid) : Dec.max(asked, ask);
    }
    if (input.parentLimitPrice)
      price =
        side === 'BUY' ? Dec.min(price, input.parentLimitPrice) : Dec.max(price, input.parentLimitPrice);
    return {
      quantity: rounded,
      orderType: 'Limit',
      timeInForce: 'PostOnly',
      price: roundPriceToTick(price.toFixed(), rules, side === 'BUY' ? 'down' : 'up'),
      aggressive: false,
    };
  }
  // A marketable limit, not a market order: it takes liquidity but can never trade further than
  // offsetBps through the touch.
  const touch = new Dec(side === 'BUY' ? ask : bid);
  const factor = new Dec(1).plus(new Dec(offsetBps).div(1e4).times(side === 'BUY' ? 1 : -1));
  let through = touch.times(factor);
  // Capped at the parent's limit: the touch inside it still trades; beyond it risk would deny.
  if (input.parentLimitPrice)
    through =
      side === 'BUY' ? Dec.min(through, input.parentLimitPrice) : Dec.max(through, input.parentLimitPrice);
  const price = roundPriceToTick(through.toFixed(), rules, side === 'BUY' ? 'down' : 'up');
  return { quantity: rounded, orderType: 'Limit', timeInForce: 'IOC', price, aggressive: true };
}
