import { execution, Subjects } from '@tranche/contracts';
import { RpcRemoteError } from '@tranche/transport';
import { type CommandSpec, flagValue, helpText, parseArgs, parseDuration, UsageError } from './args.js';
import { withRouter } from './router-connection.js';

export type ControlVerb = 'pause' | 'resume' | 'cancel';

const SUMMARY: Record<ControlVerb, string> = {
  pause: 'Stop a parent slicing (its working children are cancelled); the deadline still runs.',
  resume: 'Let a paused parent slice again; what is left is re-planned over the time left.',
  cancel: 'Cancel a parent: its working children are cancelled and it ends CANCELLED.',
};

export function controlSpec(verb: ControlVerb): CommandSpec {
  return {
    name: verb,
    summary: SUMMARY[verb],
    usage: '<parentId> [flags]',
    flags: [
      ...(verb === 'resume'
        ? []
        : [
            {
              name: 'reason',
              value: 'TEXT',
              default: verb === 'pause' ? 'paused by its owner' : 'cancelled by its owner',
              help: 'recorded on the parent and its event',
            },
          ]),
      {
        name: 'nats',
        value: 'URL',
        default: 'NATS_URL or nats://127.0.0.1:4222',
        help: 'NATS server the router listens on',
      },
      { name: 'timeout', value: 'DURATION', default: '10s', help: 'how long to wait for the router' },
    ],
    notes: [
      'Exit status: 0 done (the parent state is printed); 1 the router refused or could not be reached; 2 bad input.',
    ],
  };
}

/** `tranche pause|resume|cancel <parentId>`: one command to the router over NATS, its answer printed. */
export async function controlCommand(
  verb: ControlVerb,
  argv: string[],
  out: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const spec = controlSpec(verb);
  const parsed = parseArgs(argv, spec);
  if (parsed.help) {
    helpText(spec).forEach((l) => out(l));
    return 0;
  }
  const [parentId, ...extra] = parsed.positional;
  if (!parentId) throw new UsageError(`tranche ${verb} needs a parent id, e.g. tranche ${verb} p1a2b3c4d5e6`);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const reason = parsed.flags.get('reason');
  const given = parsed.flags.get('nats');
  const servers = typeof given === 'string' ? given : (env['NATS_URL'] ?? 'nats://127.0.0.1:4222');
  const timeoutMs = parseDuration('timeout', flagValue(parsed, spec, 'timeout') ?? '10s');
  return withRouter(servers, timeoutMs, async (rpc) => {
    const why = typeof reason === 'string' ? reason : '';
    let parent: execution.IParentOrder | null | undefined;
    try {
      if (verb === 'pause')
        parent = (
          await rpc.request(
            Subjects.pauseParent,
            execution.PauseParentOrderRequest.create({ parentId, reason: why }),
          )
        ).parent;
      else if (verb === 'resume')
        parent = (
          await rpc.request(Subjects.resumeParent, execution.ResumeParentOrderRequest.create({ parentId }))
        ).parent;
      else
        parent = (
          await rpc.request(
            Subjects.cancelParent,
            execution.CancelParentOrderRequest.create({ parentId, reason: why }),
          )
        ).parent;
    } catch (e) {
      if (e instanceof RpcRemoteError && e.remoteCode === 'NOT_FOUND')
        throw new Error(`no parent order ${parentId} at the router`);
      throw e;
    }
    const state = execution.ParentState[parent?.state ?? 0]?.replace('PARENT_STATE_', '') ?? 'UNKNOWN';
    out(`${parentId} ${state}${parent?.stateReason ? `: ${parent.stateReason}` : ''}`);
    return 0;
  });
}
