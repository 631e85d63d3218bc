import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import {
  eventTypes,
  execution,
  executionEventSubject,
  QUEUED_SUBMIT_SUBJECT,
  queuedSubmitResultSubject,
  rpcTypes,
  sideToWire,
  Subjects,
  EXECUTION_EVENTS_STREAM,
} from '@tranche/contracts';
import { queueSubmit } from '@tranche/infra';
import { decodeError, decodeMessage, isErrorReply, RpcClient, RpcRemoteError } from '@tranche/transport';
import { randomUUID } from 'node:crypto';
import {
  type CommandSpec,
  flagValue,
  helpText,
  parseAlgorithm,
  parseArgs,
  parseDuration,
  parsePositiveDecimal,
  parsePositiveInt,
  parseSide,
  parseSymbol,
  parseUrgency,
  rejectPositional,
  requiredFlag,
  UsageError,
  usageFromRequestError,
} from './args.js';

/** Exit codes of --follow, one per way a parent ends, so scripts can branch on them. */
export const FOLLOW_EXIT = { completed: 0, failed: 1, cancelled: 3 } as const;

export const SUBMIT_SPEC: CommandSpec = {
  name: 'submit',
  summary:
    'Submit a parent order to a running router over NATS; with --follow, print its events until it ends.',
  flags: [
    { name: 'symbol', value: 'SYMBOL', default: 'BTCUSDT', help: 'linear USDT perpetual (any case)' },
    { name: 'side', value: 'buy|sell', default: 'buy', help: 'side of the parent order' },
    { name: 'qty', value: 'QTY', required: true, help: 'parent quantity in the base coin, e.g. 0.5' },
    { name: 'horizon', value: 'DURATION', default: '10m', help: 'time to complete it: 90s, 15m, 2h' },
    { name: 'slices', value: 'N', default: '10', help: 'baseline slices' },
    { name: 'algorithm', value: 'twap|vwap|is|pov|adaptive', default: 'twap', help: 'baseline schedule' },
    {
      name: 'urgency',
      value: 'low|medium|high',
      default: 'medium',
      help: 'low 0.2, medium 0.5, high 0.9, or a number in [0, 1]; shapes IS, POV and ADAPTIVE',
    },
    {
      name: 'jitter',
      value: 'SEED',
      help: 'randomise slice times and sizes with this seed (0: one from the parent id); default: exact schedule',
    },
    {
      name: 'timing-jitter',
      value: 'F',
      default: '0.3',
      help: 'with --jitter: times move up to F of a slice, F in [0, 0.5]',
    },
    {
      name: 'size-jitter',
      value: 'F',
      default: '0.2',
      help: 'with --jitter: sizes move up to F, F in [0, 0.5]; the total stays exact',
    },
    {
      name: 'client-id',
      value: 'ID',
      help: 'idempotency key: submitting the same ID again returns the existing parent (default: none)',
    },
    {
      name: 'nats',
      value: 'URL',
      default: '$NATS_URL or nats://127.0.0.1:4222',
      help: 'NATS server the router listens on',
    },
    { name: 'timeout', value: 'DURATION', default: '5s', help: 'how long to wait for the router to answer' },
    { name: 'follow', help: 'print the parent order events until it completes, fails or is cancelled' },
    {
      name: 'queue',
      help: 'store the submission in JetStream first: it is kept until a router takes it, even if none runs now (needs --client-id, or one is made)',
    },
  ],
  notes: [
    `Exit status: 0 accepted (with --follow: completed); with --follow ${FOLLOW_EXIT.failed} failed and ` +
      `${FOLLOW_EXIT.cancelled} cancelled;`,
    '1 also when the router or NATS cannot be reached; 2 bad input (the message names the flag).',
  ],
};

function parseFraction(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || n > 0.5)
    throw new UsageError(`--${flag} must be a number in [0, 0.5], got ${JSON.stringify(value)}`);
  return n;
}

/** --jitter SEED turns randomisation on; the fractions only count with it. */
function parseJitter(
  seed: string | true | undefined,
  timing: string,
  size: string,
): execution.IScheduleJitter | undefined {
  if (seed === undefined) return undefined;
  if (seed === true || !/^\d+$/.test(seed) || Number(seed) > 0xffffffff)
    throw new UsageError(
      `--jitter must be a seed, a whole number from 0 to 4294967295, got ${JSON.stringify(seed)}`,
    );
  return {
    seed: Number(seed),
    timingFraction: parseFraction('timing-jitter', timing),
    sizeFraction: parseFraction('size-jitter', size),
  };
}

type Out = (line: string) => void;
const writeStderr: Out = (line) => process.stderr.write(line + '\n');

