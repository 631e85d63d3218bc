/**
 * Named errors of the transport. Each carries a stable `code` so callers can
 * branch on it and a message a person can act on.
 */
export abstract class TransportError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly subject: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The service did not answer within the deadline. It may still have acted on the request. */
export class RpcTimeoutError extends TransportError {
  readonly code = 'RPC_TIMEOUT';
  constructor(
    subject: string,
    readonly timeoutMs: number,
  ) {
    super(`no reply on ${subject} within ${timeoutMs} ms; the service is slow or overloaded`, subject);
  }
}

/** Nobody subscribes to the subject: the service is down or not started. */
export class RpcNoRespondersError extends TransportError {
  readonly code = 'RPC_NO_RESPONDERS';
  constructor(subject: string) {
    super(`no service is listening on ${subject}; start it or check NATS_URL`, subject);
  }
}

/** The service answered with an error reply. `remoteCode` is the service's own code. */
export class RpcRemoteError extends TransportError {
  readonly code = 'RPC_REMOTE_ERROR';
  constructor(
    subject: string,
    readonly remoteCode: string,
    remoteMessage: string,
  ) {
    super(`${subject} failed: [${remoteCode}] ${remoteMessage}`, subject);
  }
}

/** A payload could not be decoded as the expected protobuf type. */
export class PayloadDecodeError extends TransportError {
  readonly code = 'BAD_PAYLOAD';
  constructor(
    subject: string,
    readonly expectedType: string,
    reason: string,
  ) {
    super(`payload on ${subject} is not a valid ${expectedType}: ${reason}`, subject);
  }
}

/**
 * Thrown by handlers for a request that decodes but makes no sense (missing
 * symbol, negative quantity). Replied to the caller as code BAD_REQUEST.
 */
export class BadRequestError extends Error {
  readonly code = 'BAD_REQUEST';
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}
