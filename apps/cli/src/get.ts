import { execution, Subjects } from '@tranche/contracts';
import { RpcRemoteError } from '@tranche/transport';
import { type CommandSpec, flagValue, helpText, parseArgs, parseDuration, UsageError } from './args.js';
import { withRouter } from './router-connection.js';

export const getSpec: CommandSpec = {
  name: 'get',
  summary:
    'Show a parent: its state, what is filled, its children and fills, and which router replica runs it and for how long.',
  usage: '<parentId> [flags]',
  flags: [
    { name: 'json', help: 'print the whole answer as JSON' },
    {
      name: 'nats',
      value: 'URL',
      default: 'NATS_URL or nats://127.0.0.1:4222',
      help: 'NATS server the router listens on',
    },
    { name: 'timeout', value: 'DURATION', default: '5s', help: 'how long to wait for the router' },
  ],
  notes: ['Exit status: 0 shown; 1 unknown parent or no router reachable; 2 bad input.'],
};

const stateName = (s: number | null | undefined) =>
  execution.ParentState[s ?? 0]?.replace('PARENT_STATE_', '') ?? 'UNKNOWN';

/** The lines `tranche get` prints for a parent. */
export function describeParent(r: execution.IGetParentOrderResponse): string[] {
  const p = r.parent ?? {};
  const side = p.side === 2 ? 'sell' : 'buy';
  const owner = r.owner
    ? `${r.owner}, lease held ${(Number(r.leaseAgeMs ?? 0) / 1000).toFixed(1)} s`
    : 'none (ended, or awaiting take-over)';
  const children = r.children ?? [];
  const working = children.filter((c) => [1, 2, 3].includes(Number(c.state ?? 0))).length;
  return [
    `${p.parentId} ${stateName(p.state)}${p.stateReason ? `: ${p.stateReason}` : ''}`,
    `  ${side} ${p.quantity} ${p.symbol}, filled ${p.filledQuantity || '0'} at ${p.averagePrice || '-'} (arrival ${p.arrivalPrice})`,
    `  deadline ${new Date(Number(p.deadline ?? 0)).toISOString()}`,
    `  children ${children.length} (${working} working), fills ${(r.fills ?? []).length}`,
    `  owner ${owner}`,
  ];
}

/** `tranche get <parentId>`: the router's view of one parent, including its owner replica. */
export async function getCommand(
  argv: string[],
  out: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const parsed = parseArgs(argv, getSpec);
  if (parsed.help) {
    helpText(getSpec).forEach((l) => out(l));
    return 0;
  }
  const [parentId, ...extra] = parsed.positional;
  if (!parentId) throw new UsageError('tranche get needs a parent id, e.g. tranche get p1a2b3c4d5e6');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const given = parsed.flags.get('nats');
  const servers = typeof given === 'string' ? given : (env['NATS_URL'] ?? 'nats://127.0.0.1:4222');
  const timeoutMs = parseDuration('timeout', flagValue(parsed, getSpec, 'timeout') ?? '5s');
  return withRouter(servers, timeoutMs, async (rpc) => {
    let answer: execution.GetParentOrderResponse;
    try {
      answer = await rpc.request(Subjects.getParent, execution.GetParentOrderRequest.create({ parentId }));
    } catch (e) {
      if (e instanceof RpcRemoteError && e.remoteCode === 'NOT_FOUND')
        throw new Error(`no parent order ${parentId} at the router`);
      throw e;
    }
    if (parsed.flags.get('json') === true)
      out(
        JSON.stringify(execution.GetParentOrderResponse.toObject(answer, { longs: Number, enums: String })),
      );
    else describeParent(answer).forEach((l) => out(l));
    return 0;
  });
}
