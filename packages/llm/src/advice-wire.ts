import { decision } from '@tranche/contracts';
import type { ModelAnswer } from './answer-schema.js';
import type { ValidAdvice } from './answer-validation.js';
import type { StoredAdvice } from './advice-store.js';
import type { AdviceLimits } from './limits.js';

/** A decision on the wire is valid for at most this long: the router re-asks every slice anyway. */
export const WIRE_VALIDITY_MS = 60_000;

/**
 * Stored advice as the router's ExecutionDecision. AGGRESSIVE takes the configured offset through the
 * touch (the model gives none; the router caps it again); PASSIVE rests at the model's limit price;
 * WAIT seconds become milliseconds; CANCEL's reason is the model's reasoning, cut to the 500
 * characters the router accepts. The quantity travels as a decimal string, already checked against
 * what remains.
 */
export function adviceToWire(
  stored: StoredAdvice,
  nowMs: number,
  limits: AdviceLimits,
  quantity: string | undefined,
): decision.ExecutionDecision {
  const a = stored.advice;
  const base: decision.IExecutionDecision = {
    confidence: a.confidence,
    reasoning: a.reasoning,
    validUntil: Math.min(stored.validUntilMs, nowMs + WIRE_VALIDITY_MS),
    source: decision.DecisionSource.DECISION_SOURCE_LLM,
    policy: `llm:${stored.model}`,
    impactAdjustment: a.impactAdjustment,
    promptTemplate: stored.templateId,
    promptHash: stored.promptHash,
    latencyMs: stored.latencyMs,
    ...(quantity ? { quantity } : {}),
  };
  switch (a.action) {
    case 'AGGRESSIVE':
      return decision.ExecutionDecision.create({
        ...base,
        // Never further through the touch than the band: the router refuses an offset beyond it.
        aggressive: { limitOffsetBps: Math.min(limits.aggressiveOffsetBps, limits.priceBandBps) },
      });
    case 'PASSIVE':
      return decision.ExecutionDecision.create({
        ...base,
        passive: { offsetTicks: 0, limitPrice: a.limitPrice ?? '' },
      });
    case 'WAIT':
      return decision.ExecutionDecision.create({ ...base, wait: { durationMs: a.durationMs ?? 0 } });
    case 'ACCELERATE':
      return decision.ExecutionDecision.create({ ...base, accelerate: { factor: a.rate ?? 1 } });
    case 'DECELERATE':
      return decision.ExecutionDecision.create({ ...base, decelerate: { factor: a.rate ?? 1 } });
    case 'CANCEL':
      return decision.ExecutionDecision.create({
        ...base,
        cancel: { reason: a.reasoning.slice(0, 500) || 'the model advised a re-plan' },
      });
  }
}

/** The answer a stored advice came from, to check it again against a later state. */
export function answerOf(a: ValidAdvice, quantity: string | undefined): ModelAnswer {
  return {
    action: a.action,
    quantity: quantity !== undefined ? Number(quantity) : null,
    limit_price: a.limitPrice !== undefined ? Number(a.limitPrice) : null,
    duration_secs: a.durationMs !== undefined ? a.durationMs / 1000 : null,
    new_rate: a.rate ?? null,
    impact_adjustment: a.impactAdjustment,
    reasoning: a.reasoning,
    confidence: a.confidence,
  };
}

/** One line for the prompt's list of previous decisions: the action and its figures, never model text. */
export function summarizeDecision(d: decision.IExecutionDecision): string {
  const q = d.quantity ? ` qty ${d.quantity}` : '';
  if (d.aggressive) return `AGGRESSIVE${q}`;
  if (d.passive)
    return `PASSIVE${q}${d.passive.limitPrice ? ` @ ${d.passive.limitPrice}` : ` ${d.passive.offsetTicks ?? 0} ticks behind the touch`}`;
  if (d.wait) return `WAIT ${Math.round(Number(d.wait.durationMs ?? 0) / 1000)} s`;
  if (d.accelerate) return `ACCELERATE rate ${d.accelerate.factor}`;
  if (d.decelerate) return `DECELERATE rate ${d.decelerate.factor}`;
  if (d.cancel) return 'CANCEL and re-plan';
  return 'baseline';
}

/**
 * Whether a decision changes the baseline slice: anything but a plain marketable order of the
 * baseline's quantity at the model's own impact estimate.
 */
export function isAdaptation(d: decision.IExecutionDecision, baselineQuantity: string): boolean {
  const adj = d.impactAdjustment ?? 0;
  if (adj !== 0 && adj !== 1) return true;
  if (d.aggressive) return Boolean(d.quantity) && Number(d.quantity) !== Number(baselineQuantity);
  return Boolean(d.passive || d.wait || d.accelerate || d.decelerate || d.cancel);
}
