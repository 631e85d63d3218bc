import 'reflect-metadata';
import { Controller, Inject } from '@nestjs/common';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { eventTypes, QueueGroups, risk, Subjects, TRADING_STATE_EVENT_SUBJECT } from '@tranche/contracts';
import { DEFAULT_INSTRUMENTS, RiskValidator } from '@tranche/engine';
import type { RiskLimits } from '@tranche/execution-core';
import { RedisRateCounter, RedisTradingStateStore, RedisVerdictAudit } from '@tranche/infra';
import type { TelemetryHandle } from '@tranche/telemetry';
import { encodeMessage, RpcHandler, runNatsService } from '@tranche/transport';

/** Tells every router at once that a trading state changed: a halt must reach working orders now. */
class TradingStatePublisher {
  constructor(private readonly nc: NatsConnection) {}
  publish(status: risk.TradingStatus): void {
    const m = encodeMessage(eventTypes.tradingStatus, status);
    this.nc.publish(TRADING_STATE_EVENT_SUBJECT, m.data, { headers: m.headers });
  }
}

@Controller()
class RiskController {
  constructor(
    @Inject(RiskValidator) private readonly validator: RiskValidator,
    @Inject(RedisVerdictAudit) private readonly audit: RedisVerdictAudit,
    @Inject(TradingStatePublisher) private readonly states: TradingStatePublisher,
  ) {}

  @RpcHandler(Subjects.riskValidate)
  async validate(request: risk.RiskRequest): Promise<risk.RiskVerdict> {
    const verdict = await this.validator.validate(request, Date.now());
    // A verdict that cannot be audited is not given: the caller then applies the rules locally.
    await this.audit.record(request, verdict);
    return verdict;
  }

  @RpcHandler(Subjects.riskSetTradingState)
  async setTradingState(request: risk.SetTradingStateRequest): Promise<risk.TradingStatus> {
    const status = await this.validator.setTradingState(request, Date.now());
    this.states.publish(status);
    return status;
  }

  @RpcHandler(Subjects.riskGetTradingState)
  getTradingState(request: risk.GetTradingStateRequest): Promise<risk.TradingStatus> {
    return this.validator.getTradingState(request);
  }

  @RpcHandler(Subjects.riskGetLimits)
  async getLimits(): Promise<risk.RiskLimits> {
    return this.validator.getLimits();
  }
}

export interface RiskConfig {
  NATS_URL: string;
  REDIS_URL: string;
  HEALTH_PORT: number;
  RISK_MAX_ORDER_NOTIONAL: string;
  RISK_MAX_ORDERS_PER_MINUTE: number;
  RISK_MAX_PARENT_ORDERS_PER_MINUTE: number;
  RISK_MAX_PARTICIPATION: number;
  RISK_MIN_INTERVAL_MS: number;
  RISK_MAX_SPREAD_BPS_AGGRESSIVE: number;
  RISK_MAX_PRICE_DEVIATION_BPS: number;
  RISK_IS_ALERT_BPS: number;
  RISK_VOLATILITY_HALT_BPS: number;
  RISK_DECISION_TIMEOUT_MS: number;
  RISK_MAX_DEPTH_SHARE: number;
  RISK_DEPTH_LEVELS: number;
  RISK_REDIS_TIMEOUT_MS: number;
}

export function limitsFromConfig(config: RiskConfig): RiskLimits {
  return {
    maxOrderNotional: config.RISK_MAX_ORDER_NOTIONAL,
    maxOrdersPerMinute: config.RISK_MAX_ORDERS_PER_MINUTE,
    maxOrdersPerMinutePerParent: config.RISK_MAX_PARENT_ORDERS_PER_MINUTE,
    maxParticipation: config.RISK_MAX_PARTICIPATION,
    minIntervalMs: config.RISK_MIN_INTERVAL_MS,
    maxSpreadBpsAggressive: config.RISK_MAX_SPREAD_BPS_AGGRESSIVE,
    maxPriceDeviationBps: config.RISK_MAX_PRICE_DEVIATION_BPS,
    isAlertBps: config.RISK_IS_ALERT_BPS,
    volatilityHaltBps: config.RISK_VOLATILITY_HALT_BPS,
    decisionTimeoutMs: config.RISK_DECISION_TIMEOUT_MS,
    maxDepthShare: config.RISK_MAX_DEPTH_SHARE,
    depthLevels: config.RISK_DEPTH_LEVELS,
  };
}

export async function start(config: RiskConfig, telemetry: TelemetryHandle) {
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    commandTimeout: config.RISK_REDIS_TIMEOUT_MS,
    lazyConnect: true,
  });
  await redis.connect();
  // A connection of its own for the trading-state events, apart from Nest's server connection.
  const nc = await connect({ servers: config.NATS_URL, name: 'risk-events' });
  const validator = new RiskValidator(new RedisRateCounter(redis), {
    limits: limitsFromConfig(config),
    instruments: DEFAULT_INSTRUMENTS,
    evaluatedBy: 'risk-service',
    tradingStates: new RedisTradingStateStore(redis),
  });
  return runNatsService({
    name: 'risk',
    natsUrl: config.NATS_URL,
    queue: QueueGroups.risk,
    healthPort: config.HEALTH_PORT,
    controllers: [RiskController],
    providers: [
      { provide: RiskValidator, useValue: validator },
      { provide: RedisVerdictAudit, useValue: new RedisVerdictAudit(redis) },
      { provide: TradingStatePublisher, useValue: new TradingStatePublisher(nc) },
    ],
    readiness: async () => ({ ok: redis.status === 'ready', detail: { redis: redis.status } }),
    onShutdown: async () => {
      await nc.drain().catch(() => undefined);
      await redis.quit().catch(() => undefined);
      await telemetry.shutdown();
    },
  });
}
