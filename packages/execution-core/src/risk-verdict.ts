import {
  bookWalkCost,
  depthCapUnits,
  depthOfLevels,
  formatScaledPlain,
  oppositeLevelsBestFirst,
  type BookLevel,
  type BookWalk,
} from './book-walk.js';
import type { DecimalString } from './decimal.js';
import type { InstrumentRules } from './instrument-rules.js';
import type { RiskLimits } from './risk-limits.js';
import {
  cmpScaled,
  floorDivScaled,
  formatUnits,
  isMultipleScaled,
  mulScaled,
  scaled,
  type ScaledDecimal,
} from './scaled-decimal.js';
import type { Side } from './side.js';
import { hourlyVolatilityBps, REDUCING_MAX_FRACTION, type TradingState } from './trading-state.js';

export type RiskDecision = 'APPROVE' | 'CLAMP' | 'DENY';

/** A coded reason: `code` is stable for dashboards and alerts, `message` is for humans. */
export interface RiskReason {
  code: string;
  message: string;
}

export interface RiskVerdictResult {
  decision: RiskDecision;
  /** The quantity that may be sent: the proposal's on APPROVE, the clamped one on CLAMP, "0" on DENY. */
  quantity: DecimalString;
  reasons: RiskReason[];
  /** Set when the parent's implementation shortfall is beyond the IS alert: the parent should pause. */
  pauseParent?: boolean;
  /** What walking the opposite levels costs for the requested quantity; only when levels were given. */
  bookWalk?: BookWalk;
}

/** A ChildOrder the engine would like to send, before the risk check. */
export interface ChildOrderProposal {
  parentId: string;
  symbol: string;
  side: Side;
  quantity: DecimalString;
  limitPrice?: DecimalString;
  /** Current mid or last price, used for notional and the price band. */
  referencePrice: DecimalString;
  arrivalPrice: DecimalString;
  remainingQty: DecimalString;
  aggressive: boolean;
  /** The parent's own price limit: never buy above (sell below) it. */
  parentLimitPrice?: DecimalString;
}

/** Market and account state at the moment of the check; the clock comes in as `nowMs`. */
export interface RiskContext {
  nowMs: number;
  /** Orders for this symbol in the last minute, every parent together. */
  ordersInLastMinute: number;
  /** Orders of this parent in the last minute; undefined when not counted (the rule is then skipped). */
  parentOrdersInLastMinute?: number;
  /** When this parent's previous child was sent, on the same clock as `nowMs`. */
  lastOrderAtMs: number | null;
  spreadBps: number;
  /** Market volume over the participation window, in base units. */
  recentVolume: number;
  /** Realised volatility per square root of a day, bps, as snapshots carry it (the halt is hourly). */
  volatilityBps: number;
  /** The strictest of the global and the symbol's state (see strictestTradingState). */
  tradingState: TradingState;
  /** Implementation shortfall of the parent so far, bps (positive = cost). */
  currentIsBps?: number;
  /** The opposite side of the book (asks for a buy, bids for a sell); absent or empty = not known. */
  oppositeLevels?: readonly BookLevel[];
}

/** A child bigger than this multiple of the parent's remainder is a bug upstream, not something to clamp. */
const ABSURD_QTY_FACTOR = 10;

const DEC_RE = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** A decimal string as a float, or NaN when it is not a plain decimal (no exponent, no "Infinity"). */
function num(value: unknown): number {
  return typeof value === 'string' && DEC_RE.test(value) ? Number(value) : NaN;
}

function bad(n: number): boolean {
  return typeof n !== 'number' || !Number.isFinite(n) || n < 0;
}

