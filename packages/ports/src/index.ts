import type { decision, execution, impact, marketdata, risk } from '@tranche/contracts';
import { TrancheError, type InstrumentRules, type RiskLimits } from '@tranche/execution-core';

/**
 * The system's side effects, each behind a small port. Real adapters (NATS,
 * Redis, Bybit) and in-process ones (for the embedded mode and tests)
 * implement the same interfaces, so the decision loop never knows which.
 * The venue adapter depends on this package alone, not on the router.
 */

/** The one clock: injected everywhere so time can be virtual in tests, replays and the demo. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after ms, or early (without error) when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Wall-clock time. Its sleeps never keep a process alive on their own. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

export const systemClock: Clock = new SystemClock();

export interface MarketDataPort {
  snapshot(symbol: string, deadlineMs: number): Promise<marketdata.MarketSnapshot>;
}

export interface ImpactPort {
  estimate(request: impact.ImpactRequest, deadlineMs: number): Promise<impact.ImpactEstimate>;
}

export interface DecisionPort {
  decide(request: decision.DecisionRequest, deadlineMs: number): Promise<decision.ExecutionDecision>;
  /** What the policy did for one parent (the model's share, calls, tokens, cost), when it keeps count. */
  stats?(parentId: string, deadlineMs: number): Promise<decision.LlmStats | undefined>;
}

export interface RiskPort {
  validate(request: risk.RiskRequest, deadlineMs: number): Promise<risk.RiskVerdict>;
  /** The limits the risk service runs with, so the router's local fallback applies the same ones. */
  limits(deadlineMs: number): Promise<RiskLimits>;
}

/** Bybit's spelling throughout: this is the venue's vocabulary. */
export type VenueSide = 'Buy' | 'Sell';
export type VenueOrderStatus = 'New' | 'PartiallyFilled' | 'Filled' | 'Cancelled' | 'Rejected';

export interface VenueOrderRequest {
  symbol: string;
  side: VenueSide;
  orderType: 'Market' | 'Limit';
  qty: string;
  price?: string;
  timeInForce: 'GTC' | 'IOC' | 'FOK' | 'PostOnly';
  orderLinkId: string;
}

export interface VenueFill {
  execId: string;
  orderLinkId: string;
  symbol: string;
  price: string;
  qty: string;
  fee: string;
  isMaker: boolean;
  tsMs: number;
}

export interface VenueOrderUpdate {
  orderLinkId: string;
  venueOrderId: string;
  symbol: string;
  status: VenueOrderStatus;
  cumExecQty: string;
  rejectReason?: string;
}

export interface VenueListener {
  onFill(fill: VenueFill): void;
  onOrderUpdate(update: VenueOrderUpdate): void;
}

/** The venue refused the order for good (bad parameters, insufficient balance): do not retry as is. */
export class VenueRejectedError extends TrancheError {
  declare readonly code: 'VENUE_REJECTED';
  constructor(
    readonly venueCode: string,
    message: string,
  ) {
    super('VENUE_REJECTED', message);
  }
}

/**
 * The outcome is unknown (timeout, 5xx, lost connection): the order may or may
 * not exist at the venue. The caller must look it up by orderLinkId before any retry.
 */
export class VenueAmbiguousError extends TrancheError {
  declare readonly code: 'VENUE_AMBIGUOUS';
  constructor(
    message: string,
    /** When the venue said when to come back (a rate limit's reset time), wait at least this long. */
    readonly retryAfterMs?: number,
  ) {
    super('VENUE_AMBIGUOUS', message);
  }
}

/** The venue refused our API key or signature: nothing will work until the configuration is fixed. */
export class VenueCredentialsError extends TrancheError {
  declare readonly code: 'VENUE_CREDENTIALS';
  constructor(message: string) {
    super('VENUE_CREDENTIALS', message);
  }
}

