import {
  decision as decisionNs,
  impact as impactNs,
  risk as riskNs,
  type marketdata,
} from '@tranche/contracts';
import {
  evaluateRisk,
  mergeRiskLimits,
  type TradingState,
  validateDecision,
  type DecisionAction,
  type InstrumentRules,
} from '@tranche/execution-core';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { actionFromWire } from '../services/heuristic-decider.js';
import { estimateImpact } from '../services/impact-model.js';
import { toWireVerdict, tradingStateFromWire } from '../services/risk-validator.js';
import { dependencyKind, DependencyStats, type Dependency } from './dependency-stats.js';
import type { Emit, ExecutionDeps } from './execution-deps.js';
import type { ParentRecord } from './parent-record.js';
import type { SlicePlan } from './slice-plan.js';
import { snapshotAgeMs } from './snapshot-age.js';

/** A decision the policy gave and the router validated, with its wire form for the event trail. */
export interface AcceptedDecision {
  wire: decisionNs.ExecutionDecision;
  action: DecisionAction;
  /** PASSIVE: an explicit limit price, inside the band (validated). */
  limitPrice?: number;
  /** Multiplier on the impact estimate for the slices that follow, in [0.5, 2]. */
  impactAdjustment?: number;
  /** AGGRESSIVE or PASSIVE: the child's size instead of the baseline's (at most what remains). */
  quantity?: string | undefined;
}

/**
 * The router's calls to market-data, impact, decision and risk for one parent. Each has a deadline
 * and a local substitute; every miss is a FallbackUsed event and counts in the report's statistics.
 * Nothing here needs any dependency to answer for the order to finish.
 */
export class DependencyCalls {
  readonly stats = new DependencyStats();
  /** Slices on which at least one dependency fell back. */
  readonly fallbackSlices = new Set<number>();
  private lastSnapshot: marketdata.MarketSnapshot | undefined;

  constructor(
    private readonly deps: ExecutionDeps,
    private readonly parent: ParentRecord,
    private readonly rules: InstrumentRules,
    private readonly emit: Emit,
    /** The parent's child orders created in the last minute, for the local rate check. */
    private readonly recentChildOrders: () => number,
  ) {}

  private fellBack(sliceIndex: number, dependency: Dependency, reason: string, substitute: string): void {
    this.stats.recordFallback(dependency);
    this.fallbackSlices.add(sliceIndex);
    this.emit({
      fallbackUsed: { sliceIndex, dependency, kind: dependencyKind[dependency], reason, substitute },
    });
  }

  /**
   * Risk counts a parent's orders as it approves them; children the router approved itself while
   * risk was unreachable never reached that count. The router's own count of what it sent is the
   * floor: a service approval that would exceed the per-parent rate with it is a denial.
   */
  private withOwnRate(verdict: riskNs.RiskVerdict): riskNs.RiskVerdict {
    if (verdict.decision === riskNs.RiskDecision.RISK_DECISION_DENY) return verdict;
    const sent = this.recentChildOrders();
    const limit = this.deps.config.localRiskLimits.maxOrdersPerMinutePerParent;
    if (sent < limit) return verdict;
    return riskNs.RiskVerdict.create({
      ...verdict,
      decision: riskNs.RiskDecision.RISK_DECISION_DENY,
      quantity: '0',
      reasons: [
        ...verdict.reasons,
        {
          code: 'MAX_PARENT_ORDERS_PER_MINUTE',
          message: `${sent} orders sent in the last minute for parent ${this.parent.id} (counted by the router), limit ${limit}`,
        },
      ],
    });
  }