function decimals(s: string): number {
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

/**
 * "qty is a multiple of step" on the decimal strings: scaled to integers in floats, which is exact while
 * both stay below 2^53; beyond that the BigInt form decides.
 */
function onStep(qty: string, step: string, Q: () => ScaledDecimal, ST: () => ScaledDecimal): boolean {
  const dp = Math.max(decimals(qty), decimals(step));
  if (dp <= 15) {
    const scale = 10 ** dp;
    const qi = Math.round(Number(qty) * scale);
    const si = Math.round(Number(step) * scale);
    if (Number.isSafeInteger(qi) && Number.isSafeInteger(si) && si > 0) return qi % si === 0;
  }
  return isMultipleScaled(Q(), ST());
}

/** Relative margin inside which float comparisons are not trusted and exact arithmetic decides. */
const CLOSE = 1e-12;

/**
 * The pre-trade risk check, a pure function. DENY rules are all evaluated so every breach is reported at
 * once; if none fires, size rules may CLAMP the quantity down to the largest multiple of qtyStep that
 * satisfies them all (DENY if that lands below the venue minimum).
 *
 * REDUCING lets only passive orders through (no crossing the spread while we wind down), each clamped
 * to REDUCING_MAX_FRACTION of what it asked for. An IS alert denies aggressive orders (do not chase a
 * price that has already run away), is only noted on passive ones, and on both sets `pauseParent`.
 *
 * With the opposite side's levels in the context, a child is also capped at `maxDepthShare` of the
 * first `depthLevels` of them, and the verdict carries the cost of walking them for the requested
 * quantity.
 *
 * Comparisons run on floats and fall back to exact scaled integers only when a value sits within 1e-12 of a limit, so
 * the common APPROVE path stays cheap enough for every tick while the boundary stays exact.
 */
export function evaluateRisk(
  p: ChildOrderProposal,
  limits: RiskLimits,
  ctx: RiskContext,
  rules: InstrumentRules,
): RiskVerdictResult {
  const deny: RiskReason[] = [];
  const note: RiskReason[] = [];

  const q = num(p.quantity);
  const ref = num(p.referencePrice);
  const arr = num(p.arrivalPrice);
  const rem = num(p.remainingQty);
  const limit = p.limitPrice === undefined ? undefined : num(p.limitPrice);
  const step = num(rules.qtyStep);
  const minQty = num(rules.minOrderQty);
  const maxQty = num(rules.maxOrderQty);
  const minNotional = num(rules.minNotional);
  const maxNotional = num(limits.maxOrderNotional);
  const parentLimit = p.parentLimitPrice === undefined ? undefined : num(p.parentLimitPrice);

  if (!(q > 0))
    deny.push({
      code: 'INVALID_QUANTITY',
      message: `quantity must be a decimal > 0, got ${JSON.stringify(p.quantity)}`,
    });
  if (!(ref > 0))
    deny.push({
      code: 'INVALID_PRICE',
      message: `referencePrice must be a decimal > 0, got ${JSON.stringify(p.referencePrice)}`,
    });
  if (!(arr > 0))
    deny.push({
      code: 'INVALID_PRICE',
      message: `arrivalPrice must be a decimal > 0, got ${JSON.stringify(p.arrivalPrice)}`,
    });
  if (limit !== undefined && !(limit > 0))
    deny.push({
      code: 'INVALID_PRICE',
      message: `limitPrice must be a decimal > 0, got ${JSON.stringify(p.limitPrice)}`,
    });
  if (parentLimit !== undefined && !(parentLimit > 0))
    deny.push({
      code: 'INVALID_PRICE',
      message: `parentLimitPrice must be a decimal > 0, got ${JSON.stringify(p.parentLimitPrice)}`,
    });
  if (!(rem >= 0))
    deny.push({
      code: 'INVALID_QUANTITY',
      message: `remainingQty must be a decimal >= 0, got ${JSON.stringify(p.remainingQty)}`,
    });
  if (p.side !== 'BUY' && p.side !== 'SELL')
    deny.push({ code: 'INVALID_SIDE', message: `side must be BUY or SELL, got ${JSON.stringify(p.side)}` });
  if (p.symbol !== rules.symbol)
    deny.push({
      code: 'SYMBOL_MISMATCH',
      message: `proposal is for ${p.symbol}, instrument rules for ${rules.symbol}`,
    });
  if (!(step > 0) || !(minQty >= 0) || !(maxQty > 0) || !(minNotional >= 0) || !(maxNotional >= 0)) {
    deny.push({
      code: 'INVALID_RULES',
      message: 'instrument rules or maxOrderNotional are not valid decimals',
    });
  }
  if (
    !Number.isFinite(ctx.nowMs) ||
    bad(ctx.ordersInLastMinute) ||
    (ctx.parentOrdersInLastMinute !== undefined && bad(ctx.parentOrdersInLastMinute)) ||
    bad(ctx.spreadBps) ||
    bad(ctx.recentVolume) ||
    bad(ctx.volatilityBps) ||
    (ctx.lastOrderAtMs !== null && !Number.isFinite(ctx.lastOrderAtMs)) ||
    (ctx.currentIsBps !== undefined && !Number.isFinite(ctx.currentIsBps))
  ) {
    deny.push({ code: 'INVALID_CONTEXT', message: 'market context has NaN, infinite or negative values' });
  }
  let levels: BookLevel[] = [];
  if (ctx.oppositeLevels && ctx.oppositeLevels.length > 0 && (p.side === 'BUY' || p.side === 'SELL')) {
    const checked = oppositeLevelsBestFirst(p.side, ctx.oppositeLevels);
    if (checked.ok) levels = checked.levels;
    else deny.push({ code: 'INVALID_CONTEXT', message: checked.message });
  }
  if (deny.length > 0) return { decision: 'DENY', quantity: '0', reasons: deny };

  // Every verdict from here on carries the pause flag and the book walk (withExtras), whatever the
  // decision: a denied child's parent may still need pausing, and the walk still informs the router.
  const isAlert = ctx.currentIsBps !== undefined && ctx.currentIsBps > limits.isAlertBps;
  const walk = levels.length > 0 ? bookWalkCost(p.side, levels, p.quantity) : undefined;

  if (ctx.tradingState === 'HALTED')
    deny.push({ code: 'TRADING_HALTED', message: 'trading is halted; no new orders' });
  else if (ctx.tradingState === 'REDUCING' && p.aggressive)
    deny.push({
      code: 'TRADING_REDUCING',
      message: 'trading is reducing; aggressive orders are denied, send it passive',
    });
  else if (ctx.tradingState !== 'ACTIVE' && ctx.tradingState !== 'REDUCING')
    deny.push({
      code: 'INVALID_CONTEXT',
      message: `unknown trading state ${JSON.stringify(ctx.tradingState)}`,
    });

  if (rem > 0 && q > rem * ABSURD_QTY_FACTOR)
    deny.push({
      code: 'ABSURD_QUANTITY',
      message: `quantity ${p.quantity} is over ${ABSURD_QTY_FACTOR}x the remaining ${p.remainingQty}`,
    });
  if (rem === 0)
    deny.push({ code: 'NOTHING_REMAINING', message: 'the parent order has no remaining quantity' });
  if (ctx.ordersInLastMinute >= limits.maxOrdersPerMinute)
    deny.push({
      code: 'MAX_ORDERS_PER_MINUTE',
      message: `${ctx.ordersInLastMinute} orders in the last minute for ${p.symbol} across all parents, limit ${limits.maxOrdersPerMinute} (the account's rate budget)`,
    });
  if (
    ctx.parentOrdersInLastMinute !== undefined &&
    ctx.parentOrdersInLastMinute >= limits.maxOrdersPerMinutePerParent
  )
    deny.push({
      code: 'MAX_PARENT_ORDERS_PER_MINUTE',
      message: `${ctx.parentOrdersInLastMinute} orders in the last minute for parent ${p.parentId}, limit ${limits.maxOrdersPerMinutePerParent}`,
    });
  if (ctx.lastOrderAtMs !== null && ctx.nowMs - ctx.lastOrderAtMs < limits.minIntervalMs)
    deny.push({
      code: 'MIN_INTERVAL',
      message: `${ctx.nowMs - ctx.lastOrderAtMs} ms since the parent's last order, minimum interval ${limits.minIntervalMs} ms`,
    });
  if (p.aggressive && ctx.spreadBps > limits.maxSpreadBpsAggressive)
    deny.push({
      code: 'MAX_SPREAD_AGGRESSIVE',
      message: `spread ${ctx.spreadBps.toFixed(2)} bps exceeds ${limits.maxSpreadBpsAggressive} bps for an aggressive order`,
    });
  const hourlyVol = hourlyVolatilityBps(ctx.volatilityBps);
  if (hourlyVol >= limits.volatilityHaltBps)
    deny.push({
      code: 'VOLATILITY_HALT',
      message: `hourly volatility ${hourlyVol.toFixed(1)} bps (${ctx.volatilityBps.toFixed(1)} bps daily-scaled) at or above the volatility halt ${limits.volatilityHaltBps} bps`,
    });

  const px = limit ?? ref;
  const devBps = (Math.abs(px - arr) / arr) * 10_000;
  if (devBps > limits.maxPriceDeviationBps)
    deny.push({
      code: 'MAX_PRICE_DEVIATION',
      message: `${limit !== undefined ? 'limit' : 'reference'} price ${px} is ${devBps.toFixed(1)} bps from arrival ${arr}, limit ${limits.maxPriceDeviationBps} bps`,
    });
  if (p.parentLimitPrice !== undefined) {
    const c = cmpScaled(scaled(p.limitPrice ?? p.referencePrice), scaled(p.parentLimitPrice));
    if (p.side === 'BUY' ? c > 0 : c < 0)
      deny.push({
        code: 'PARENT_LIMIT_PRICE',
        message: `${limit !== undefined ? 'limit' : 'reference'} price ${px} is ${p.side === 'BUY' ? 'above' : 'below'} the parent's limit price ${p.parentLimitPrice}`,
      });
  }

  if (isAlert) {
    const r = {
      code: 'IS_ALERT',
      message: `implementation shortfall ${ctx.currentIsBps!.toFixed(1)} bps above the alert level ${limits.isAlertBps} bps`,
    };
    if (p.aggressive) deny.push(r);
    else note.push(r);
  }
  // The IS alert rides along on a denial too: it is what tells the caller why to pause the parent.
  if (deny.length > 0)
    return withExtras({ decision: 'DENY', quantity: '0', reasons: [...deny, ...note] }, isAlert, walk);

  // Size rules. Each cap is compared in floats unless q is within CLOSE of it; there, and for the clamp
  // itself, exact scaled-integer arithmetic decides.
  const pxStr = p.limitPrice ?? p.referencePrice;
  // Exact values are parsed only when needed: the clear APPROVE path never builds a BigInt.
  let qS: ScaledDecimal | undefined;
  let pxS: ScaledDecimal | undefined;
  let stS: ScaledDecimal | undefined;
  const Q = (): ScaledDecimal => (qS ??= scaled(p.quantity));
  const PX = (): ScaledDecimal => (pxS ??= scaled(pxStr));
  const ST = (): ScaledDecimal => (stS ??= scaled(rules.qtyStep));
  const over = (cap: number, exact: () => boolean): boolean => {
    if (q > cap * (1 + CLOSE)) return true;
    if (q < cap * (1 - CLOSE)) return false;
    return exact();
  };
  const clamp: RiskReason[] = [];
  const caps: Array<() => bigint> = [];
  if (over(rem, () => cmpScaled(Q(), scaled(p.remainingQty)) > 0)) {
    caps.push(() => floorDivScaled(scaled(p.remainingQty), ST()));
    clamp.push({
      code: 'REMAINING_QTY',
      message: `quantity ${p.quantity} exceeds the remaining ${p.remainingQty}`,
    });
  }
  if (over(maxNotional / px, () => cmpScaled(mulScaled(Q(), PX()), scaled(limits.maxOrderNotional)) > 0)) {
    caps.push(() => floorDivScaled(scaled(limits.maxOrderNotional), mulScaled(PX(), ST())));
    clamp.push({
      code: 'MAX_ORDER_NOTIONAL',
      message: `notional ${(q * px).toFixed(2)} exceeds ${limits.maxOrderNotional}`,
    });
  }
  // The participation cap is defined as the exact product of the two numbers as written.
  const part = (): ScaledDecimal =>
    mulScaled(scaled(String(limits.maxParticipation)), scaled(String(ctx.recentVolume)));
  if (over(limits.maxParticipation * ctx.recentVolume, () => cmpScaled(Q(), part()) > 0)) {
    caps.push(() => floorDivScaled(part(), ST()));
    clamp.push({
      code: 'MAX_PARTICIPATION',
      message: `quantity ${p.quantity} is over ${(limits.maxParticipation * 100).toFixed(1)}% of recent volume ${ctx.recentVolume}`,
    });
  }
  if (over(maxQty, () => cmpScaled(Q(), scaled(rules.maxOrderQty)) > 0)) {
    caps.push(() => floorDivScaled(scaled(rules.maxOrderQty), ST()));
    clamp.push({ code: 'MAX_ORDER_QTY', message: `quantity exceeds the venue maximum ${rules.maxOrderQty}` });
  }
  if (levels.length > 0) {
    // Exact throughout: the book is only there when the caller sent it, so the fast path is unaffected.
    const depth = depthOfLevels(levels, limits.depthLevels);
    if (cmpScaled(Q(), mulScaled(scaled(String(limits.maxDepthShare)), depth)) > 0) {
      caps.push(() => depthCapUnits(levels, limits.depthLevels, limits.maxDepthShare, ST()));
      clamp.push({
        code: 'MAX_DEPTH_SHARE',
        message: `quantity ${p.quantity} is over ${(limits.maxDepthShare * 100).toFixed(1)}% of the first ${limits.depthLevels} ${p.side === 'BUY' ? 'ask' : 'bid'} levels (${formatScaledPlain(depth)} in total)`,
      });
    }
  }
  if (ctx.tradingState === 'REDUCING') {
    const half = (): bigint => floorDivScaled(mulScaled(Q(), scaled(REDUCING_MAX_FRACTION)), ST());
    caps.push(half);
    clamp.push({
      code: 'TRADING_REDUCING',
      message: `trading is reducing; a passive child may take at most ${Number(REDUCING_MAX_FRACTION) * 100}% of the ${p.quantity} it asked for`,
    });
  }
  if (clamp.length === 0) {
    if (onStep(p.quantity, rules.qtyStep, Q, ST))
      return withExtras({ decision: 'APPROVE', quantity: p.quantity, reasons: note }, isAlert, walk);
    clamp.push({
      code: 'QTY_STEP',
      message: `quantity ${p.quantity} is not a multiple of qtyStep ${rules.qtyStep}`,
    });
  }

  let units = floorDivScaled(Q(), ST());
  for (const cap of caps) {
    const c = cap();
    if (c < units) units = c;
  }
  const allowed: ScaledDecimal = { n: units * ST().n, s: ST().s };
  const allowedStr = formatUnits(units, ST());
  const out = [...clamp, ...note];
  if (units <= 0n || cmpScaled(allowed, scaled(rules.minOrderQty)) < 0) {
    return withExtras(
      {
        decision: 'DENY',
        quantity: '0',
        reasons: [
          ...out,
          {
            code: 'BELOW_MIN_QTY',
            message: `allowed quantity ${allowedStr} is below the venue minimum ${rules.minOrderQty}`,
          },
        ],
      },
      isAlert,
      walk,
    );
  }
  if (cmpScaled(mulScaled(allowed, PX()), scaled(rules.minNotional)) < 0) {
    return withExtras(
      {
        decision: 'DENY',
        quantity: '0',
        reasons: [
          ...out,
          {
            code: 'BELOW_MIN_NOTIONAL',
            message: `allowed notional ${(Number(allowedStr) * px).toFixed(2)} is below the venue minimum ${rules.minNotional}`,
          },
        ],
      },
      isAlert,
      walk,
    );
  }
  return withExtras({ decision: 'CLAMP', quantity: allowedStr, reasons: out }, isAlert, walk);
}

function withExtras(
  r: RiskVerdictResult,
  pauseParent: boolean,
  walk: BookWalk | undefined,
): RiskVerdictResult {
  if (pauseParent) r.pauseParent = true;
  if (walk) r.bookWalk = walk;
  return r;
}
