import type { RiskReason } from './risk-verdict.js';
import type { DecisionAction, DecisionSource, ExecutionDecisionResult } from './execution-decision.js';

/** What a decision is checked against; all numbers come from our own state, never from the model. */
export interface DecisionValidationContext {
  nowMs: number;
  /** Parent quantity still to trade. */
  remainingQty: number;
  arrivalPrice: number;
  maxPriceDeviationBps: number;
  /** Longest a decision may stay valid; stale advice is worse than none. */
  maxValidityMs?: number;
  maxWaitMs?: number;
  maxOffsetTicks?: number;
  maxFactor?: number;
}

/** A decision that may also carry a proposed size and price (an LLM sometimes offers them). */
export interface ValidatedDecision extends ExecutionDecisionResult {
  quantity?: number;
  limitPrice?: number;
  /** Multiplier on the impact model's estimate, in [0.5, 2]. */
  impactAdjustment?: number;
}

export type DecisionValidation =
  { ok: true; decision: ValidatedDecision } | { ok: false; reasons: RiskReason[] };

const SOURCES: readonly DecisionSource[] = ['LLM', 'HEURISTIC', 'FALLBACK'];
const MAX_REASONING_CHARS = 4_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Validates an untrusted decision (typically parsed LLM JSON) field by field. Nothing is coerced: a
 * string "0.5" where a number belongs, an unknown action kind, an extra action field, NaN, a negative
 * or absurd size, a price outside the band or a validity in the past are all refused with coded
 * reasons, so a hallucinated output cannot reach the router.
 */