/** Submit a parent order to a running router over NATS; with --follow, print its events until it ends. */
export async function submitCommand(
  argv: string[],
  out: Out,
  env: NodeJS.ProcessEnv = process.env,
  err: Out = writeStderr,
): Promise<number> {
  const parsed = parseArgs(argv, SUBMIT_SPEC);
  if (parsed.help) {
    helpText(SUBMIT_SPEC).forEach((l) => out(l));
    return 0;
  }
  rejectPositional(parsed, SUBMIT_SPEC);
  const get = (name: string) => flagValue(parsed, SUBMIT_SPEC, name);
  const symbol = parseSymbol(get('symbol')!);
  const side = parseSide(get('side')!);
  const qty = parsePositiveDecimal('qty', requiredFlag(parsed, SUBMIT_SPEC, 'qty', '0.5'));
  const horizonMs = parseDuration('horizon', get('horizon')!);
  const slices = parsePositiveInt('slices', get('slices')!);
  const algorithm = parseAlgorithm(get('algorithm')!);
  const urgency = parseUrgency(get('urgency')!);
  const timeoutMs = parseDuration('timeout', get('timeout')!);
  const jitter = parseJitter(parsed.flags.get('jitter'), get('timing-jitter')!, get('size-jitter')!);
  const given = parsed.flags.get('nats');
  const servers = typeof given === 'string' ? given : (env['NATS_URL'] ?? 'nats://127.0.0.1:4222');
  const nc = await connect({ servers, name: 'tranche-cli' }).catch((e: Error) => {
    throw new Error(
      `cannot reach NATS at ${servers}: ${e.message}. Start the services (README) or pass --nats`,
    );
  });
  try {
    const rpc = new RpcClient(nc, timeoutMs);
    const queued = parsed.flags.get('queue') === true;
    const request = execution.SubmitParentOrderRequest.create({
      clientOrderId: get('client-id') ?? (queued ? `q-${randomUUID()}` : ''),
      symbol,
      side: sideToWire(side),
      quantity: qty,
      horizonMs,
      slices,
      algorithm: execution.Algorithm[`ALGORITHM_${algorithm.toUpperCase() as Uppercase<typeof algorithm>}`],
      urgency,
      ...(jitter ? { jitter } : {}),
    });
    let res: execution.SubmitParentOrderResponse;
    try {
      res = queued
        ? await submitQueued(nc, request, parsed.flags.get('follow') === true, out)
        : await rpc.request(Subjects.submitParent, request);
    } catch (e) {
      if (
        e instanceof RpcRemoteError &&
        (e.remoteCode === 'BAD_REQUEST' || e.remoteCode === 'LIMIT_EXCEEDED')
      )
        throw usageFromRequestError(e.message.replace(/^.*? failed: \[[A-Z_]+\] /, ''));
      throw e;
    }
    if (!res.parent) return 0;
    const parent = execution.ParentOrder.create(res.parent ?? {});
    out(
      `${res.duplicate ? 'existing' : 'accepted'} parent ${parent.parentId} ${side} ${parent.quantity} ${parent.symbol} arrival ${parent.arrivalPrice}`,
    );
    if (parsed.flags.get('follow') !== true) return 0;
    return await follow(nc, parent.parentId, out, err);
  } finally {
    await nc.close();
  }
}

/**
 * Queue a submission in JetStream. Stored means acknowledged: without --follow the command ends
 * there. With --follow it waits, as long as it takes, for a router to accept it, then follows it.
 */
async function submitQueued(
  nc: NatsConnection,
  request: execution.SubmitParentOrderRequest,
  follow: boolean,
  out: Out,
): Promise<execution.SubmitParentOrderResponse> {
  const types = rpcTypes[Subjects.submitParent];
  // Listen before queuing, so an answer from a router that is already running cannot be missed.
  const answers = nc.subscribe(queuedSubmitResultSubject(request.clientOrderId), { max: 1 });
  const { duplicate } = await queueSubmit(nc, request);
  out(
    `${duplicate ? 'already queued' : 'queued'} submission ${request.clientOrderId}: stored, a router accepts it when one runs`,
  );
  if (!follow) {
    answers.unsubscribe();
    return execution.SubmitParentOrderResponse.create({});
  }
  for await (const m of answers) {
    if (isErrorReply(m.headers)) {
      const e = decodeError(m.data, m.headers);
      throw new RpcRemoteError(QUEUED_SUBMIT_SUBJECT, e.code, e.message);
    }
    return decodeMessage(types.reply, m.data, m.headers, m.subject);
  }
  throw new Error('NATS closed before a router answered the queued submission');
}

/**
 * Print a parent's events from the start of its subject until it ends. A message that is not an
 * ExecutionEvent (another publisher, a newer schema gone wrong) is reported and skipped: losing
 * the view of a live order over one bad message would be worse than a gap in the printout.
 */
async function follow(nc: NatsConnection, parentId: string, out: Out, err: Out): Promise<number> {
  const subject = executionEventSubject(parentId);
  const js = jetstream(nc);
  const consumer = await js.consumers
    .get(EXECUTION_EVENTS_STREAM, { filter_subjects: subject })
    .catch((e: Error) => {
      throw new Error(
        `cannot follow ${subject}: ${e.message}. The router creates the ${EXECUTION_EVENTS_STREAM} JetStream stream; is it running with JetStream enabled?`,
      );
    });
  const messages = await consumer.consume();
  let exit: number | undefined;
  try {
    for await (const m of messages) {
      let e: execution.ExecutionEvent;
      try {
        e = decodeMessage(eventTypes.executionEvent, m.data, m.headers, m.subject);
      } catch (decodeError) {
        err(`tranche: warning: skipped message ${m.seq} on ${m.subject}: ${(decodeError as Error).message}`);
        continue;
      }
      // A kind of event this build does not know decodes with no `event` set: nothing to print.
      if (!e.event) continue;
      out(
        `#${e.sequence} ${e.event} ${JSON.stringify(execution.ExecutionEvent.toObject(e, { enums: String })[e.event] ?? {})}`,
      );
      if (e.parentCompleted) exit = FOLLOW_EXIT.completed;
      else if (e.parentFailed) exit = FOLLOW_EXIT.failed;
      else if (e.parentCancelled) exit = FOLLOW_EXIT.cancelled;
      // Leave the loop before closing: close() waits for the iterator to finish, and the iterator
      // cannot finish while this loop body is still waiting on close().
      if (exit !== undefined) break;
    }
  } finally {
    await messages.close();
  }
  if (exit === undefined) {
    err(`tranche: the event stream of ${parentId} ended before the parent did; check the router and NATS`);
    return 1;
  }
  return exit;
}
