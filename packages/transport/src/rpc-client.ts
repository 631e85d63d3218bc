import { errors, type NatsConnection } from '@nats-io/transport-node';
import { rpcTypes, type RpcReply, type RpcRequest, type RpcSubject } from '@tranche/contracts';
import { injectTraceContext, SpanKind, withSpan } from '@tranche/telemetry';
import { randomUUID } from 'node:crypto';
import { decodeError, decodeMessage, encodeMessage, isErrorReply } from './codec.js';
import { RpcNoRespondersError, RpcRemoteError, RpcTimeoutError } from './errors.js';
import { carrier, Headers, newHeaders } from './headers.js';

export interface RpcCallOptions {
  /** Deadline for this call; every call has one. */
  timeoutMs?: number;
  requestId?: string;
}

/**
 * Typed request-reply over NATS with raw protobuf on the wire. Uses the
 * connection's shared reply inbox (nc.request), which is markedly faster than
 * a fresh inbox per request. Every call has a deadline: a slow service can
 * delay the router by at most that much.
 */
export class RpcClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly defaultTimeoutMs = 1000,
  ) {}

  async request<S extends RpcSubject>(
    subject: S,
    request: RpcRequest<S>,
    options: RpcCallOptions = {},
  ): Promise<RpcReply<S>> {
    const types = rpcTypes[subject];
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    return withSpan(
      `rpc.client ${subject}`,
      { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'rpc.deadline_ms': timeoutMs },
      async () => {
        const h = newHeaders();
        h.set(Headers.requestId, options.requestId ?? randomUUID());
        injectTraceContext(carrier(h));
        const { data, headers } = encodeMessage(types.request as never, request as never, h);
        let reply;
        try {
          reply = await this.nc.request(subject, data, { timeout: timeoutMs, headers });
        } catch (err) {
          throw mapRequestError(err, subject, timeoutMs);
        }
        if (isErrorReply(reply.headers)) {
          const e = decodeError(reply.data, reply.headers);
          throw new RpcRemoteError(subject, e.code, e.message);
        }
        return decodeMessage(types.reply as never, reply.data, reply.headers, subject) as RpcReply<S>;
      },
      { kind: SpanKind.CLIENT },
    );
  }
}

export function mapRequestError(err: unknown, subject: string, timeoutMs: number): Error {
  if (err instanceof errors.TimeoutError) return new RpcTimeoutError(subject, timeoutMs);
  if (err instanceof errors.NoRespondersError) return new RpcNoRespondersError(subject);
  if (err instanceof errors.RequestError) {
    if (err.isNoResponders()) return new RpcNoRespondersError(subject);
    if (err.cause instanceof errors.TimeoutError) return new RpcTimeoutError(subject, timeoutMs);
  }
  return err instanceof Error ? err : new Error(String(err));
}
