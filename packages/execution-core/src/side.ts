export type Side = 'BUY' | 'SELL';

/** +1 for a buy, −1 for a sell: the sign that turns "price went up" into "cost went up". */
export function sideSign(side: Side): 1 | -1 {
  return side === 'BUY' ? 1 : -1;
}
