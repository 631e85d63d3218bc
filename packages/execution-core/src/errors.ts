/**
 * The one error family of the system: every error Tranche throws on purpose (domain, ports, services,
 * transport) carries a stable `code`, so callers branch on it and the edge maps it to a reply or an
 * exit status without parsing messages, and a message that names what is wrong and what to change.
 */
export class TrancheError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Errors of the domain rules in this package. */
export class ExecutionCoreError extends TrancheError {}

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
