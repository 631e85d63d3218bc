import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import {
  eventTypes,
  execution,
  executionEventSubject,
  sideToWire,
  Subjects,
  EXECUTION_EVENTS_STREAM,
} from '@tranche/contracts';
import { decodeMessage, RpcClient } from '@tranche/transport';
import { parseArgs, parseDuration, parsePositiveInt, parseSide, UsageError } from './args.js';

const KNOWN = new Set([
  'symbol',
  'side',
  'qty',
  'horizon',
  'slices',
  'client-id',
  'nats',
  'follow',
  'timeout',
]);

/** Submit a parent order to a running router over NATS; with --follow, print its events until it ends. */
export async function submitCommand(
  argv: string[],
  out: (line: string) => void,
  env = process.env,
): Promise<number> {
  const { flags } = parseArgs(argv, KNOWN, new Set(['follow']));
  const symbol = String(flags.get('symbol') ?? 'BTCUSDT');
  const side = parseSide(String(flags.get('side') ?? 'buy'));
  const qty = flags.get('qty');
  if (typeof qty !== 'string') throw new UsageError('--qty is required, e.g. --qty 0.5');
  const horizonMs = parseDuration('horizon', String(flags.get('horizon') ?? '10m'));
  const slices = parsePositiveInt('slices', String(flags.get('slices') ?? '10'));
  const timeoutMs = parseDuration('timeout', String(flags.get('timeout') ?? '5s'));
  const servers = String(flags.get('nats') ?? env['NATS_URL'] ?? 'nats://127.0.0.1:4222');
  const nc = await connect({ servers, name: 'tranche-cli' }).catch((err: Error) => {
    throw new UsageError(
      `cannot reach NATS at ${servers}: ${err.message}. Start the services (README) or pass --nats`,
    );
  });
  try {
    const rpc = new RpcClient(nc, timeoutMs);
    const res = await rpc.request(
      Subjects.submitParent,
      execution.SubmitParentOrderRequest.create({
        clientOrderId: String(flags.get('client-id') ?? ''),
        symbol,
        side: sideToWire(side),
        quantity: qty,
        horizonMs,
        slices,
        algorithm: execution.Algorithm.ALGORITHM_TWAP,
      }),
    );
    const parent = execution.ParentOrder.create(res.parent ?? {});
    out(
      `${res.duplicate ? 'existing' : 'accepted'} parent ${parent.parentId} ${side} ${parent.quantity} ${parent.symbol} arrival ${parent.arrivalPrice}`,
    );
    if (flags.get('follow') !== true) return 0;
    const js = jetstream(nc);
    const consumer = await js.consumers.get(EXECUTION_EVENTS_STREAM, {
      filter_subjects: executionEventSubject(parent.parentId),
    });
    const messages = await consumer.consume();
    for await (const m of messages) {
      const e = decodeMessage(eventTypes.executionEvent, m.data, m.headers, m.subject);
      out(
        `#${e.sequence} ${e.event} ${JSON.stringify(execution.ExecutionEvent.toObject(e, { enums: String })[e.event ?? ''] ?? {})}`,
      );
      if (e.parentCompleted || e.parentCancelled || e.parentFailed) {
        await messages.close();
        return e.parentCompleted ? 0 : 1;
      }
    }
    return 1;
  } finally {
    await nc.close();
  }
}
