import { risk, sideFromWire } from '@tranche/contracts';
import {
  automaticTradingState,
  defaultRiskLimits,
  evaluateRisk,
  hourlyVolatilityBps,
  mergeRiskLimits,
  strictestTradingState,
  tradingStateCommandProblems,
  type InstrumentRules,
  type RiskLimits,
  type RiskReason,
  type RiskVerdictResult,
  type TradingState,
  type TradingStateRecord,
} from '@tranche/execution-core';
import { randomUUID } from 'node:crypto';
import type { RateCounter } from '../ports/index.js';
import { InvalidRequestError } from './errors.js';
import {
  GLOBAL_SCOPE,
  MemoryTradingStateStore,
  type TradingStateStore,
} from './risk-validator-trading-states.js';

export * from './risk-validator-trading-states.js';

const MINUTE_MS = 60_000;

export interface RiskValidatorOptions {
  limits: RiskLimits;
  /** Instrument rules by symbol; an unknown symbol is denied, never guessed. */
  instruments: ReadonlyMap<string, InstrumentRules>;
  /** Identifies who took the verdict in the audit trail. */
  evaluatedBy: string;
  /** Global and per-symbol trading states; in memory (this process only) when not given. */
  tradingStates?: TradingStateStore;
}

/** Rate-counter key of a symbol's orders, every parent together (the account's budget). */
export const symbolOrdersKey = (symbol: string): string => `orders:${symbol}`;
/** Rate-counter key of one parent's orders. */
export const parentOrdersKey = (parentId: string): string => `orders:parent:${parentId}`;

/**
 * Risk validation of one concrete child order. The pure rules come from execution-core; the
 * orders-per-minute budgets are taken atomically from a shared counter and the trading states read
 * from a shared store, so replicas of the risk service cannot together exceed a budget or disagree
 * on a halt.
 */
export class RiskValidator {
  private readonly tradingStates: TradingStateStore;

  constructor(
    private readonly counter: RateCounter,
    private readonly options: RiskValidatorOptions,
  ) {
    this.tradingStates = options.tradingStates ?? new MemoryTradingStateStore();
  }

  get limits(): RiskLimits {
    return this.options.limits;
  }

