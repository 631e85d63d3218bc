import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { EXECUTION_EVENTS_STREAM, eventTypes, type execution } from '@tranche/contracts';
import { decodeMessage } from '@tranche/transport';

/** The durable consumer every impact replica pulls from: each event reaches one of them. */
export const IMPACT_OBSERVATIONS_CONSUMER = 'impact-calibration';

const MS_TO_NANOS = 1_000_000;

/**
 * Create the impact service's durable consumer on the execution-event stream unless it exists. New,
 * it starts from the stream's first event, so a first deployment learns from the history kept.
 * Replicas starting together may race to create it: the loser finds it made.
 */
export async function ensureImpactObservationConsumer(
  nc: NatsConnection,
  durable = IMPACT_OBSERVATIONS_CONSUMER,
  options: { stream?: string; ackWaitMs?: number } = {},
): Promise<void> {
  const stream = options.stream ?? EXECUTION_EVENTS_STREAM;
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.consumers.info(stream, durable);
    return;
  } catch {
    // Missing: created below.
  }
  try {
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: (options.ackWaitMs ?? 30_000) * MS_TO_NANOS,
    });
  } catch (err) {
    await jsm.consumers.info(stream, durable).catch(() => {
      throw err;
    });
  }
}

export interface ImpactObservationFeedStats {
  /** Execution events pulled, of every kind. */
  delivered: number;
  /** ImpactObserved events handled and acknowledged. */
  observations: number;
  /** Payloads that are not an ExecutionEvent: terminated, never redelivered. */
  undecodable: number;
  /** Handler failures: the event was left for redelivery. */
  failures: number;
  lastError?: string;
}

/**
 * ImpactObserved events from the execution-event stream through a durable pull consumer shared by
 * every impact replica. An event is acknowledged only once the handler has returned (the
 * observation is stored); a failed one is negatively acknowledged and comes back after
 * `retryDelayMs`, to this replica or another. Events of other kinds are acknowledged at once.
 */
export class JetStreamImpactObservationFeed {
  readonly stats: ImpactObservationFeedStats = { delivered: 0, observations: 0, undecodable: 0, failures: 0 };
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private active = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: {
      durable?: string;
      stream?: string;
      retryDelayMs?: number;
      batch?: number;
    } = {},
  ) {}

  get running(): boolean {
    return this.active;
  }

  async start(
    handler: (observed: execution.IImpactObserved, event: execution.ExecutionEvent) => Promise<void>,
  ): Promise<void> {
    const durable = this.options.durable ?? IMPACT_OBSERVATIONS_CONSUMER;
    const stream = this.options.stream ?? EXECUTION_EVENTS_STREAM;
    await ensureImpactObservationConsumer(this.nc, durable, { stream });
    const consumer = await jetstream(this.nc).consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: this.options.batch ?? 50 });
    this.messages = messages;
    this.active = true;
    const retryDelayMs = this.options.retryDelayMs ?? 1000;
    this.loop = (async () => {
      try {
        for await (const m of messages) {
          this.stats.delivered++;
          let event: execution.ExecutionEvent;
          try {
            event = decodeMessage(eventTypes.executionEvent, m.data, m.headers, m.subject);
          } catch (err) {
            this.stats.undecodable++;
            this.stats.lastError = (err as Error).message;
            m.term('not an ExecutionEvent');
            continue;
          }
          if (!event.impactObserved) {
            m.ack();
            continue;
          }
          try {
            await handler(event.impactObserved, event);
            m.ack();
            this.stats.observations++;
          } catch (err) {
            this.stats.failures++;
            this.stats.lastError = (err as Error).message;
            m.nak(retryDelayMs);
          }
        }
      } finally {
        this.active = false;
      }
    })();
  }

  /** Stops pulling and waits for the event in hand to be handled and acknowledged. */
  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop?.catch(() => undefined);
  }
}
