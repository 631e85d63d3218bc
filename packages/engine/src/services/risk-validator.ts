import { risk, sideFromWire } from '@tranche/contracts';
import {
  defaultRiskLimits,
  evaluateRisk,
  type InstrumentRules,
  type RiskLimits,
  type RiskVerdictResult,
} from '@tranche/execution-core';
import { randomUUID } from 'node:crypto';
import type { RateCounter } from '../ports/index.js';
import { InvalidRequestError } from './errors.js';

const MINUTE_MS = 60_000;

export interface RiskValidatorOptions {
  limits: RiskLimits;
  /** Instrument rules by symbol; an unknown symbol is denied, never guessed. */
  instruments: ReadonlyMap<string, InstrumentRules>;
  /** Identifies who took the verdict in the audit trail. */
  evaluatedBy: string;
}

/**
 * Risk validation of one concrete child order. The pure rules come from
 * execution-core; the orders-per-minute budget is taken atomically from a
 * shared counter, so replicas of the risk service cannot together exceed it.
 */
export class RiskValidator {
  constructor(
    private readonly counter: RateCounter,
    private readonly options: RiskValidatorOptions,
  ) {}

  get limits(): RiskLimits {
    return this.options.limits;
  }

  async validate(request: risk.IRiskRequest, nowMs: number): Promise<risk.RiskVerdict> {
    const side = sideFromWire(request.side ?? undefined);
    if (!side) throw new InvalidRequestError('side must be SIDE_BUY or SIDE_SELL');
    if (!request.symbol) throw new InvalidRequestError('symbol is required');
    if (!request.quantity) throw new InvalidRequestError('quantity is required');
    const rules = this.options.instruments.get(request.symbol);
    const verdictId = randomUUID();
    if (!rules) {
      return toWireVerdict(
        {
          decision: 'DENY',
          quantity: '0',
          reasons: [{ code: 'UNKNOWN_INSTRUMENT', message: `no instrument rules for ${request.symbol}` }],
        },
        verdictId,
        nowMs,
        this.options.evaluatedBy,
      );
    }
    const key = `orders:${request.symbol}`;
    const ordersInLastMinute = await this.counter.count(key, nowMs, MINUTE_MS);
    const result = evaluateRisk(
      {
        parentId: request.parentId ?? '',
        symbol: request.symbol,
        side,
        quantity: request.quantity,
        limitPrice: request.price || undefined,
        referencePrice: request.referencePrice ?? '',
        arrivalPrice: request.arrivalPrice || request.referencePrice || '',
        remainingQty: request.remainingQuantity || request.quantity,
        aggressive: request.aggressive ?? false,
      },
      this.options.limits,
      {
        nowMs,
        ordersInLastMinute,
        lastOrderAtMs: null,
        spreadBps: request.spreadBps ?? 0,
        recentVolume: Number(request.recentVolume || 0),
        volatilityBps: request.volatilityBps ?? 0,
        tradingState: 'ACTIVE',
      },
      rules,
    );
    if (result.decision !== 'DENY') {
      // Two replicas may both have counted below the limit: only the atomic acquire decides.
      const ok = await this.counter.tryAcquire(
        key,
        nowMs,
        MINUTE_MS,
        this.options.limits.maxOrdersPerMinute,
        request.childId || verdictId,
      );
      if (!ok) {
        return toWireVerdict(
          {
            decision: 'DENY',
            quantity: '0',
            reasons: [
              {
                code: 'MAX_ORDERS_PER_MINUTE',
                message: `${this.options.limits.maxOrdersPerMinute} orders in the last minute for ${request.symbol}`,
              },
            ],
          },
          verdictId,
          nowMs,
          this.options.evaluatedBy,
        );
      }
    }
    return toWireVerdict(result, verdictId, nowMs, this.options.evaluatedBy);
  }
}

export function toWireVerdict(
  r: RiskVerdictResult,
  verdictId: string,
  nowMs: number,
  evaluatedBy: string,
): risk.RiskVerdict {
  const decision = {
    APPROVE: risk.RiskDecision.RISK_DECISION_APPROVE,
    CLAMP: risk.RiskDecision.RISK_DECISION_CLAMP,
    DENY: risk.RiskDecision.RISK_DECISION_DENY,
  }[r.decision];
  return risk.RiskVerdict.create({
    decision,
    quantity: r.quantity,
    reasons: r.reasons,
    verdictId,
    tsEvent: nowMs,
    evaluatedBy,
  });
}

export function riskLimitsFromEnv(overrides: Partial<RiskLimits>): RiskLimits {
  return { ...defaultRiskLimits(), ...overrides };
}