  async validate(request: risk.IRiskRequest, nowMs: number): Promise<risk.RiskVerdict> {
    const side = sideFromWire(request.side ?? undefined);
    if (!side) throw new InvalidRequestError('side must be SIDE_BUY or SIDE_SELL');
    if (!request.symbol) throw new InvalidRequestError('symbol is required');
    if (!request.quantity) throw new InvalidRequestError('quantity is required');
    const symbol = request.symbol;
    const rules = this.options.instruments.get(symbol);
    const verdictId = randomUUID();
    const verdict = (r: RiskVerdictResult, state?: TradingState): risk.RiskVerdict =>
      toWireVerdict(r, verdictId, nowMs, this.options.evaluatedBy, state);
    if (!rules) {
      return verdict({
        decision: 'DENY',
        quantity: '0',
        reasons: [{ code: 'UNKNOWN_INSTRUMENT', message: `no instrument rules for ${symbol}` }],
      });
    }
    const parent = parentOverrides(request);
    if ('problems' in parent) {
      return verdict({
        decision: 'DENY',
        quantity: '0',
        reasons: parent.problems.map((message) => ({ code: 'INVALID_LIMITS', message })),
      });
    }
    const limits = mergeRiskLimits(this.options.limits, parent.limits);
    const parentId = request.parentId ?? '';
    const [ordersInLastMinute, parentOrdersInLastMinute, states] = await Promise.all([
      this.counter.count(symbolOrdersKey(symbol), nowMs, MINUTE_MS),
      // Without a parent id there is nothing to attribute the order to; the symbol budget still holds.
      parentId ? this.counter.count(parentOrdersKey(parentId), nowMs, MINUTE_MS) : undefined,
      this.tradingStates.read(symbol),
    ]);
    let tradingState = strictestTradingState(states.global.state, states.symbol.state);
    const lastOrderAt = Number(request.lastOrderAt ?? 0);
    const sentAt = Number(request.now ?? 0);
    const result = evaluateRisk(
      {
        parentId,
        symbol,
        side,
        quantity: request.quantity,
        limitPrice: request.price || undefined,
        referencePrice: request.referencePrice ?? '',
        arrivalPrice: request.arrivalPrice || request.referencePrice || '',
        remainingQty: request.remainingQuantity || request.quantity,
        aggressive: request.aggressive ?? false,
        parentLimitPrice: request.parentLimitPrice || undefined,
      },
      limits,
      {
        // last_order_at is on the sender's clock: measure the interval on that clock too, so a skew
        // between hosts can neither hide nor invent an interval.
        nowMs: lastOrderAt > 0 && sentAt > 0 ? sentAt : nowMs,
        ordersInLastMinute,
        parentOrdersInLastMinute,
        lastOrderAtMs: lastOrderAt > 0 ? lastOrderAt : null,
        spreadBps: request.spreadBps ?? 0,
        recentVolume: Number(request.recentVolume || 0),
        volatilityBps: request.volatilityBps ?? 0,
        tradingState,
        currentIsBps: request.currentIsBps ?? undefined,
        oppositeLevels: (request.oppositeLevels ?? []).map((l) => ({
          price: l.price ?? '',
          size: l.size ?? '',
        })),
      },
      rules,
    );

    const halt = automaticTradingState({
      current: states.symbol.state,
      hourlyVolatilityBps: hourlyVolatilityBps(request.volatilityBps ?? 0),
      volatilityHaltBps: limits.volatilityHaltBps,
    });
    if (halt) {
      await this.tradingStates.escalate(symbol, {
        state: halt.state,
        reason: halt.reason,
        changedBy: this.options.evaluatedBy,
        changedAtMs: nowMs,
      });
      tradingState = 'HALTED';
      result.reasons.push({
        code: 'TRADING_HALTED',
        message: `${symbol} is now halted (${halt.reason}); it stays halted until an operator resumes it on risk.v1.set_trading_state`,
      });
    }
    if (result.decision === 'DENY') return verdict(result, tradingState);

    // Two replicas may both have counted below a limit: only the atomic acquire decides. The symbol
    // budget is taken first: it is the one replicas contend for, and a refusal there spends nothing.
    // A parent's children come one at a time from one router, so its acquire after a successful
    // symbol acquire fails only in a race between two requests of one parent, and then the symbol
    // budget has spent one slot too many: the safe side.
    const member = request.childId || verdictId;
    const denied = (reason: RiskReason): risk.RiskVerdict =>
      verdict(
        {
          ...result,
          decision: 'DENY',
          quantity: '0',
          reasons: [reason, ...result.reasons.filter((r) => r.code === 'IS_ALERT')],
        },
        tradingState,
      );
    if (
      !(await this.counter.tryAcquire(
        symbolOrdersKey(symbol),
        nowMs,
        MINUTE_MS,
        limits.maxOrdersPerMinute,
        member,
      ))
    )
      return denied({
        code: 'MAX_ORDERS_PER_MINUTE',
        message: `${limits.maxOrdersPerMinute} orders in the last minute for ${symbol} across all parents (the account's rate budget)`,
      });
    if (
      parentId &&
      !(await this.counter.tryAcquire(
        parentOrdersKey(parentId),
        nowMs,
        MINUTE_MS,
        limits.maxOrdersPerMinutePerParent,
        member,
      ))
    )
      return denied({
        code: 'MAX_PARENT_ORDERS_PER_MINUTE',
        message: `${limits.maxOrdersPerMinutePerParent} orders in the last minute for parent ${parentId}`,
      });
    return verdict(result, tradingState);
  }

