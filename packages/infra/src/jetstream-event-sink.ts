import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  EXECUTION_EVENTS_STREAM,
  EXECUTION_EVENTS_SUBJECTS,
  eventTypes,
  executionEventSubject,
  type execution,
} from '@tranche/contracts';
import type { EventSink } from '@tranche/engine';
import { encodeMessage } from '@tranche/transport';

/** Create the execution-event stream if it is missing; an existing stream is left as configured. */
export async function ensureExecutionEventStream(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(EXECUTION_EVENTS_STREAM);
  } catch {
    await jsm.streams.add({
      name: EXECUTION_EVENTS_STREAM,
      subjects: [EXECUTION_EVENTS_SUBJECTS],
      max_age: 7 * 86_400 * 1e9,
    });
  }
}

/**
 * Publishes execution events to JetStream and waits for the stream's ack, so
 * an event is only considered sent once stored. The event id is the message
 * id: a re-publish after a lost ack is dropped by the stream's de-duplication.
 */
export class JetStreamEventSink implements EventSink {
  private readonly js: JetStreamClient;

  constructor(nc: NatsConnection) {
    this.js = jetstream(nc);
  }

  async publish(event: execution.ExecutionEvent): Promise<void> {
    const { data, headers } = encodeMessage(eventTypes.executionEvent, event);
    await this.js.publish(executionEventSubject(event.correlationId), data, {
      msgID: event.eventId,
      headers,
    });
  }
}
