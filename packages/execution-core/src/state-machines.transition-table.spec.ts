import { CHILD_STATES, canTransitionChild, isTerminalChild, transitionChild } from './child-state.js';
import { IllegalTransitionError } from './errors.js';
import { PARENT_STATES, canTransitionParent, isTerminalParent, transitionParent } from './parent-state.js';

describe('ParentOrder transitions', () => {
  it('walks a normal life: created, started, child working, partial, complete', () => {
    let s = transitionParent('INITIALIZED', 'ACTIVE');
    s = transitionParent(s, 'EXECUTING');
    s = transitionParent(s, 'FILLED');
    s = transitionParent(s, 'EXECUTING');
    s = transitionParent(s, 'COMPLETE');
    expect(s).toBe('COMPLETE');
  });

  it('pause and resume, with a late fill able to complete a paused order', () => {
    expect(transitionParent(transitionParent('EXECUTING', 'PAUSED'), 'ACTIVE')).toBe('ACTIVE');
    expect(transitionParent('PAUSED', 'COMPLETE')).toBe('COMPLETE');
  });

  it.each([
    ['INITIALIZED', 'EXECUTING'],
    ['INITIALIZED', 'COMPLETE'],
    ['COMPLETE', 'ACTIVE'],
    ['CANCELLED', 'ACTIVE'],
    ['FAILED', 'EXECUTING'],
    ['PAUSED', 'EXECUTING'],
    ['ACTIVE', 'INITIALIZED'],
  ] as const)('%s → %s throws IllegalTransitionError with code and states', (from, to) => {
    try {
      transitionParent(from, to);
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(IllegalTransitionError);
      expect(e).toMatchObject({ code: 'ILLEGAL_TRANSITION', entity: 'ParentOrder', from, to });
    }
  });

  it('terminal states have no exits, and every non-terminal state can be cancelled or failed', () => {
    for (const s of PARENT_STATES) {
      if (isTerminalParent(s)) {
        for (const t of PARENT_STATES) expect(canTransitionParent(s, t)).toBe(false);
      } else {
        expect(canTransitionParent(s, 'CANCELLED')).toBe(true);
        expect(canTransitionParent(s, 'FAILED')).toBe(true);
      }
    }
  });

  it('an unknown state string is refused, not crashed on', () => {
    expect(() => transitionParent('BOGUS' as never, 'ACTIVE')).toThrow(IllegalTransitionError);
  });
});

describe('ChildOrder transitions', () => {
  it('follows Bybit: New → PartiallyFilled → Filled', () => {
    expect(
      transitionChild(transitionChild(transitionChild('PendingNew', 'New'), 'PartiallyFilled'), 'Filled'),
    ).toBe('Filled');
  });

  it('keeps Denied (our risk check) apart from Rejected (the venue)', () => {
    expect(transitionChild('PendingNew', 'Denied')).toBe('Denied');
    expect(transitionChild('PendingNew', 'Rejected')).toBe('Rejected');
    expect(() => transitionChild('New', 'Denied')).toThrow(IllegalTransitionError);
  });

  it('accepts the real-world races: fill before ack, fill after cancel', () => {
    expect(transitionChild('PendingNew', 'Filled')).toBe('Filled');
    expect(transitionChild('Cancelled', 'Filled')).toBe('Filled');
  });

  it.each([
    ['Filled', 'Cancelled'],
    ['Rejected', 'New'],
    ['Denied', 'New'],
    ['New', 'PendingNew'],
    ['Filled', 'PartiallyFilled'],
  ] as const)('%s → %s throws', (from, to) => {
    expect(() => transitionChild(from, to)).toThrow(
      expect.objectContaining({ code: 'ILLEGAL_TRANSITION', entity: 'ChildOrder' }),
    );
  });

  it('Filled, Rejected and Denied have no exits', () => {
    for (const s of ['Filled', 'Rejected', 'Denied'] as const) {
      expect(isTerminalChild(s)).toBe(true);
      for (const t of CHILD_STATES) expect(canTransitionChild(s, t)).toBe(false);
    }
  });
});
