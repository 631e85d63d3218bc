import { decision, type impact, type risk } from '@tranche/contracts';
import { Dec, type RiskLimits } from '@tranche/execution-core';
import type { DecisionPort, ImpactPort, RiskPort } from '../../ports/index.js';
import { DeadlineExceededError } from '../../services/errors.js';
import type { CallFault, DecisionStep } from './scenario.js';

/** One turn of the event loop: a failure still arrives asynchronously, as a real call's would. */
export const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** The deadline passed with no answer, as the real adapters report it, or the dependency failed outright. */
async function fail(what: string, fault: Exclude<CallFault, 'ok'>, deadlineMs: number): Promise<never> {
  await turn();
  throw fault === 'timeout'
    ? new DeadlineExceededError(what, deadlineMs)
    : new Error(`${what}: the service answered with an internal error`);
}

function cycled<T>(list: readonly T[], n: number, otherwise: T): T {
  return list.length === 0 ? otherwise : (list[n % list.length] ?? otherwise);
}

/** A decision policy answering from a script, one step per call, good advice or bad. */
export class ScriptedDecision implements DecisionPort {
  calls = 0;
  constructor(private readonly steps: readonly DecisionStep[]) {}

  async decide(request: decision.DecisionRequest, deadlineMs: number): Promise<decision.ExecutionDecision> {
    const step = cycled<DecisionStep>(this.steps, this.calls++, { fault: 'error' });
    if ('fault' in step) return fail('decision', step.fault, deadlineMs);
    await turn();
    const body: decision.IExecutionDecision = {
      confidence: step.confidence,
      reasoning: 'scripted policy',
      source: decision.DecisionSource.DECISION_SOURCE_LLM,
      validUntil: Number(request.now) + step.validForMs,
      ...(step.impactAdjustment !== undefined ? { impactAdjustment: step.impactAdjustment } : {}),
    };
    const a = step.action;
    switch (a.kind) {
      case 'AGGRESSIVE':
        body.aggressive = { limitOffsetBps: a.limitOffsetBps };
        break;
      case 'PASSIVE':
        body.passive = { offsetTicks: a.offsetTicks };
        break;
      case 'PASSIVE_AT': {
        // Deliberately off the tick: the router must round it (and keep it on its side of the touch).
        const mid = new Dec(request.snapshot?.mid || '0');
        body.passive = { limitPrice: mid.times(new Dec(a.bpsFromMid).div(1e4).plus(1)).toFixed(7) };
        break;
      }
      case 'WAIT':
        body.wait = { durationMs: a.durationMs };
        break;
      case 'ACCELERATE':
        body.accelerate = { factor: a.factor };
        break;
      case 'DECELERATE':
        body.decelerate = { factor: a.factor };
        break;
      case 'CANCEL':
        body.cancel = { reason: a.reason };
        break;
      case 'NONE':
        break;
    }
    return decision.ExecutionDecision.create(body);
  }
}

/** The impact service, failing on the calls its script says. */
export class FaultyImpact implements ImpactPort {
  calls = 0;
  constructor(
    private readonly inner: ImpactPort,
    private readonly faults: readonly CallFault[],
  ) {}

  estimate(request: impact.ImpactRequest, deadlineMs: number): Promise<impact.ImpactEstimate> {
    const fault = cycled(this.faults, this.calls++, 'ok');
    return fault === 'ok'
      ? this.inner.estimate(request, deadlineMs)
      : fail('impact estimate', fault, deadlineMs);
  }
}

/**
 * The risk service, failing validations on the calls its script says. Its limits always answer: the
 * router's local fallback is configured with the same ones, as a deployment would be.
 */
export class FaultyRisk implements RiskPort {
  calls = 0;
  constructor(
    private readonly inner: RiskPort,
    private readonly faults: readonly CallFault[],
  ) {}

  validate(request: risk.RiskRequest, deadlineMs: number): Promise<risk.RiskVerdict> {
    const fault = cycled(this.faults, this.calls++, 'ok');
    return fault === 'ok'
      ? this.inner.validate(request, deadlineMs)
      : fail('risk validation', fault, deadlineMs);
  }

  limits(deadlineMs: number): Promise<RiskLimits> {
    return this.inner.limits(deadlineMs);
  }
}