  /** An operator's command: sets the global or a symbol's trading state and says what now applies. */
  async setTradingState(request: risk.ISetTradingStateRequest, nowMs: number): Promise<risk.TradingStatus> {
    const state = tradingStateFromWire(request.state);
    const symbol = request.symbol ?? '';
    const reason = request.reason ?? '';
    const problems = tradingStateCommandProblems({
      state: state ?? String(request.state ?? 'unspecified'),
      symbol,
      reason,
    });
    if (problems.length === 0 && symbol !== GLOBAL_SCOPE && !this.options.instruments.has(symbol))
      problems.push(`symbol ${symbol} has no instrument rules here; known: ${this.knownSymbols()}`);
    if (problems.length > 0 || !state) throw new InvalidRequestError(problems.join('; '));
    await this.tradingStates.set(symbol, {
      state,
      reason: reason.trim(),
      changedBy: request.requestedBy?.trim() || 'unnamed caller',
      changedAtMs: nowMs,
    });
    return this.getTradingState({ symbol });
  }

  /** The global state and a symbol's (or every symbol's, for an empty symbol). */
  async getTradingState(request: risk.IGetTradingStateRequest): Promise<risk.TradingStatus> {
    const symbol = request.symbol ?? '';
    if (symbol === GLOBAL_SCOPE) {
      const all = await this.tradingStates.readAll();
      return risk.TradingStatus.create({
        global: entryToWire(GLOBAL_SCOPE, all.global),
        symbols: [...all.symbols].sort(([a], [b]) => a.localeCompare(b)).map(([s, r]) => entryToWire(s, r)),
        effective: tradingStateToWire(all.global.state),
      });
    }
    if (!this.options.instruments.has(symbol))
      throw new InvalidRequestError(
        `symbol ${symbol} has no instrument rules here; known: ${this.knownSymbols()}`,
      );
    const states = await this.tradingStates.read(symbol);
    return risk.TradingStatus.create({
      global: entryToWire(GLOBAL_SCOPE, states.global),
      symbols: [entryToWire(symbol, states.symbol)],
      effective: tradingStateToWire(strictestTradingState(states.global.state, states.symbol.state)),
    });
  }

  /** The limits this validator runs with, for callers that must apply the same ones locally. */
  getLimits(): risk.RiskLimits {
    return riskLimitsToWire(this.options.limits);
  }

  private knownSymbols(): string {
    return [...this.options.instruments.keys()].join(', ');
  }
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** The parent's own limits from the request; 0 / empty means none. Broken values are named, not ignored. */
function parentOverrides(
  request: risk.IRiskRequest,
): { limits: Partial<RiskLimits> } | { problems: string[] } {
  const problems: string[] = [];
  const limits: Partial<RiskLimits> = {};
  const notional = request.maxOrderNotional ?? '';
  if (notional !== '') {
    if (DECIMAL.test(notional) && Number(notional) > 0) limits.maxOrderNotional = notional;
    else
      problems.push(
        `max_order_notional must be a decimal > 0 (or empty for none), got ${JSON.stringify(notional)}`,
      );
  }
  const participation = request.maxParticipation ?? 0;
  if (participation !== 0) {
    if (Number.isFinite(participation) && participation > 0 && participation <= 1)
      limits.maxParticipation = participation;
    else problems.push(`max_participation must be in (0, 1] (or 0 for none), got ${participation}`);
  }
  return problems.length > 0 ? { problems } : { limits };
}

const WIRE_STATES: Record<TradingState, risk.TradingState> = {
  ACTIVE: risk.TradingState.TRADING_STATE_ACTIVE,
  REDUCING: risk.TradingState.TRADING_STATE_REDUCING,
  HALTED: risk.TradingState.TRADING_STATE_HALTED,
};

export function tradingStateToWire(state: TradingState): risk.TradingState {
  return WIRE_STATES[state];
}

/** Unspecified (or unknown) is undefined: a command must say which state it wants. */
export function tradingStateFromWire(state: risk.TradingState | null | undefined): TradingState | undefined {
  return (Object.keys(WIRE_STATES) as TradingState[]).find((k) => WIRE_STATES[k] === state);
}

function entryToWire(symbol: string, r: TradingStateRecord): risk.ITradingStateEntry {
  return {
    symbol,
    state: tradingStateToWire(r.state),
    reason: r.reason,
    changedBy: r.changedBy,
    changedAt: r.changedAtMs,
  };
}

export function toWireVerdict(
  r: RiskVerdictResult,
  verdictId: string,
  nowMs: number,
  evaluatedBy: string,
  tradingState?: TradingState,
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
    bookWalkCostBps: r.bookWalk?.costBps ?? 0,
    bookWalkQuantity: r.bookWalk?.filledQuantity ?? '',
    pauseParent: r.pauseParent ?? false,
    tradingState: tradingState
      ? tradingStateToWire(tradingState)
      : risk.TradingState.TRADING_STATE_UNSPECIFIED,
  });
}

