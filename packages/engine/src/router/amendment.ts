import { Dec, type InstrumentRules } from '@tranche/execution-core';
import type { execution } from '@tranche/contracts';
import { InvalidRequestError } from '../services/errors.js';
import type { ExecutionDeps } from './execution-deps.js';
import type { ParentAmendment } from './parent-execution.js';

/** An amended deadline leaves at least this long to trade what is left. */
const MIN_AMENDED_HORIZON_MS = 5_000;

/**
 * The change an amend request asks for, every field checked before anything is applied, so a refused
 * amend leaves the parent as it was. Each refusal names the request field and what would be accepted.
 */
export async function amendmentFrom(
  request: execution.IAmendParentOrderRequest,
  parent: execution.ParentOrder,
  deps: Pick<ExecutionDeps, 'clock' | 'config'>,
  instrumentRules: () => Promise<InstrumentRules>,
): Promise<ParentAmendment> {
  const change: ParentAmendment = { reason: request.reason || 'amended by its owner' };
  // An int64 left unset may decode as a Long zero: read it through its text.
  const deadline = Number(String(request.deadline ?? 0));
  if (deadline) {
    const now = deps.clock.now();
    const latest = Number(parent.startTime) + deps.config.maxHorizonMs;
    if (!Number.isFinite(deadline) || deadline <= now + MIN_AMENDED_HORIZON_MS || deadline > latest)
      throw new InvalidRequestError(
        `deadline must be at least ${MIN_AMENDED_HORIZON_MS / 1000} s from now and no later than ` +
          `${new Date(latest).toISOString()} (the longest horizon from the parent's start), got ${new Date(deadline).toISOString()}`,
      );
    change.deadlineMs = deadline;
  }
  if (request.urgency !== undefined && request.urgency !== null) {
    const u = Number(request.urgency);
    if (!Number.isFinite(u) || u < 0 || u > 1)
      throw new InvalidRequestError(`urgency must be between 0 and 1, got ${request.urgency}`);
    change.urgency = u;
  }
  if (request.clearLimitPrice && request.limitPrice)
    throw new InvalidRequestError('give either limit_price or clear_limit_price, not both');
  if (request.clearLimitPrice) change.limitPrice = null;
  else if (request.limitPrice) {
    const lp = request.limitPrice;
    const rules = await instrumentRules();
    if (!/^\d+(\.\d+)?$/.test(lp) || new Dec(lp).lte(0))
      throw new InvalidRequestError(
        `limit_price must be a positive decimal string, got ${JSON.stringify(lp)}`,
      );
    if (!new Dec(lp).mod(rules.tickSize).eq(0))
      throw new InvalidRequestError(
        `limit_price ${lp} is not a multiple of the ${parent.symbol} tick size ${rules.tickSize}`,
      );
    change.limitPrice = new Dec(lp).toFixed();
  }
  return change;
}
