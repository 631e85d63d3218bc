import { TrancheError } from '@tranche/execution-core';

/**
 * Named errors of the transport, in the system's one error family: each carries a stable `code` so
 * callers can branch on it and a message a person can act on.
 */
export abstract class TransportError extends TrancheError {
  constructor(
    code: string,
    message: string,
    readonly subject: string,
  ) {
    super(code, message);
  }
}

/** The service did not answer within the deadline. It may still have acted on the request. */
export class RpcTimeoutError extends TransportError {
  declare readonly code: 'RPC_TIMEOUT';
  constructor(
    subject: string,
    readonly timeoutMs: number,
  ) {
    super(
      'RPC_TIMEOUT',
      `no reply on ${subject} within ${timeoutMs} ms; the service is slow or overloaded`,
      subject,
    );
  }
}

/** Nobody subscribes to the subject: the service is down or not started. */
export class RpcNoRespondersError extends TransportError {
  declare readonly code: 'RPC_NO_RESPONDERS';
  constructor(subject: string) {
    super('RPC_NO_RESPONDERS', `no service is listening on ${subject}; start it or check NATS_URL`, subject);
  }
}

/** The service answered with an error reply. `remoteCode` is the service's own code. */
export class RpcRemoteError extends TransportError {
  declare readonly code: 'RPC_REMOTE_ERROR';
  constructor(
    subject: string,
    readonly remoteCode: string,
    remoteMessage: string,
  ) {
    super('RPC_REMOTE_ERROR', `${subject} failed: [${remoteCode}] ${remoteMessage}`, subject);
  }
}

/** A payload could not be decoded as the expected protobuf type. */
export class PayloadDecodeError extends TransportError {
  declare readonly code: 'BAD_PAYLOAD';
  constructor(
    subject: string,
    readonly expectedType: string,
    reason: string,
  ) {
    super('BAD_PAYLOAD', `payload on ${subject} is not a valid ${expectedType}: ${reason}`, subject);
  }
}

/**
 * Thrown by handlers for a request that decodes but makes no sense (missing
 * symbol, negative quantity). Replied to the caller as code BAD_REQUEST.
 */
export class BadRequestError extends TrancheError {
  declare readonly code: 'BAD_REQUEST';
  constructor(message: string) {
    super('BAD_REQUEST', message);
  }
}

export class NotFoundError extends TrancheError {
  declare readonly code: 'NOT_FOUND';
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}