  /** Call a dependency, recording its wall-time latency whether it answers or fails. */
  private async timed<T>(dependency: Dependency, call: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await call();
    } finally {
      this.stats.recordCall(dependency, performance.now() - t0);
    }
  }

  /**
   * The snapshot this slice is priced from: a fresh one from market-data, else the last one if it is
   * still young enough. A snapshot older than maxSnapshotAgeMs is never used: a frozen feed would
   * price limits off a market that has moved on.
   */
  async snapshot(sliceIndex: number): Promise<marketdata.MarketSnapshot | undefined> {
    const maxAge = this.deps.config.maxSnapshotAgeMs;
    let problem: string;
    try {
      const snap = await this.timed('market-data', () =>
        this.deps.market.snapshot(this.parent.order.symbol, this.deps.config.deadlines.marketDataMs),
      );
      const age = snapshotAgeMs(snap, this.deps.clock.now());
      if (age <= maxAge) {
        this.lastSnapshot = snap;
        return snap;
      }
      problem = `snapshot is ${Math.round(age)} ms old, over the ${maxAge} ms limit`;
    } catch (err) {
      problem = (err as Error).message;
    }
    const last = this.lastSnapshot;
    const usable =
      last !== undefined && snapshotAgeMs(last, this.deps.clock.now()) <= maxAge ? last : undefined;
    this.fellBack(sliceIndex, 'market-data', problem, usable ? 'last-snapshot' : 'none');
    return usable;
  }

  /** The policy's last impact adjustment: it scales the estimates of the slices after it. */
  impactAdjustment = 1;

  async impact(
    sliceIndex: number,
    qty: string,
    snap: marketdata.MarketSnapshot,
  ): Promise<impactNs.ImpactEstimate> {
    const p = this.parent.order;
    const request = impactNs.ImpactRequest.create({
      parentId: p.parentId,
      symbol: p.symbol,
      side: p.side,
      quantity: qty,
      remainingQuantity: this.parent.remaining().toFixed(),
      horizonMs: Math.max(0, Number(p.deadline) - this.deps.clock.now()),
      snapshot: snap,
      adjustmentFactor: this.impactAdjustment,
    });
    try {
      return await this.timed('impact', () =>
        this.deps.impact.estimate(request, this.deps.config.deadlines.impactMs),
      );
    } catch (err) {
      this.fellBack(sliceIndex, 'impact', (err as Error).message, 'local-square-root');
      try {
        return estimateImpact(request);
      } catch {
        return impactNs.ImpactEstimate.create({
          model: 'none',
          reasoning: 'no volume data for a local estimate',
        });
      }
    }
  }

  /** The policy's advice for this slice, validated; undefined means the baseline slice. */
  async decide(
    sliceIndex: number,
    baseline: string,
    snap: marketdata.MarketSnapshot,
    impactEstimate: impactNs.ImpactEstimate,
  ): Promise<AcceptedDecision | undefined> {
    if (!this.deps.config.consultDecisionPolicy) return undefined;
    const p = this.parent.order;
    const now = this.deps.clock.now();
    const span = Math.max(1, Number(p.deadline) - Number(p.startTime));
    const request = decisionNs.DecisionRequest.create({
      parentId: p.parentId,
      symbol: p.symbol,
      side: p.side,
      targetQuantity: p.quantity,
      filledQuantity: p.filledQuantity || '0',
      elapsedFraction: Math.min(1, Math.max(0, (now - Number(p.startTime)) / span)),
      sliceIndex,
      baselineQuantity: baseline,
      snapshot: snap,
      impact: impactEstimate,
      now,
    });
    let answer: decisionNs.ExecutionDecision;
    try {
      answer = await this.timed('decision', () =>
        this.deps.decision.decide(request, this.deps.config.deadlines.decisionMs),
      );
    } catch (err) {
      this.fellBack(sliceIndex, 'decision', (err as Error).message, 'twap-slice');
      return undefined;
    }
    const action = actionFromWire(answer);
    const source = { 1: 'LLM', 2: 'HEURISTIC', 3: 'FALLBACK' }[answer.source as 1 | 2 | 3] ?? 'UNKNOWN';
    const limitPrice = answer.passive?.limitPrice ? Number(answer.passive.limitPrice) : undefined;
    // A child size of its own applies only to AGGRESSIVE and PASSIVE; elsewhere the baseline rules.
    const sized = (action?.kind === 'AGGRESSIVE' || action?.kind === 'PASSIVE') && answer.quantity;
    const quantity = sized ? Number(answer.quantity) : undefined;
    const checked = validateDecision(
      {
        action,
        confidence: answer.confidence,
        reasoning: answer.reasoning,
        validUntilMs: Number(answer.validUntil),
        source,
        ...(limitPrice !== undefined ? { limitPrice } : {}),
        ...(quantity !== undefined ? { quantity } : {}),
        ...(answer.impactAdjustment ? { impactAdjustment: answer.impactAdjustment } : {}),
      },
      {
        nowMs: this.deps.clock.now(),
        remainingQty: this.parent.remaining().toNumber(),
        arrivalPrice: Number(p.arrivalPrice),
        maxPriceDeviationBps: this.deps.config.localRiskLimits.maxPriceDeviationBps,
      },
    );
    if (!checked.ok) {
      this.fellBack(
        sliceIndex,
        'decision',
        `decision refused: ${checked.reasons.map((r) => `${r.code} ${r.message}`).join('; ')}`,
        'twap-slice',
      );
      return undefined;
    }
    const accepted: AcceptedDecision = { wire: answer, action: checked.decision.action };
    if (checked.decision.limitPrice !== undefined) accepted.limitPrice = checked.decision.limitPrice;
    // The decimal string as sent, not the number validated: the venue's quantity is rounded from it.
    if (checked.decision.quantity !== undefined) accepted.quantity = answer.quantity;
    if (checked.decision.impactAdjustment !== undefined)
      accepted.impactAdjustment = checked.decision.impactAdjustment;
    return accepted;
  }

  /** The risk verdict on a concrete child; when risk cannot answer, the same rules applied here. */
  /** The trading state the risk service last reported, so the local fallback is never looser. */
  private lastTradingState: TradingState = 'ACTIVE';

  /** The parent's implementation shortfall so far, bps, positive = cost (0 before any fill). */
  private currentIsBps(): number {
    const p = this.parent.order;
    const avg = Number(p.averagePrice);
    const arrival = Number(p.arrivalPrice);
    if (!(avg > 0) || !(arrival > 0)) return 0;
    return (this.parent.side === 'BUY' ? 1 : -1) * (avg / arrival - 1) * 1e4;
  }

  async risk(
    sliceIndex: number,
    childId: string,
    quantity: string,
    plan: SlicePlan,
    snap: marketdata.MarketSnapshot,
    /** When this parent's previous child was sent, for the minimum interval; null for the first. */
    lastOrderAtMs: number | null,
  ): Promise<riskNs.RiskVerdict> {
    const p = this.parent.order;
    const side = this.parent.side;
    const reference = side === 'BUY' ? snap.bestAsk : snap.bestBid;
    const opposite = (side === 'BUY' ? snap.asks : snap.bids) ?? [];
    const own = p.limits;
    const request = riskNs.RiskRequest.create({
      parentId: p.parentId,
      childId,
      symbol: p.symbol,
      side: p.side,
      quantity,
      price: plan.price ?? '',
      referencePrice: reference,
      arrivalPrice: p.arrivalPrice,
      remainingQuantity: this.parent.remaining().toFixed(),
      aggressive: plan.aggressive,
      spreadBps: snap.spreadBps,
      recentVolume: snap.volume_1m || '0',
      volatilityBps: (snap.dailyVolatility ?? 0) * 1e4,
      now: this.deps.clock.now(),
      lastOrderAt: lastOrderAtMs ?? 0,
      currentIsBps: this.currentIsBps(),
      oppositeLevels: opposite,
      maxOrderNotional: own?.maxOrderNotional ?? '',
      maxParticipation: own?.maxParticipation ?? 0,
      parentLimitPrice: own?.limitPrice ?? '',
    });
    try {
      const verdict = await this.timed('risk', () =>
        this.deps.risk.validate(request, this.deps.config.deadlines.riskMs),
      );
      this.lastTradingState = tradingStateFromWire(verdict.tradingState) ?? this.lastTradingState;
      return this.withOwnRate(verdict);
    } catch (err) {
      // Risk unreachable: the same rules, applied here with the last known limits.
      // The local check has no shared order counter, so it is stricter on rate, never looser.
      this.fellBack(sliceIndex, 'risk', (err as Error).message, 'local-risk-rules');
      const now = this.deps.clock.now();
      const result = evaluateRisk(
        {
          parentId: p.parentId,
          symbol: p.symbol,
          side,
          quantity,
          limitPrice: plan.price,
          referencePrice: reference,
          arrivalPrice: p.arrivalPrice,
          remainingQty: this.parent.remaining().toFixed(),
          aggressive: plan.aggressive,
          ...(own?.limitPrice ? { parentLimitPrice: own.limitPrice } : {}),
        },
        mergeRiskLimits(this.deps.config.localRiskLimits, {
          ...(own?.maxOrderNotional ? { maxOrderNotional: own.maxOrderNotional } : {}),
          ...(own?.maxParticipation ? { maxParticipation: own.maxParticipation } : {}),
        }),
        {
          nowMs: now,
          // Without the shared counters, this parent's own children are the only count the router
          // has: it stands for both budgets, so the local check is stricter on rate, never looser.
          ordersInLastMinute: this.recentChildOrders(),
          parentOrdersInLastMinute: this.recentChildOrders(),
          lastOrderAtMs,
          spreadBps: snap.spreadBps,
          recentVolume: Number(snap.volume_1m || 0),
          volatilityBps: (snap.dailyVolatility ?? 0) * 1e4,
          tradingState: this.lastTradingState,
          currentIsBps: this.currentIsBps(),
          oppositeLevels: opposite.map((l) => ({ price: l.price ?? '', size: l.size ?? '' })),
        },
        this.rules,
      );
      return toWireVerdict(result, randomUUID(), now, 'router-local');
    }
  }
}
