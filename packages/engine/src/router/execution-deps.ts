import type { execution } from '@tranche/contracts';
import type {
  Clock,
  DecisionPort,
  EventSink,
  ImpactPort,
  LeasePort,
  Logger,
  MarketDataPort,
  OrderStore,
  RiskPort,
  VenuePort,
} from '../ports/index.js';
import type { RouterConfig } from './config.js';

/** Everything one parent's execution talks to: the router's ports and its configuration. */
export interface ExecutionDeps {
  clock: Clock;
  market: MarketDataPort;
  impact: ImpactPort;
  decision: DecisionPort;
  risk: RiskPort;
  venue: VenuePort;
  store: OrderStore;
  events: EventSink;
  /** Which router replica owns each parent; in one process, always this one. */
  leases: LeasePort;
  logger: Logger;
  config: RouterConfig;
}

/** An event's payload; the envelope (ids, times, sequence) is added when it is published. */
export type EventBody = Omit<
  execution.IExecutionEvent,
  'eventId' | 'correlationId' | 'causationId' | 'tsEvent' | 'tsInit' | 'sequence'
>;

/** Publishes an event in order and returns its id, so it can be named as the cause of the next one. */
export type Emit = (body: EventBody, causationId?: string) => string;

/** A wall-clock wait that never keeps the process alive on its own. */
export function wallTime(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
