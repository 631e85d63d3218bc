import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  EXECUTION_EVENTS_STREAM,
  EXECUTION_EVENTS_SUBJECTS,
  eventTypes,
  execution,
  executionEventSubject,
  risk,
  rpcTypes,
  Subjects,
} from '@tranche/contracts';
import { startNatsServer, type ManagedServer } from '@tranche/testing';
import { decodeMessage, encodeMessage, Headers, newHeaders } from '@tranche/transport';
import { runCli } from '../../apps/cli/test/cli-process.js';

/**
 * `tranche submit --follow` as a real process against a real nats-server. A stand-in router answers
 * the submission and writes the parent's events to JetStream, garbage included; the follower must
 * skip the garbage and exit by itself when the parent ends.
 */

type Ending = 'completed' | 'cancelled' | 'failed';
interface Life {
  ending: Ending;
  /** Put messages that are not execution events on the parent's subject among its events. */
  garbage: boolean;
}

/** The client id picks how the stand-in router ends the parent. */
const LIFE_BY_CLIENT_ID: Record<string, Life> = {
  'ends-completed-clean': { ending: 'completed', garbage: false },
  'ends-completed': { ending: 'completed', garbage: true },
  'ends-cancelled': { ending: 'cancelled', garbage: true },
  'ends-failed': { ending: 'failed', garbage: true },
};

describe('tranche submit --follow', () => {
  let nats: ManagedServer;
  let nc: NatsConnection;
  let router: Subscription;
  let counter = 0;

  async function publishLife(parent: execution.ParentOrder, { ending, garbage }: Life): Promise<void> {
    const js = jetstream(nc);
    const subject = executionEventSubject(parent.parentId);
    // As the router's event sink publishes them: protobuf with its type header, the event id as msgID.
    const sink = {
      publish: async (e: execution.ExecutionEvent) => {
        const { data, headers } = encodeMessage(eventTypes.executionEvent, e);
        await js.publish(subject, data, { msgID: e.eventId, headers });
      },
    };
    let sequence = 0;
    const event = (body: execution.IExecutionEvent) =>
      execution.ExecutionEvent.create({
        eventId: `${parent.parentId}-${++sequence}`,
        correlationId: parent.parentId,
        tsEvent: Date.now(),
        tsInit: Date.now(),
        sequence,
        ...body,
      });
    await sink.publish(event({ parentAccepted: { parent } }));
    if (garbage) {
      // Bytes that are no protobuf at all, on the parent's own subject.
      await js.publish(subject, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]));
      // A well-formed message of another type, labelled as such.
      const stray = newHeaders();
      stray.set(Headers.messageType, 'tranche.risk.v1.RiskVerdict');
      await js.publish(subject, new Uint8Array([0x08, 0x01]), { headers: stray });
    }
    await sink.publish(
      event({
        childDenied: {
          child: { childId: `${parent.parentId}-0-0`, parentId: parent.parentId },
          verdict: {
            decision: risk.RiskDecision.RISK_DECISION_DENY,
            reasons: [{ code: 'MAX_ORDER_NOTIONAL', message: 'too big' }],
          },
        },
      }),
    );
    const ended = { ...parent, state: execution.ParentState.PARENT_STATE_COMPLETE };
    if (ending === 'completed') await sink.publish(event({ parentCompleted: { parent: ended, report: {} } }));
    if (ending === 'cancelled')
      await sink.publish(event({ parentCancelled: { parent, reason: 'by the test' } }));
    if (ending === 'failed') await sink.publish(event({ parentFailed: { parent, reason: 'by the test' } }));
  }

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: EXECUTION_EVENTS_STREAM, subjects: [EXECUTION_EVENTS_SUBJECTS] });
    router = nc.subscribe(Subjects.submitParent, {
      callback: (error, msg) => {
        if (error) return;
        const req = decodeMessage(
          rpcTypes[Subjects.submitParent].request,
          msg.data,
          msg.headers,
          msg.subject,
        ) as execution.SubmitParentOrderRequest;
        const parent = execution.ParentOrder.create({
          parentId: `ptest${++counter}`,
          clientOrderId: req.clientOrderId,
          symbol: req.symbol,
          side: req.side,
          quantity: req.quantity,
          arrivalPrice: '60000',
          state: execution.ParentState.PARENT_STATE_ACTIVE,
        });
        const { data, headers } = encodeMessage(
          execution.SubmitParentOrderResponse,
          execution.SubmitParentOrderResponse.create({ parent }),
        );
        msg.respond(data, { headers });
        void publishLife(
          parent,
          LIFE_BY_CLIENT_ID[req.clientOrderId] ?? { ending: 'completed', garbage: false },
        );
      },
    });
  }, 30_000);

  afterAll(async () => {
    router?.unsubscribe();
    await nc?.close();
    await nats?.dispose();
  }, 30_000);

  const follow = (clientId: string) =>
    runCli(
      ['submit', '--symbol', 'btcusdt', '--qty', '0.5', '--horizon', '1m', '--slices', '2'].concat([
        '--client-id',
        clientId,
        '--nats',
        nats.url,
        '--follow',
      ]),
      { timeoutMs: 20_000 },
    );

  it('exits 0 by itself once the parent completes', async () => {
    const r = await follow('ends-completed-clean');
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^#3 parentCompleted /m);
    expect(r.stderr).toBe('');
  }, 30_000);

  it('skips messages that are not events with a warning and still exits 0 when the parent completes', async () => {
    const r = await follow('ends-completed');
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^accepted parent ptest\d+ BUY 0.5 BTCUSDT/m);
    expect(r.stdout).toMatch(/^#1 parentAccepted /m);
    expect(r.stdout).toMatch(/^#2 childDenied .*MAX_ORDER_NOTIONAL/m);
    expect(r.stdout).toMatch(/^#3 parentCompleted /m);
    // Both stray messages are named on stderr, and neither ended the follower.
    const warnings = r.stderr.split('\n').filter((l) => l.includes('warning: skipped message'));
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/RiskVerdict/);
  }, 30_000);

  it('exits 3 by itself once the parent is cancelled', async () => {
    const r = await follow('ends-cancelled');
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^#3 parentCancelled .*by the test/m);
  }, 30_000);

  it('exits 1 by itself once the parent fails', async () => {
    const r = await follow('ends-failed');
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^#3 parentFailed .*by the test/m);
  }, 30_000);

  it('documents those exit codes in --help', async () => {
    const r = await runCli(['submit', '--help'], { timeoutMs: 10_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--follow 1 failed and 3 cancelled/);
  }, 30_000);
});
