import type { ImpactEstimateResult } from './impact-estimate.js';

export const BLEND_MIN_ADJUSTMENT = 0.5;
export const BLEND_MAX_ADJUSTMENT = 2.0;

/**
 * LLM-adjusted impact: base·(1 − w + w·a). The adjustment `a` is clamped to [0.5, 2] and `w` to [0, 1],
 * so a model output, however wrong, can at most halve or double the quantitative estimate. A NaN or
 * missing adjustment is ignored (a = 1) and the reasoning says so.
 */
export function blendImpact(
  base: ImpactEstimateResult,
  adjustment: number,
  weight: number,
): ImpactEstimateResult {
  const aValid = typeof adjustment === 'number' && Number.isFinite(adjustment);
  const a = aValid ? Math.min(BLEND_MAX_ADJUSTMENT, Math.max(BLEND_MIN_ADJUSTMENT, adjustment)) : 1;
  const w = typeof weight === 'number' && Number.isFinite(weight) ? Math.min(1, Math.max(0, weight)) : 0;
  const f = 1 - w + w * a;
  const notes: string[] = [];
  if (!aValid) notes.push(`adjustment ${String(adjustment)} ignored`);
  else if (a !== adjustment) notes.push(`adjustment ${adjustment} clamped to ${a}`);
  return {
    bps: base.bps * f,
    lowBps: base.lowBps * f,
    highBps: base.highBps * f,
    model: `blend(${base.model})`,
    reasoning: `${base.reasoning}; factor ${f.toFixed(4)} (w=${w}, a=${a})${notes.length ? `; ${notes.join(', ')}` : ''}`,
  };
}
