import type { MsgHdrs } from '@nats-io/transport-node';
import { ErrorType, protoTypeByName, typeName, type ProtoType } from '@tranche/contracts';
import { Headers, newHeaders } from './headers.js';
import { PayloadDecodeError } from './errors.js';

/**
 * A proto3 message whose fields all hold defaults encodes to zero bytes, and a
 * zero-byte reply is indistinguishable from NATS's "no responders" status.
 * Such messages travel as this one byte plus the `tranche-empty` header.
 */
const EMPTY_MARKER = new Uint8Array([0]);

export interface Encoded {
  data: Uint8Array;
  headers: MsgHdrs;
}

export function encodeMessage<T>(type: ProtoType<T>, message: T, headers: MsgHdrs = newHeaders()): Encoded {
  const bytes = type.encode(message).finish();
  headers.set(Headers.messageType, typeName(type as ProtoType<unknown>));
  if (bytes.length === 0) {
    headers.set(Headers.empty, '1');
    return { data: EMPTY_MARKER, headers };
  }
  return { data: bytes, headers };
}

export function encodeError(
  code: string,
  message: string,
  headers: MsgHdrs = newHeaders(),
  expectedType = '',
): Encoded {
  headers.set(Headers.error, '1');
  return encodeMessage(ErrorType, ErrorType.create({ code, message, expectedType }), headers);
}

/**
 * Decode a payload as `type`. A message-type header naming a different type is
 * refused rather than decoded: protobuf decodes almost any bytes as almost any
 * message, so the header is the only honest check that the sender meant this type.
 */
export function decodeMessage<T>(
  type: ProtoType<T>,
  data: Uint8Array,
  headers: MsgHdrs | undefined,
  subject: string,
): T {
  const expected = typeName(type as ProtoType<unknown>);
  const declared = headers?.get(Headers.messageType);
  if (declared && declared !== expected) {
    throw new PayloadDecodeError(subject, expected, `the message-type header says ${declared}`);
  }
  if (headers?.get(Headers.empty) === '1') return type.create({});
  if (data.length === 0) {
    throw new PayloadDecodeError(
      subject,
      expected,
      'empty payload (send the encoded message; defaults-only messages need the tranche-empty header)',
    );
  }
  let decoded: T;
  try {
    decoded = type.decode(data);
  } catch (err) {
    throw new PayloadDecodeError(subject, expected, (err as Error).message);
  }
  // Catch values protobufjs decodes without complaint but that break the schema (e.g. non-UTF-8 strings, bad enums).
  const problem = type.verify(decoded as unknown as { [k: string]: unknown });
  if (problem) throw new PayloadDecodeError(subject, expected, problem);
  return decoded;
}

export function isErrorReply(headers: MsgHdrs | undefined): boolean {
  return headers?.get(Headers.error) === '1';
}

export function decodeError(
  data: Uint8Array,
  headers: MsgHdrs | undefined,
): { code: string; message: string } {
  const e = headers?.get(Headers.empty) === '1' ? ErrorType.create({}) : ErrorType.decode(data);
  return { code: e.code || 'UNKNOWN', message: e.message || 'the service gave no message' };
}

export function lookupType(name: string): ProtoType<unknown> | undefined {
  return protoTypeByName(name);
}