export function riskLimitsToWire(l: RiskLimits): risk.RiskLimits {
  return risk.RiskLimits.create({
    maxOrderNotional: l.maxOrderNotional,
    maxOrdersPerMinute: l.maxOrdersPerMinute,
    maxParentOrdersPerMinute: l.maxOrdersPerMinutePerParent,
    maxParticipation: l.maxParticipation,
    minIntervalMs: l.minIntervalMs,
    maxSpreadBpsAggressive: l.maxSpreadBpsAggressive,
    maxPriceDeviationBps: l.maxPriceDeviationBps,
    isAlertBps: l.isAlertBps,
    volatilityHaltBps: l.volatilityHaltBps,
    decisionTimeoutMs: l.decisionTimeoutMs,
    maxDepthShare: l.maxDepthShare,
    depthLevels: l.depthLevels,
  });
}

/**
 * Limits as the risk service reported them (risk.v1.get_limits). A field an older service did not
 * send arrives as 0 / empty, which no limit can be (except the minimum interval, where 0 means none):
 * it takes the default rather than denying everything or nothing.
 */
export function riskLimitsFromWire(m: risk.IRiskLimits): RiskLimits {
  const d = defaultRiskLimits();
  const pos = (v: number | null | undefined, fallback: number): number =>
    typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
  const minInterval = Number(m.minIntervalMs ?? 0);
  return {
    maxOrderNotional:
      m.maxOrderNotional && DECIMAL.test(m.maxOrderNotional) ? m.maxOrderNotional : d.maxOrderNotional,
    maxOrdersPerMinute: pos(m.maxOrdersPerMinute, d.maxOrdersPerMinute),
    maxOrdersPerMinutePerParent: pos(m.maxParentOrdersPerMinute, d.maxOrdersPerMinutePerParent),
    maxParticipation: pos(m.maxParticipation, d.maxParticipation),
    minIntervalMs: Number.isFinite(minInterval) && minInterval >= 0 ? minInterval : d.minIntervalMs,
    maxSpreadBpsAggressive: pos(m.maxSpreadBpsAggressive, d.maxSpreadBpsAggressive),
    maxPriceDeviationBps: pos(m.maxPriceDeviationBps, d.maxPriceDeviationBps),
    isAlertBps: pos(m.isAlertBps, d.isAlertBps),
    volatilityHaltBps: pos(m.volatilityHaltBps, d.volatilityHaltBps),
    decisionTimeoutMs: pos(Number(m.decisionTimeoutMs ?? 0), d.decisionTimeoutMs),
    maxDepthShare: pos(m.maxDepthShare, d.maxDepthShare),
    depthLevels: pos(m.depthLevels, d.depthLevels),
  };
}

export function riskLimitsFromEnv(overrides: Partial<RiskLimits>): RiskLimits {
  return { ...defaultRiskLimits(), ...overrides };
}
