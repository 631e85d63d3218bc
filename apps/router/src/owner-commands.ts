import type { NatsConnection } from '@nats-io/transport-node';
import { execution, rpcTypes, Subjects } from '@tranche/contracts';
import type { Logger, Router } from '@tranche/engine';
import { TrancheError } from '@tranche/execution-core';
import { decodeMessage, encodeError, encodeMessage, RpcClient, RpcRemoteError } from '@tranche/transport';

type Verb = 'cancel' | 'pause' | 'resume' | 'amend';

const OWNER_SUBJECT = {
  cancel: Subjects.ownerCancelParent,
  pause: Subjects.ownerPauseParent,
  resume: Subjects.ownerResumeParent,
  amend: Subjects.ownerAmendParent,
} as const;

/** How long a forwarded command waits for the owner: an amend re-plans, a cancel settles children. */
const FORWARD_TIMEOUT_MS = 8000;

/**
 * Commands reach the replica that runs the parent, wherever they land. Commands arrive through the
 * router queue group at any replica; the one that runs the parent (or takes over a parent nobody
 * runs) applies it, any other forwards it on the owner subjects, which every replica hears and only
 * the owner answers.
 */
export class OwnerCommands {
  private readonly rpc: RpcClient;

  constructor(
    private readonly router: Router,
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
  ) {
    this.rpc = new RpcClient(nc, FORWARD_TIMEOUT_MS);
  }

  private local(verb: Verb, request: { parentId?: string | null }) {
    switch (verb) {
      case 'cancel':
        return this.router.cancel(request as execution.CancelParentOrderRequest);
      case 'pause':
        return this.router.pause(request as execution.PauseParentOrderRequest);
      case 'resume':
        return this.router.resume(request as execution.ResumeParentOrderRequest);
      case 'amend':
        return this.router.amend(request as execution.AmendParentOrderRequest);
    }
  }

  /** Apply here, or forward to the owner and hand its answer (or its refusal, code intact) back. */
  async apply(verb: Verb, request: { parentId?: string | null }): Promise<unknown> {
    const where = await this.router.locate(request.parentId ?? '');
    if (where === 'here') return this.local(verb, request);
    try {
      return await this.rpc.request(OWNER_SUBJECT[verb], request as never);
    } catch (err) {
      if (err instanceof RpcRemoteError)
        throw new TrancheError(err.remoteCode, err.message.replace(/^.*? failed: \[[A-Z_]+\] /, ''));
      throw new TrancheError(
        'OWNER_UNAVAILABLE',
        `router ${where.owner} owns parent ${request.parentId} but did not answer (${(err as Error).message}); ` +
          'if it died, another router takes the parent over within seconds: retry then',
      );
    }
  }

  /** Answer forwarded commands for the parents this replica runs; stay silent for the others. */
  listen(): void {
    for (const verb of Object.keys(OWNER_SUBJECT) as Verb[]) {
      const subject = OWNER_SUBJECT[verb];
      const types = rpcTypes[subject];
      const sub = this.nc.subscribe(subject);
      void (async () => {
        for await (const m of sub) {
          let request: { parentId?: string | null };
          try {
            request = decodeMessage(types.request as never, m.data, m.headers, subject) as never;
          } catch (err) {
            // Every replica says so: the sender learns its message is malformed rather than wait.
            const { data, headers } = encodeError('BAD_PAYLOAD', (err as Error).message);
            m.respond(data, { headers });
            continue;
          }
          if (!this.router.runs(request.parentId ?? '')) continue;
          try {
            const reply = await this.local(verb, request);
            const { data, headers } = encodeMessage(types.reply as never, reply as never);
            m.respond(data, { headers });
          } catch (err) {
            const e = err as { code?: unknown; message?: string };
            const { data, headers } = encodeError(
              typeof e.code === 'string' ? e.code : 'INTERNAL',
              e.message ?? String(err),
            );
            m.respond(data, { headers });
            this.logger.warn('forwarded command refused', {
              subject,
              parentId: request.parentId,
              error: e.message,
            });
          }
        }
      })();
    }
  }
}
