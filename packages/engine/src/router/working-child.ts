import { childStateFromWire, type DomainChildState, type execution } from '@tranche/contracts';
import type { ChildFillState } from '@tranche/execution-core';

/** A child order this parent sent, as the router tracks it until it has ended at the venue. */
export interface WorkingChild {
  wire: execution.ChildOrder;
  fills: ChildFillState;
  venueCumQty: string;
  /** The venue has acknowledged it (ChildAccepted emitted). */
  accepted: boolean;
  /** Set when the router asked the venue to cancel it, and why. */
  cancelReason?: string;
  /** What the impact model predicted for it, to be set against what it cost once it ends. */
  impact?: ImpactContext;
  observed: boolean;
  done: () => void;
  finished: Promise<void>;
}

/** The prediction a child was sent with and the market it was made on. */
export interface ImpactContext {
  decisionMid: string;
  predictedBps: number;
  model: string;
  dailyVolume: number;
  dailyVolatility: number;
  spreadBps: number;
  bookWalkBps: number;
}

/** A child's state as its order says; PendingNew until it has one. */
export const stateOf = (c: WorkingChild): DomainChildState =>
  childStateFromWire(c.wire.state) ?? 'PendingNew';
