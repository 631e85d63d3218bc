import 'reflect-metadata';
import { Controller, Inject } from '@nestjs/common';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { execution, QueueGroups, Subjects } from '@tranche/contracts';
import {
  DEFAULT_INSTRUMENTS,
  defaultRouterConfig,
  JsonLogger,
  PaperVenue,
  Router,
  SystemClock,
} from '@tranche/engine';
import {
  ensureExecutionEventStream,
  JetStreamEventSink,
  NatsDecision,
  NatsImpact,
  NatsMarketData,
  NatsRisk,
  RedisOrderStore,
} from '@tranche/infra';
import type { TelemetryHandle } from '@tranche/telemetry';
import { RpcClient, RpcHandler, runNatsService } from '@tranche/transport';

@Controller()
class ExecutionController {
  constructor(@Inject(Router) private readonly router: Router) {}

  @RpcHandler(Subjects.submitParent)
  submit(request: execution.SubmitParentOrderRequest) {
    return this.router.submit(request);
  }

  @RpcHandler(Subjects.cancelParent)
  cancel(request: execution.CancelParentOrderRequest) {
    return this.router.cancel(request);
  }

  @RpcHandler(Subjects.getParent)
  get(request: execution.GetParentOrderRequest) {
    return this.router.get(request);
  }
}

export interface RouterServiceConfig {
  NATS_URL: string;
  REDIS_URL: string;
  HEALTH_PORT: number;
  ROUTER_MARKET_DATA_DEADLINE_MS: number;
  ROUTER_IMPACT_DEADLINE_MS: number;
  ROUTER_DECISION_DEADLINE_MS: number;
  ROUTER_RISK_DEADLINE_MS: number;
  ROUTER_MAX_SLIPPAGE_BPS: number;
}

export async function start(config: RouterServiceConfig, telemetry: TelemetryHandle) {
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  await redis.connect();
  // A connection of its own for outgoing calls and events, apart from Nest's server connection.
  const nc = await connect({ servers: config.NATS_URL, name: 'router-client' });
  await ensureExecutionEventStream(nc);
  const rpc = new RpcClient(nc);
  const clock = new SystemClock();
  const market = new NatsMarketData(rpc);
  const routerConfig = {
    ...defaultRouterConfig(),
    deadlines: {
      marketDataMs: config.ROUTER_MARKET_DATA_DEADLINE_MS,
      impactMs: config.ROUTER_IMPACT_DEADLINE_MS,
      decisionMs: config.ROUTER_DECISION_DEADLINE_MS,
      riskMs: config.ROUTER_RISK_DEADLINE_MS,
    },
    maxSlippageBps: config.ROUTER_MAX_SLIPPAGE_BPS,
  };
  const router = new Router({
    clock,
    market,
    impact: new NatsImpact(rpc),
    decision: new NatsDecision(rpc),
    risk: new NatsRisk(rpc),
    // Paper venue until the Bybit adapter is wired: fills at the touch read from market-data.
    venue: new PaperVenue(
      (symbol) => market.snapshot(symbol, config.ROUTER_MARKET_DATA_DEADLINE_MS * 4),
      DEFAULT_INSTRUMENTS,
      clock,
    ),
    store: new RedisOrderStore(redis),
    events: new JetStreamEventSink(nc),
    logger: new JsonLogger('router'),
    config: routerConfig,
  });
  return runNatsService({
    name: 'router',
    natsUrl: config.NATS_URL,
    queue: QueueGroups.router,
    healthPort: config.HEALTH_PORT,
    controllers: [ExecutionController],
    providers: [{ provide: Router, useValue: router }],
    readiness: async () => ({
      ok: redis.status === 'ready' && !nc.isClosed(),
      detail: { redis: redis.status },
    }),
    onShutdown: async () => {
      await router.stop();
      await nc.drain().catch(() => undefined);
      await redis.quit().catch(() => undefined);
      await telemetry.shutdown();
    },
  });
}
