import type { Msg, MsgHdrs } from '@nats-io/transport-node';
import type { ConsumerDeserializer, IncomingEvent, IncomingRequest, Serializer } from '@nestjs/microservices';
import { rpcTypes, typeName, type ProtoType } from '@tranche/contracts';
import { randomUUID } from 'node:crypto';
import { decodeMessage, encodeError, encodeMessage, type Encoded } from './codec.js';
import { Headers, newHeaders } from './headers.js';

/**
 * The request's NATS headers, attached to the decoded message under a symbol
 * (not enumerable, so never encoded or logged). Nest hands handlers the
 * payload alone unless every parameter is decorated; this keeps the trace
 * context reachable from a plain `handler(request)`.
 */
export const REQUEST_HEADERS: unique symbol = Symbol('tranche.request-headers');

export function requestHeaders(data: unknown): MsgHdrs | undefined {
  return typeof data === 'object' && data !== null
    ? (data as { [REQUEST_HEADERS]?: MsgHdrs })[REQUEST_HEADERS]
    : undefined;
}

/** Stands in for a request payload that could not be decoded; the handler wrapper replies BAD_PAYLOAD. */
export class InvalidPayload {
  constructor(
    readonly message: string,
    readonly expectedType: string,
  ) {}
}

/**
 * Server-side deserializer: decodes raw protobuf by subject. Whether a message
 * is a request or an event depends only on whether we return an `id`, so any
 * message with a reply subject is a request, even from a plain NATS client that
 * sent no request-id header.
 */
export class ProtobufServerDeserializer implements ConsumerDeserializer {
  deserialize(value: Msg, options?: { channel?: string; replyTo?: string }): IncomingRequest | IncomingEvent {
    const subject = options?.channel ?? value.subject;
    const id = value.reply ? value.headers?.get(Headers.requestId) || randomUUID() : undefined;
    const types = (rpcTypes as Record<string, { request: ProtoType<unknown> }>)[subject];
    let data: unknown;
    if (!types) {
      data = new InvalidPayload(`no message type is registered for subject ${subject}`, '');
    } else {
      try {
        data = decodeMessage(types.request, value.data, value.headers, subject);
        if (value.headers)
          Object.defineProperty(data, REQUEST_HEADERS, { value: value.headers, enumerable: false });
      } catch (err) {
        data = new InvalidPayload((err as Error).message, typeName(types.request));
      }
    }
    return id === undefined ? { pattern: subject, data } : { pattern: subject, data, id };
  }
}

interface OutgoingPacket {
  id?: string;
  response?: unknown;
  err?: unknown;
  status?: string;
  isDisposed?: boolean;
}

/**
 * Server-side serializer. It never sees the pattern, so the reply type comes
 * from the response instance itself (protobufjs classes carry getTypeUrl).
 */
export class ProtobufServerSerializer implements Serializer<OutgoingPacket, Encoded> {
  serialize(packet: OutgoingPacket): Encoded {
    const h = newHeaders();
    if (packet.id) h.set(Headers.requestId, packet.id);
    if (packet.err !== undefined && packet.err !== null) {
      const { code, message } = describeError(packet.err);
      return encodeError(code, message, h);
    }
    const response = packet.response as { constructor?: unknown } | undefined;
    const ctor = response?.constructor as ProtoType<unknown> | undefined;
    if (ctor && typeof ctor.encode === 'function' && typeof ctor.getTypeUrl === 'function') {
      return encodeMessage(ctor, response, h);
    }
    if (response === undefined) {
      // Nest emits a bare {isDisposed:true} when a stream ends with nothing queued;
      // the caller has its reply already and ignores this.
      return encodeError('NO_CONTENT', 'the handler produced no reply', h);
    }
    return encodeError('INTERNAL', 'the handler returned a value that is not a protobuf message', h);
  }
}

function describeError(err: unknown): { code: string; message: string } {
  if (typeof err === 'object' && err !== null) {
    const e = err as { code?: unknown; message?: unknown };
    const code = typeof e.code === 'string' && e.code ? e.code : 'INTERNAL';
    const message = typeof e.message === 'string' && e.message ? e.message : 'internal error';
    return { code, message };
  }
  return { code: 'INTERNAL', message: String(err) };
}
