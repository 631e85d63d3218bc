import { decision, impact, marketdata, risk, Subjects } from '@tranche/contracts';
import {
  riskLimitsFromWire,
  type DecisionPort,
  type ImpactPort,
  type MarketDataPort,
  type RiskPort,
} from '@tranche/engine';
import type { RpcClient } from '@tranche/transport';

/** Router-side ports backed by NATS request-reply; each call carries its deadline. */
export class NatsMarketData implements MarketDataPort {
  constructor(private readonly rpc: RpcClient) {}
  async snapshot(symbol: string, deadlineMs: number): Promise<marketdata.MarketSnapshot> {
    const reply = await this.rpc.request(
      Subjects.getSnapshot,
      marketdata.GetSnapshotRequest.create({ symbol }),
      { timeoutMs: deadlineMs },
    );
    if (!reply.found || !reply.snapshot) throw new Error(`market-data has no snapshot for ${symbol}`);
    return marketdata.MarketSnapshot.create(reply.snapshot);
  }
}

export class NatsImpact implements ImpactPort {
  constructor(private readonly rpc: RpcClient) {}
  estimate(request: impact.ImpactRequest, deadlineMs: number) {
    return this.rpc.request(Subjects.impactEstimate, request, { timeoutMs: deadlineMs });
  }
}

export class NatsDecision implements DecisionPort {
  constructor(private readonly rpc: RpcClient) {}
  decide(request: decision.DecisionRequest, deadlineMs: number) {
    return this.rpc.request(Subjects.decide, request, { timeoutMs: deadlineMs });
  }
  stats(parentId: string, deadlineMs: number) {
    return this.rpc.request(Subjects.getLlmStats, decision.GetLlmStatsRequest.create({ parentId }), {
      timeoutMs: deadlineMs,
    });
  }
}

export class NatsRisk implements RiskPort {
  constructor(private readonly rpc: RpcClient) {}
  validate(request: risk.RiskRequest, deadlineMs: number) {
    return this.rpc.request(Subjects.riskValidate, request, { timeoutMs: deadlineMs });
  }
  async limits(deadlineMs: number) {
    const reply = await this.rpc.request(Subjects.riskGetLimits, risk.GetLimitsRequest.create({}), {
      timeoutMs: deadlineMs,
    });
    return riskLimitsFromWire(reply);
  }
}
