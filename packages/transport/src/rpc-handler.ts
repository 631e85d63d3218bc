import { MessagePattern, RpcException, type NatsContext } from '@nestjs/microservices';
import type { RpcSubject } from '@tranche/contracts';
import { extractTraceContext, SpanKind, withSpan } from '@tranche/telemetry';
import { carrier } from './headers.js';
import { InvalidPayload, requestHeaders } from './nest-codec.js';

/**
 * Marks a method as the handler of a request subject. Around the method it:
 * replies BAD_PAYLOAD for undecodable input (the service keeps serving),
 * continues the caller's trace from the traceparent header, and turns coded
 * errors into error replies the caller can branch on.
 */
export function RpcHandler(subject: RpcSubject): MethodDecorator {
  return (target, key, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as (this: unknown, data: unknown, ctx: NatsContext) => Promise<unknown>;
    descriptor.value = async function (this: unknown, data: unknown, ctx: NatsContext) {
      if (data instanceof InvalidPayload) {
        throw new RpcException({ code: 'BAD_PAYLOAD', message: data.message });
      }
      const parent = extractTraceContext(carrier(requestHeaders(data) ?? ctx?.getHeaders?.()));
      try {
        return await withSpan(
          `rpc.server ${subject}`,
          { 'messaging.system': 'nats', 'messaging.destination.name': subject },
          () => original.call(this, data, ctx),
          {
            kind: SpanKind.SERVER,
            parent,
          },
        );
      } catch (err) {
        if (err instanceof RpcException) throw err;
        const e = err as { code?: unknown; message?: unknown };
        const code = typeof e.code === 'string' ? e.code : 'INTERNAL';
        const message = typeof e.message === 'string' ? e.message : String(err);
        throw new RpcException({ code, message });
      }
    };
    // Re-point Nest's metadata at the wrapper.
    MessagePattern(subject)(target, key, descriptor);
    return descriptor;
  };
}
