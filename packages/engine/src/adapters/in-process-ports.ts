import type { decision, impact, marketdata, risk } from '@tranche/contracts';
import type { Clock, DecisionPort, ImpactPort, MarketDataPort, RiskPort } from '../ports/index.js';
import type { SyntheticMarket } from '../market/synthetic-market.js';
import { estimateImpact, type ImpactModelOptions, DEFAULT_IMPACT_OPTIONS } from '../services/impact-model.js';
import type { RiskValidator } from '../services/risk-validator.js';
import { withDeadline } from '../services/errors.js';

/** The same service logic the NATS services run, called in-process under the same deadlines. */
export class InProcessMarketData implements MarketDataPort {
  constructor(
    private readonly markets: ReadonlyMap<string, SyntheticMarket>,
    private readonly clock: Clock,
  ) {}
  async snapshot(symbol: string): Promise<marketdata.MarketSnapshot> {
    const m = this.markets.get(symbol);
    if (!m) throw new Error(`no market data for ${symbol}`);
    return m.snapshotAt(this.clock.now());
  }
}

export class InProcessImpact implements ImpactPort {
  constructor(private readonly options: ImpactModelOptions = DEFAULT_IMPACT_OPTIONS) {}
  estimate(request: impact.ImpactRequest, deadlineMs: number): Promise<impact.ImpactEstimate> {
    return withDeadline(
      'impact estimate',
      deadlineMs,
      Promise.resolve().then(() => estimateImpact(request, this.options)),
    );
  }
}

/** A decision policy run in-process: the heuristic, or one that consults a model. */
export interface Decider {
  decide(
    request: decision.DecisionRequest,
    nowMs: number,
  ): decision.ExecutionDecision | Promise<decision.ExecutionDecision>;
  /** A policy that keeps count (the LLM advisor) says what it did for a parent. */
  stats?(parentId: string): Promise<decision.LlmStats>;
}

export class InProcessDecision implements DecisionPort {
  constructor(
    private readonly decider: Decider,
    private readonly clock: Clock,
    /**
     * wall: the deadline is wall time, as over NATS. market: the policy charges its own latency in
     * market time (a model's advice takes effect when it would have arrived) on a clock that stands
     * still while it works, so a wall-time cut would only add noise from the machine's load.
     */
    private readonly deadline: 'wall' | 'market' = 'wall',
  ) {}
  decide(request: decision.DecisionRequest, deadlineMs: number): Promise<decision.ExecutionDecision> {
    const answer = Promise.resolve().then(() => this.decider.decide(request, this.clock.now()));
    return this.deadline === 'market' ? answer : withDeadline('decision', deadlineMs, answer);
  }
  async stats(parentId: string): Promise<decision.LlmStats | undefined> {
    return this.decider.stats?.(parentId);
  }
}

export class InProcessRisk implements RiskPort {
  constructor(
    private readonly validator: RiskValidator,
    private readonly clock: Clock,
  ) {}
  validate(request: risk.RiskRequest, deadlineMs: number): Promise<risk.RiskVerdict> {
    return withDeadline('risk validation', deadlineMs, this.validator.validate(request, this.clock.now()));
  }
  async limits() {
    return this.validator.limits;
  }
}
