/**
 * One generated run, as plain data: a parent order, the limits risk runs with, what the decision
 * policy answers, how the dependencies fail and how the venue misbehaves. Plain data shrinks to a
 * readable counterexample and can be pasted back as a deterministic test case.
 */

export type SymbolName = 'BTCUSDT' | 'ETHUSDT' | 'SOLUSDT';
export type Algorithm = 'TWAP' | 'VWAP' | 'IS' | 'POV' | 'ADAPTIVE';

export interface ParentSpec {
  symbol: SymbolName;
  side: 'BUY' | 'SELL';
  /** Quantity in lot steps of the symbol, so it is always on the step. */
  steps: number;
  horizonMs: number;
  /** 0 lets the router pick one slice a minute. */
  slices: number;
  algorithm: Algorithm;
  /** Anything, NaN and out of [0, 1] included: the router bounds it. */
  urgency: number;
  /** The parent's own limit price, as bps from the arrival mid (positive = above); none when absent. */
  limitPriceBps?: number;
  /** The parent's own cap on one child's notional. */
  maxOrderNotional?: string;
  maxParticipation?: number;
}

/** Limits the risk service (and the router's local fallback) runs with. */
export interface LimitsSpec {
  maxOrderNotional: string;
  maxOrdersPerMinutePerParent: number;
  minIntervalMs: number;
  maxPriceDeviationBps: number;
}

export type DecisionAction =
  | { kind: 'AGGRESSIVE'; limitOffsetBps: number }
  | { kind: 'PASSIVE'; offsetTicks: number }
  /** An explicit limit price this many bps from the request's mid, not rounded to the tick. */
  | { kind: 'PASSIVE_AT'; bpsFromMid: number }
  | { kind: 'WAIT'; durationMs: number }
  | { kind: 'ACCELERATE'; factor: number }
  | { kind: 'DECELERATE'; factor: number }
  | { kind: 'CANCEL'; reason: string }
  /** An answer with no action at all. */
  | { kind: 'NONE' };

export type DecisionStep =
  | {
      action: DecisionAction;
      impactAdjustment?: number;
      /** How long the answer says it stays valid; negative or huge values are the policy's mistakes. */
      validForMs: number;
      confidence: number;
    }
  | { fault: 'timeout' | 'error' };

export type CallFault = 'ok' | 'timeout' | 'error';

/**
 * What one send attempt meets: refused for good, lost before the venue, or accepted by the venue
 * with the answer lost on the way back (the last two are ambiguous to the router).
 */
export type SubmitFault = 'ok' | 'reject' | 'lost-before-venue' | 'lost-after-venue';

/**
 * What one cancel request meets: it fails (the order stays working), it works but the answer is
 * lost, or the resting order fills just before the cancel lands, so the fill is reported after it.
 */
export type CancelFault = 'ok' | 'fail' | 'lost' | 'fill-first';

/**
 * When a report on an order reaches the router: at once, a few event-loop turns later, only once
 * the router has asked to cancel or looked the order up, or only once time has moved on.
 */
export type Delivery = 'prompt' | 'turns' | 'after-cancel' | 'next-slice';

/** How the venue treats one child order (children are numbered in the order the venue first sees them). */
export interface ChildFaults {
  submits: SubmitFault[];
  /** Event-loop turns between the venue accepting an order and the router seeing the ack. */
  ackTurns: number;
  /** How much of a marketable order trades: all, part (the rest expires) or none. */
  executes: 'all' | 'part' | 'none';
  /** How much of a resting order trades while it rests. */
  restingFill: 'none' | 'part' | 'all';
  /** Each execution is reported in this many fills. */
  pieces: number;
  delivery: Delivery;
  /** Reports in venue order, the status before the fills, or shuffled by this seed. */
  order: 'venue' | 'status-first' | { shuffle: number };
  duplicated: boolean;
  cancels: CancelFault[];
}

export interface Scenario {
  seed: number;
  parent: ParentSpec;
  limits: LimitsSpec;
  /** Cycled: the n-th decision call gets decisions[n % length]. */
  decisions: DecisionStep[];
  /** Cycled per call, like decisions. */
  impactFaults: CallFault[];
  riskFaults: CallFault[];
  /** Child n meets venue[n]; children beyond the list meet a well-behaved venue. */
  venue: ChildFaults[];
  /**
   * 'independent': an order's reports can overtake one another (Bybit's order and execution
   * streams are separate sockets). 'in-order': each order's reports arrive as the venue made them.
   */
  streams: 'independent' | 'in-order';
  maxSendAttempts: number;
  /** The owner cancels the parent once this share of its horizon has passed; never when absent. */
  ownerCancelAtPercent?: number;
}

export const WELL_BEHAVED: ChildFaults = {
  submits: [],
  ackTurns: 0,
  executes: 'all',
  restingFill: 'none',
  pieces: 1,
  delivery: 'prompt',
  order: 'venue',
  duplicated: false,
  cancels: [],
};
