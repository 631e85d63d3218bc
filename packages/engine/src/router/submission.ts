import { algorithmFromWire, execution } from '@tranche/contracts';
import { Dec, isQtyOnStep, type InstrumentRules } from '@tranche/execution-core';
import { InvalidRequestError } from '../services/errors.js';
import type { RouterConfig } from './config.js';

const DEFAULT_SLICE_MS = 60_000;

/**
 * A submission's fields checked against the instrument and the router's limits, before anything
 * is asked of the market or stored. Each refusal names the request field and what is accepted.
 */
export function checkSubmission(
  request: execution.ISubmitParentOrderRequest,
  rules: InstrumentRules,
  config: Pick<RouterConfig, 'maxHorizonMs' | 'maxSlices'>,
) {
  const qty = request.quantity ?? '';
  if (!/^\d+(\.\d+)?$/.test(qty) || new Dec(qty).lte(0))
    throw new InvalidRequestError(`quantity must be a positive decimal string, got ${JSON.stringify(qty)}`);
  if (!isQtyOnStep(qty, rules))
    throw new InvalidRequestError(
      `quantity ${qty} is not a multiple of the ${request.symbol} quantity step ${rules.qtyStep}`,
    );
  if (new Dec(qty).lt(rules.minOrderQty))
    throw new InvalidRequestError(
      `quantity ${qty} is below the ${request.symbol} minimum order quantity ${rules.minOrderQty}`,
    );
  const horizonMs = Number(request.horizonMs ?? 0);
  if (!(horizonMs > 0) || horizonMs > config.maxHorizonMs)
    throw new InvalidRequestError(
      `horizon_ms must be between 1 and ${config.maxHorizonMs}, got ${horizonMs}`,
    );
  const requested = request.algorithm ? algorithmFromWire(request.algorithm) : 'TWAP';
  if (!requested)
    throw new InvalidRequestError(
      `algorithm ${request.algorithm} is not one of ALGORITHM_TWAP, ALGORITHM_VWAP, ALGORITHM_IS, ALGORITHM_POV, ALGORITHM_ADAPTIVE`,
    );
  const algorithm = execution.Algorithm[`ALGORITHM_${requested}`];
  const slices =
    request.slices || Math.max(1, Math.min(config.maxSlices, Math.round(horizonMs / DEFAULT_SLICE_MS)));
  if (slices > config.maxSlices)
    throw new InvalidRequestError(`slices must be at most ${config.maxSlices}, got ${slices}`);
  const urgency = Math.min(1, Math.max(0, Number.isFinite(request.urgency) ? (request.urgency ?? 0) : 0));
  const jitterRequest = request.jitter ?? undefined;
  for (const [field, v] of [
    ['timing_fraction', jitterRequest?.timingFraction ?? 0],
    ['size_fraction', jitterRequest?.sizeFraction ?? 0],
  ] as const)
    if (!Number.isFinite(v) || v < 0 || v > 0.5)
      throw new InvalidRequestError(`jitter.${field} must be between 0 and 0.5, got ${v}`);
  return { qty, horizonMs, requested, algorithm, slices, urgency, jitterRequest };
}
