import { execution, Subjects } from '@tranche/contracts';
import { RpcRemoteError } from '@tranche/transport';
import {
  type CommandSpec,
  flagValue,
  helpText,
  parseArgs,
  parseDuration,
  parsePositiveDecimal,
  parseUrgency,
  UsageError,
  usageFromRequestError,
} from './args.js';
import { withRouter } from './router-connection.js';

export const amendSpec: CommandSpec = {
  name: 'amend',
  summary:
    "Change a working parent's deadline, urgency or limit price. A new deadline or urgency re-plans what is left from the next slice; a limit price applies from the next child.",
  usage: '<parentId> [flags]',
  flags: [
    { name: 'deadline-in', value: 'DURATION', help: 'new deadline, this long from now, e.g. 20m' },
    { name: 'deadline', value: 'TIME', help: 'new deadline as an ISO time, e.g. 2026-12-01T15:30:00Z' },
    { name: 'urgency', value: 'LEVEL', help: 'new urgency: low, medium, high or a number in [0, 1]' },
    { name: 'limit-price', value: 'PRICE', help: 'do not buy above (sell below) this price, on the tick' },
    { name: 'no-limit-price', help: 'remove the limit price' },
    { name: 'reason', value: 'TEXT', default: 'amended by its owner', help: 'recorded on the event' },
    {
      name: 'nats',
      value: 'URL',
      default: 'NATS_URL or nats://127.0.0.1:4222',
      help: 'NATS server the router listens on',
    },
    { name: 'timeout', value: 'DURATION', default: '10s', help: 'how long to wait for the router' },
  ],
  notes: [
    'Give at least one of --deadline-in, --deadline, --urgency, --limit-price, --no-limit-price.',
    'Nothing changes unless every field is accepted. Exit status: 0 amended (the changes are printed); 1 the router refused or could not be reached; 2 bad input.',
  ],
};

/** The request the flags describe; throws UsageError naming the flag at fault. */
export function amendRequest(
  argv: string[],
  nowMs: number,
): { parentId: string; request: execution.AmendParentOrderRequest } {
  const parsed = parseArgs(argv, amendSpec);
  const [parentId, ...extra] = parsed.positional;
  if (!parentId)
    throw new UsageError('tranche amend needs a parent id, e.g. tranche amend p1a2b3c4d5e6 --urgency high');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const get = (name: string) => flagValue(parsed, amendSpec, name);
  const request = execution.AmendParentOrderRequest.create({ parentId, reason: get('reason') ?? '' });
  const deadlineIn = get('deadline-in');
  const deadlineAt = get('deadline');
  if (deadlineIn !== undefined && deadlineAt !== undefined)
    throw new UsageError('give either --deadline-in or --deadline, not both');
  if (deadlineIn !== undefined) request.deadline = nowMs + parseDuration('deadline-in', deadlineIn);
  if (deadlineAt !== undefined) {
    const t = Date.parse(deadlineAt);
    if (!Number.isFinite(t))
      throw new UsageError(
        `--deadline must be an ISO time such as 2026-12-01T15:30:00Z, got ${JSON.stringify(deadlineAt)}`,
      );
    request.deadline = t;
  }
  const urgency = get('urgency');
  if (urgency !== undefined) request.urgency = parseUrgency(urgency);
  const limit = get('limit-price');
  const noLimit = parsed.flags.get('no-limit-price') === true;
  if (limit !== undefined && noLimit)
    throw new UsageError('give either --limit-price or --no-limit-price, not both');
  if (limit !== undefined) request.limitPrice = parsePositiveDecimal('limit-price', limit);
  if (noLimit) request.clearLimitPrice = true;
  if (
    deadlineIn === undefined &&
    deadlineAt === undefined &&
    urgency === undefined &&
    limit === undefined &&
    !noLimit
  )
    throw new UsageError(
      'nothing to amend: give --deadline-in, --deadline, --urgency, --limit-price or --no-limit-price',
    );
  return { parentId, request };
}

/** `tranche amend <parentId> ...`: one command to the router over NATS, what changed printed. */
export async function amendCommand(
  argv: string[],
  out: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const parsed = parseArgs(argv, amendSpec);
  if (parsed.help) {
    helpText(amendSpec).forEach((l) => out(l));
    return 0;
  }
  const { parentId, request } = amendRequest(argv, Date.now());
  const given = parsed.flags.get('nats');
  const servers = typeof given === 'string' ? given : (env['NATS_URL'] ?? 'nats://127.0.0.1:4222');
  const timeoutMs = parseDuration('timeout', flagValue(parsed, amendSpec, 'timeout') ?? '10s');
  return withRouter(servers, timeoutMs, async (rpc) => {
    let answer: execution.IAmendParentOrderResponse;
    try {
      answer = await rpc.request(Subjects.amendParent, request);
    } catch (e) {
      if (e instanceof RpcRemoteError && e.remoteCode === 'NOT_FOUND')
        throw new Error(`no parent order ${parentId} at the router`);
      // A field the router refused is the user's input to fix (exit 2); a parent that has ended is a refusal (1).
      if (
        e instanceof RpcRemoteError &&
        e.remoteCode === 'BAD_REQUEST' &&
        /^(deadline|urgency|limit_price|give either)/.test(e.message)
      )
        throw usageFromRequestError(e.message);
      throw e;
    }
    const parent = answer.parent;
    const state = execution.ParentState[parent?.state ?? 0]?.replace('PARENT_STATE_', '') ?? 'UNKNOWN';
    const changes = answer.changes ?? [];
    out(`${parentId} ${state}: ${changes.length > 0 ? changes.join('; ') : 'nothing changed'}`);
    return 0;
  });
}
