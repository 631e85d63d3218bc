import fc from 'fast-check';
import { type DecisionValidationContext, validateDecision } from './decision-validation.js';

const ctx: DecisionValidationContext = {
  nowMs: 1_000_000,
  remainingQty: 2,
  arrivalPrice: 60_000,
  maxPriceDeviationBps: 300,
};
const good = {
  action: { kind: 'PASSIVE', offsetTicks: 1 },
  confidence: 0.7,
  reasoning: 'spread is wide; post passively',
  validUntilMs: 1_030_000,
  source: 'LLM',
};

describe('validateDecision', () => {
  it('accepts a well-formed decision, with an optional size and price inside the limits', () => {
    const r = validateDecision({ ...good, quantity: 1.5, limitPrice: 60_500 }, ctx);
    expect(r).toEqual({ ok: true, decision: { ...good, quantity: 1.5, limitPrice: 60_500 } });
  });

  it.each([
    ['not an object', 'BUY NOW', 'DECISION_SHAPE'],
    ['an unknown action', { ...good, action: { kind: 'YOLO' } }, 'DECISION_ACTION'],
    ['a stringly number', { ...good, action: { kind: 'PASSIVE', offsetTicks: '1' } }, 'DECISION_ACTION'],
    [
      'an extra action field',
      { ...good, action: { kind: 'WAIT', durationMs: 1000, quantity: 5 } },
      'DECISION_ACTION',
    ],
    [
      'a fractional tick offset',
      { ...good, action: { kind: 'PASSIVE', offsetTicks: 0.5 } },
      'DECISION_ACTION',
    ],
    [
      'a limit offset beyond the price band',
      { ...good, action: { kind: 'AGGRESSIVE', limitOffsetBps: 5000 } },
      'DECISION_ACTION',
    ],
    ['a negative wait', { ...good, action: { kind: 'WAIT', durationMs: -1 } }, 'DECISION_ACTION'],
    ['an absurd acceleration', { ...good, action: { kind: 'ACCELERATE', factor: 1e9 } }, 'DECISION_ACTION'],
    [
      'a deceleration that accelerates',
      { ...good, action: { kind: 'DECELERATE', factor: 2 } },
      'DECISION_ACTION',
    ],
    ['a cancel without a reason', { ...good, action: { kind: 'CANCEL', reason: ' ' } }, 'DECISION_ACTION'],
    ['confidence above 1', { ...good, confidence: 1.2 }, 'DECISION_CONFIDENCE'],
    ['NaN confidence', { ...good, confidence: NaN }, 'DECISION_CONFIDENCE'],
    ['empty reasoning', { ...good, reasoning: '' }, 'DECISION_REASONING'],
    ['validity in the past', { ...good, validUntilMs: 999_999 }, 'DECISION_VALIDITY'],
    ['validity a year out', { ...good, validUntilMs: 1_000_000 + 3.15e10 }, 'DECISION_VALIDITY'],
    ['an invented source', { ...good, source: 'ORACLE' }, 'DECISION_SOURCE'],
    ['more than remains', { ...good, quantity: 2.5 }, 'DECISION_QUANTITY'],
    ['a negative size', { ...good, quantity: -1 }, 'DECISION_QUANTITY'],
    ['an Infinity size', { ...good, quantity: Infinity }, 'DECISION_QUANTITY'],
    ['a price outside the band', { ...good, limitPrice: 70_000 }, 'DECISION_PRICE'],
    ['a zero price', { ...good, limitPrice: 0 }, 'DECISION_PRICE'],
  ])('refuses %s with %s', (_, raw, code) => {
    const r = validateDecision(raw, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reasons.map((x) => x.code)).toContain(code);
  });

  it('property: random JSON never passes unless every field is within its bounds', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = validateDecision(v, ctx);
        if (r.ok) {
          const d = r.decision;
          expect(d.confidence >= 0 && d.confidence <= 1).toBe(true);
          expect(d.validUntilMs > ctx.nowMs).toBe(true);
        }
      }),
    );
    fc.assert(
      fc.property(
        fc.record({
          action: fc.record(
            {
              kind: fc.constantFrom('AGGRESSIVE', 'PASSIVE', 'WAIT', 'ACCELERATE', 'DECELERATE'),
              factor: fc.double(),
              offsetTicks: fc.double(),
              durationMs: fc.double(),
              limitOffsetBps: fc.double(),
            },
            { requiredKeys: ['kind'] },
          ),
          confidence: fc.double(),
          reasoning: fc.string(),
          validUntilMs: fc.double(),
          source: fc.constantFrom('LLM', 'HEURISTIC', 'FALLBACK', 'X'),
          quantity: fc.option(fc.double(), { nil: undefined }),
          limitPrice: fc.option(fc.double(), { nil: undefined }),
        }),
        (raw) => {
          const r = validateDecision(raw, ctx);
          if (!r.ok) return;
          const d = r.decision;
          for (const n of [d.confidence, d.validUntilMs, d.quantity ?? 1, d.limitPrice ?? 1])
            expect(Number.isFinite(n)).toBe(true);
          if (d.quantity !== undefined) expect(d.quantity > 0 && d.quantity <= ctx.remainingQty).toBe(true);
          if (d.limitPrice !== undefined)
            expect(Math.abs(d.limitPrice - ctx.arrivalPrice) / ctx.arrivalPrice).toBeLessThanOrEqual(0.03);
          const a = d.action;
          if (a.kind === 'ACCELERATE') expect(a.factor > 1 && a.factor <= 4).toBe(true);
          if (a.kind === 'DECELERATE') expect(a.factor > 0 && a.factor < 1).toBe(true);
          if (a.kind === 'WAIT') expect(a.durationMs > 0).toBe(true);
        },
      ),
    );
  });
});
