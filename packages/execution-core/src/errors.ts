/**
 * Every error this package throws carries a stable `code` so callers can map it to a transport error at
 * the edge without parsing messages, and a message that names the offending field and what to change.
 */
export class ExecutionCoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad caller input: NaN, negative, zero, out of range, wrong shape. */
export class InvalidInputError extends ExecutionCoreError {
  declare readonly code: 'INVALID_INPUT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('INVALID_INPUT', `${field}: ${message}`);
  }
}

/** A string that should carry a decimal number does not (e.g. "1e", "", "abc", "Infinity"). */
export class InvalidDecimalError extends ExecutionCoreError {
  declare readonly code: 'INVALID_DECIMAL';
  constructor(
    readonly field: string,
    readonly value: unknown,
  ) {
    super(
      'INVALID_DECIMAL',
      `${field}: expected a finite decimal string such as "0.001", got ${JSON.stringify(value)}`,
    );
  }
}

export type StateEntity = 'ParentOrder' | 'ChildOrder';

/** A state change the transition table does not allow; this is an invariant break, so it throws. */
export class IllegalTransitionError extends ExecutionCoreError {
  declare readonly code: 'ILLEGAL_TRANSITION';
  constructor(
    readonly from: string,
    readonly to: string,
    readonly entity: StateEntity,
  ) {
    super(
      'ILLEGAL_TRANSITION',
      `${entity} cannot move from ${from} to ${to}; see the transition table for legal moves`,
    );
  }
}
