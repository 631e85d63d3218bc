import {
  AckPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  type ConsumerMessages,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  EXECUTION_COMMANDS_STREAM,
  execution,
  QUEUED_SUBMIT_SUBJECT,
  queuedSubmitResultSubject,
  rpcTypes,
  Subjects,
} from '@tranche/contracts';
import type { Logger } from '@tranche/engine';
import { decodeMessage, encodeError, encodeMessage } from '@tranche/transport';

/** The durable consumer every router replica pulls queued submissions from. */
export const QUEUED_SUBMIT_CONSUMER = 'router-submit';
const NANOS = 1_000_000;
/** How long a client order id de-duplicates a queued submission. */
const DUPLICATE_WINDOW_MS = 24 * 3_600_000;
/** Refusals a retry cannot change: the submission is answered and removed. */
const FINAL_CODES = new Set(['BAD_REQUEST', 'LIMIT_EXCEEDED', 'NOT_FOUND']);

/** Create the command stream and its consumer unless they exist (replicas may race: the loser finds them). */
export async function ensureSubmitQueue(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.info(EXECUTION_COMMANDS_STREAM).catch(() =>
    jsm.streams
      .add({
        name: EXECUTION_COMMANDS_STREAM,
        subjects: [QUEUED_SUBMIT_SUBJECT],
        // A submission leaves the stream once a router has acknowledged it.
        retention: RetentionPolicy.Workqueue,
        duplicate_window: DUPLICATE_WINDOW_MS * NANOS,
      })
      .catch(() => jsm.streams.info(EXECUTION_COMMANDS_STREAM)),
  );
  await jsm.consumers.info(EXECUTION_COMMANDS_STREAM, QUEUED_SUBMIT_CONSUMER).catch(() =>
    jsm.consumers
      .add(EXECUTION_COMMANDS_STREAM, {
        durable_name: QUEUED_SUBMIT_CONSUMER,
        ack_policy: AckPolicy.Explicit,
        ack_wait: 30_000 * NANOS,
      })
      .catch(() => jsm.consumers.info(EXECUTION_COMMANDS_STREAM, QUEUED_SUBMIT_CONSUMER)),
  );
}

/**
 * Queue a submission: it is stored in JetStream before this resolves, whether or not a router runs,
 * and the same client order id queued again within a day is dropped as a duplicate.
 */
export async function queueSubmit(
  nc: NatsConnection,
  request: execution.SubmitParentOrderRequest,
): Promise<{ duplicate: boolean; seq: number }> {
  if (!request.clientOrderId) throw new Error('a queued submission needs a client order id');
  await ensureSubmitQueue(nc);
  const { data, headers } = encodeMessage(rpcTypes[Subjects.submitParent].request, request);
  const ack = await jetstream(nc).publish(QUEUED_SUBMIT_SUBJECT, data, {
    msgID: request.clientOrderId,
    headers,
  });
  return { duplicate: ack.duplicate, seq: ack.seq };
}

/**
 * Routers take queued submissions one at a time through a shared durable consumer: each is accepted
 * (or refused for good) and then acknowledged, and its outcome published on
 * `exec.v1.submit_result.<clientOrderId>`. A transient failure (market data or the venue down)
 * leaves it queued for another try. The client order id makes a redelivery after a crash harmless.
 */
export class JetStreamSubmitQueue {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
    private readonly retryDelayMs = 2000,
  ) {}

  async start(
    submit: (r: execution.SubmitParentOrderRequest) => Promise<execution.SubmitParentOrderResponse>,
  ) {
    await ensureSubmitQueue(this.nc);
    const consumer = await jetstream(this.nc).consumers.get(
      EXECUTION_COMMANDS_STREAM,
      QUEUED_SUBMIT_CONSUMER,
    );
    const messages = await consumer.consume({ max_messages: 1 });
    this.messages = messages;
    const types = rpcTypes[Subjects.submitParent];
    this.loop = (async () => {
      for await (const m of messages) {
        let request: execution.SubmitParentOrderRequest;
        try {
          request = decodeMessage(types.request, m.data, m.headers, m.subject);
        } catch {
          m.term('not a SubmitParentOrderRequest');
          continue;
        }
        const resultSubject = queuedSubmitResultSubject(request.clientOrderId || 'none');
        try {
          const res = await submit(request);
          const { data, headers } = encodeMessage(types.reply, res);
          this.nc.publish(resultSubject, data, { headers });
          m.ack();
        } catch (err) {
          const e = err as { code?: unknown; message?: string };
          const code = typeof e.code === 'string' ? e.code : 'INTERNAL';
          if (FINAL_CODES.has(code)) {
            const { data, headers } = encodeError(code, e.message ?? String(err));
            this.nc.publish(resultSubject, data, { headers });
            m.ack();
          } else {
            this.logger.warn('queued submission not accepted yet; it stays queued', {
              clientOrderId: request.clientOrderId,
              error: e.message,
            });
            m.nak(this.retryDelayMs);
          }
        }
      }
    })();
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop?.catch(() => undefined);
  }
}