export interface VenuePort {
  instrument(symbol: string): Promise<InstrumentRules>;
  /** Resolves with the venue order id on acknowledgement; throws VenueRejectedError or VenueAmbiguousError. */
  submit(order: VenueOrderRequest): Promise<{ venueOrderId: string }>;
  cancel(symbol: string, orderLinkId: string): Promise<void>;
  /** The venue's view of one of our orders, or undefined when the venue has never seen it. */
  query(
    symbol: string,
    orderLinkId: string,
  ): Promise<(VenueOrderUpdate & { fills: VenueFill[] }) | undefined>;
  subscribe(listener: VenueListener): void;
}

/** Parent, child and fill state. Child orders are saved before they are sent. */
export interface OrderStore {
  /** Create unless a parent with the same client order id exists; returns the stored one either way. */
  createParent(parent: execution.ParentOrder): Promise<{ parent: execution.ParentOrder; created: boolean }>;
  saveParent(parent: execution.ParentOrder): Promise<void>;
  getParent(parentId: string): Promise<execution.ParentOrder | undefined>;
  saveChild(child: execution.ChildOrder): Promise<void>;
  getChildren(parentId: string): Promise<execution.ChildOrder[]>;
  /** Record a fill once; false when its exec id was already recorded. */
  addFill(fill: execution.Fill): Promise<boolean>;
  getFills(parentId: string): Promise<execution.Fill[]>;
  nextEventSequence(parentId: string): Promise<number>;
  /** The execution report a parent ended with, kept with it. */
  saveReport(parentId: string, report: execution.ExecutionReport): Promise<void>;
  getReport(parentId: string): Promise<execution.ExecutionReport | undefined>;
  /**
   * Where a running parent stands beyond its order, children and fills (its plan inputs, the next
   * slice, the pacing state), written before each slice so another process can carry on from it.
   */
  saveCheckpoint(parentId: string, checkpoint: string): Promise<void>;
  getCheckpoint(parentId: string): Promise<string | undefined>;
  /** Ids of the parents not yet ended (saveParent keeps the set as states change). */
  activeParents(): Promise<string[]>;
}

/** One replica's ownership of a parent: only it trades the parent while the lease lives. */
export interface ParentLease {
  parentId: string;
  owner: string;
  /** Grows with every grant: a write carrying an older token is refused (fencing). */
  token: number;
}

/** Who owns a parent, and for how long they have. */
export interface LeaseHolder {
  owner: string;
  token: number;
  /** Since the lease was granted to this owner. */
  ageMs: number;
}

/**
 * Ownership of parents across router replicas: a lease per parent, taken if free, renewed by its
 * owner, lost when not renewed in time. The store refuses writes under a lost lease.
 */
export interface LeasePort {
  /** This replica's name, as written in the leases it holds. */
  readonly owner: string;
  /** The lease, or undefined when another replica holds it. */
  acquire(parentId: string): Promise<ParentLease | undefined>;
  /** False when the lease was lost (expired, or taken by another replica). */
  renew(lease: ParentLease): Promise<boolean>;
  release(lease: ParentLease): Promise<void>;
  holder(parentId: string): Promise<LeaseHolder | undefined>;
}

/**
 * The order store could not be reached (Redis down or restarting). A parent that meets it stops where
 * it stands, and is taken over from its checkpoint once the store answers again.
 */
export class StoreUnavailableError extends TrancheError {
  declare readonly code: 'STORE_UNAVAILABLE';
  constructor(message: string) {
    super('STORE_UNAVAILABLE', `order store unavailable: ${message}`);
  }
}

/** A write refused because this replica no longer owns the parent: stop, write nothing more. */
export class LeaseLostError extends TrancheError {
  declare readonly code: 'LEASE_LOST';
  constructor(parentId: string) {
    super('LEASE_LOST', `parent ${parentId} is owned by another router now; this one stops trading it`);
  }
}

export interface EventSink {
  publish(event: execution.ExecutionEvent): Promise<void>;
}

/** Sliding-window order counter shared by risk replicas. */
export interface RateCounter {
  /** Count in the window ending now, without recording. */
  count(key: string, nowMs: number, windowMs: number): Promise<number>;
  /** Record one order if fewer than max are in the window; false when the limit is reached. */
  tryAcquire(key: string, nowMs: number, windowMs: number, max: number, member: string): Promise<boolean>;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