export function validateDecision(raw: unknown, ctx: DecisionValidationContext): DecisionValidation {
  const reasons: RiskReason[] = [];
  const fail = (code: string, message: string): void => {
    reasons.push({ code, message });
  };
  const maxValidity = ctx.maxValidityMs ?? 5 * 60_000;
  const maxWait = ctx.maxWaitMs ?? 10 * 60_000;
  const maxTicks = ctx.maxOffsetTicks ?? 50;
  const maxFactor = ctx.maxFactor ?? 4;

  if (!isRecord(raw))
    return { ok: false, reasons: [{ code: 'DECISION_SHAPE', message: 'decision must be a JSON object' }] };
  const a = raw.action;
  let action: DecisionAction | null = null;
  if (!isRecord(a) || typeof a.kind !== 'string') {
    fail('DECISION_ACTION', 'action must be an object with a kind');
  } else {
    const keys = Object.keys(a).sort().join(',');
    const only = (k: string): boolean => keys === ['kind', k].sort().join(',');
    switch (a.kind) {
      case 'AGGRESSIVE':
        if (
          !only('limitOffsetBps') ||
          !num(a.limitOffsetBps) ||
          a.limitOffsetBps < 0 ||
          a.limitOffsetBps > ctx.maxPriceDeviationBps
        )
          fail('DECISION_ACTION', `AGGRESSIVE needs limitOffsetBps in [0, ${ctx.maxPriceDeviationBps}]`);
        else action = { kind: 'AGGRESSIVE', limitOffsetBps: a.limitOffsetBps };
        break;
      case 'PASSIVE':
        if (
          !only('offsetTicks') ||
          !num(a.offsetTicks) ||
          !Number.isInteger(a.offsetTicks) ||
          a.offsetTicks < 0 ||
          a.offsetTicks > maxTicks
        )
          fail('DECISION_ACTION', `PASSIVE needs an integer offsetTicks in [0, ${maxTicks}]`);
        else action = { kind: 'PASSIVE', offsetTicks: a.offsetTicks };
        break;
      case 'WAIT':
        if (!only('durationMs') || !num(a.durationMs) || a.durationMs <= 0 || a.durationMs > maxWait)
          fail('DECISION_ACTION', `WAIT needs durationMs in (0, ${maxWait}]`);
        else action = { kind: 'WAIT', durationMs: a.durationMs };
        break;
      case 'ACCELERATE':
        if (!only('factor') || !num(a.factor) || a.factor <= 1 || a.factor > maxFactor)
          fail('DECISION_ACTION', `ACCELERATE needs factor in (1, ${maxFactor}]`);
        else action = { kind: 'ACCELERATE', factor: a.factor };
        break;
      case 'DECELERATE':
        if (!only('factor') || !num(a.factor) || a.factor <= 0 || a.factor >= 1)
          fail('DECISION_ACTION', 'DECELERATE needs factor in (0, 1)');
        else action = { kind: 'DECELERATE', factor: a.factor };
        break;
      case 'CANCEL':
        if (
          !only('reason') ||
          typeof a.reason !== 'string' ||
          a.reason.trim() === '' ||
          a.reason.length > 500
        )
          fail('DECISION_ACTION', 'CANCEL needs a non-empty reason of at most 500 characters');
        else action = { kind: 'CANCEL', reason: a.reason };
        break;
      default:
        fail('DECISION_ACTION', `unknown action kind ${JSON.stringify(a.kind)}`);
    }
  }
  if (!num(raw.confidence) || raw.confidence < 0 || raw.confidence > 1)
    fail('DECISION_CONFIDENCE', 'confidence must be a number in [0,1]');
  if (
    typeof raw.reasoning !== 'string' ||
    raw.reasoning.trim() === '' ||
    raw.reasoning.length > MAX_REASONING_CHARS
  )
    fail(
      'DECISION_REASONING',
      `reasoning must be a non-empty string of at most ${MAX_REASONING_CHARS} characters`,
    );
  if (!num(raw.validUntilMs) || raw.validUntilMs <= ctx.nowMs || raw.validUntilMs > ctx.nowMs + maxValidity)
    fail('DECISION_VALIDITY', `validUntilMs must be after now and at most ${maxValidity} ms ahead`);
  if (typeof raw.source !== 'string' || !SOURCES.includes(raw.source as DecisionSource))
    fail('DECISION_SOURCE', `source must be one of ${SOURCES.join(', ')}`);

  let quantity: number | undefined;
  if (raw.quantity !== undefined) {
    if (!num(raw.quantity) || raw.quantity <= 0)
      fail('DECISION_QUANTITY', 'quantity must be a finite number > 0');
    else if (!(raw.quantity <= ctx.remainingQty))
      fail('DECISION_QUANTITY', `quantity ${raw.quantity} exceeds the remaining ${ctx.remainingQty}`);
    else quantity = raw.quantity;
  }
  let limitPrice: number | undefined;
  if (raw.limitPrice !== undefined) {
    if (!num(raw.limitPrice) || raw.limitPrice <= 0)
      fail('DECISION_PRICE', 'limitPrice must be a finite number > 0');
    else {
      const dev = (Math.abs(raw.limitPrice - ctx.arrivalPrice) / ctx.arrivalPrice) * 10_000;
      if (!(dev <= ctx.maxPriceDeviationBps))
        fail(
          'DECISION_PRICE',
          `limitPrice is ${dev.toFixed(1)} bps from arrival, band ${ctx.maxPriceDeviationBps} bps`,
        );
      else limitPrice = raw.limitPrice;
    }
  }
  let impactAdjustment: number | undefined;
  if (raw.impactAdjustment !== undefined) {
    if (!num(raw.impactAdjustment) || raw.impactAdjustment < 0.5 || raw.impactAdjustment > 2)
      fail('DECISION_IMPACT_ADJUSTMENT', 'impactAdjustment must be a number in [0.5, 2]');
    else impactAdjustment = raw.impactAdjustment;
  }
  if (reasons.length > 0 || action === null) return { ok: false, reasons };
  const decision: ValidatedDecision = {
    action,
    confidence: raw.confidence as number,
    reasoning: raw.reasoning as string,
    validUntilMs: raw.validUntilMs as number,
    source: raw.source as DecisionSource,
  };
  if (quantity !== undefined) decision.quantity = quantity;
  if (limitPrice !== undefined) decision.limitPrice = limitPrice;
  if (impactAdjustment !== undefined) decision.impactAdjustment = impactAdjustment;
  return { ok: true, decision };
}
