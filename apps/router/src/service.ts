import 'reflect-metadata';
import { Controller, Inject } from '@nestjs/common';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { BybitVenue } from '@tranche/bybit';
import {
  eventTypes,
  execution,
  QueueGroups,
  Subjects,
  TRADING_STATE_EVENT_SUBJECT,
} from '@tranche/contracts';
import {
  DEFAULT_INSTRUMENTS,
  defaultRouterConfig,
  JsonLogger,
  PaperVenue,
  Router,
  SystemClock,
  type VenuePort,
} from '@tranche/engine';
import {
  ensureExecutionEventStream,
  JetStreamEventSink,
  JetStreamSubmitQueue,
  NatsDecision,
  NatsImpact,
  NatsMarketData,
  NatsRisk,
  LeaseTokens,
  RedisOrderStore,
  RedisParentLeases,
} from '@tranche/infra';
import { OwnerCommands } from './owner-commands.js';
import type { TelemetryHandle } from '@tranche/telemetry';
import { decodeMessage, RpcClient, RpcHandler, runNatsService } from '@tranche/transport';

@Controller()
class ExecutionController {
  constructor(
    @Inject(Router) private readonly router: Router,
    @Inject(OwnerCommands) private readonly owners: OwnerCommands,
  ) {}

  @RpcHandler(Subjects.submitParent)
  submit(request: execution.SubmitParentOrderRequest) {
    return this.router.submit(request);
  }

  @RpcHandler(Subjects.cancelParent)
  cancel(request: execution.CancelParentOrderRequest) {
    return this.owners.apply('cancel', request);
  }

  @RpcHandler(Subjects.pauseParent)
  pause(request: execution.PauseParentOrderRequest) {
    return this.owners.apply('pause', request);
  }

  @RpcHandler(Subjects.resumeParent)
  resume(request: execution.ResumeParentOrderRequest) {
    return this.owners.apply('resume', request);
  }

  @RpcHandler(Subjects.amendParent)
  amend(request: execution.AmendParentOrderRequest) {
    return this.owners.apply('amend', request);
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
  ROUTER_VENUE: 'paper' | 'bybit';
  BYBIT_REST_URL?: string | undefined;
  BYBIT_WS_URL?: string | undefined;
  BYBIT_TESTNET: 'true' | 'false';
  BYBIT_API_KEY?: string | undefined;
  BYBIT_REQUEST_TIMEOUT_MS: number;
  BYBIT_DCP_WINDOW_S: number;
  ROUTER_MAX_SNAPSHOT_AGE_MS: number;
  ROUTER_MAX_PARENT_NOTIONAL: string;
  ROUTER_MAX_PARENT_QTY?: string | undefined;
  ROUTER_MAX_PARENT_ADV_SHARE: number;
  ROUTER_REPLICA_ID: string;
  ROUTER_LEASE_TTL_MS: number;
  /** From BYBIT_API_SECRET or BYBIT_API_SECRET_FILE; never logged. */
  bybitSecret?: string | undefined;
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
  const logger = new JsonLogger('router');
  const routerConfig = {
    ...defaultRouterConfig(),
    deadlines: {
      marketDataMs: config.ROUTER_MARKET_DATA_DEADLINE_MS,
      impactMs: config.ROUTER_IMPACT_DEADLINE_MS,
      decisionMs: config.ROUTER_DECISION_DEADLINE_MS,
      riskMs: config.ROUTER_RISK_DEADLINE_MS,
    },
    maxSlippageBps: config.ROUTER_MAX_SLIPPAGE_BPS,
    maxSnapshotAgeMs: config.ROUTER_MAX_SNAPSHOT_AGE_MS,
    parentLimits: {
      maxNotional: config.ROUTER_MAX_PARENT_NOTIONAL,
      maxQuantity: Object.fromEntries(
        (config.ROUTER_MAX_PARENT_QTY ?? '')
          .split(',')
          .filter(Boolean)
          .map((pair) => pair.split('=') as [string, string]),
      ),
      maxDailyVolumeShare: config.ROUTER_MAX_PARENT_ADV_SHARE,
    },
  };

  // One lease per running parent, fencing every write this replica makes for it.
  const tokens = new LeaseTokens();
  const leases = new RedisParentLeases(redis, config.ROUTER_REPLICA_ID, tokens, config.ROUTER_LEASE_TTL_MS);
  routerConfig.leaseRenewMs = Math.max(100, Math.floor(config.ROUTER_LEASE_TTL_MS / 3));

  // The venue's reconnect hook needs the router, which needs the venue.
  const late: { router?: Router } = {};
  let bybit: BybitVenue | undefined;
  let venue: VenuePort;
  if (config.ROUTER_VENUE === 'bybit') {
    bybit = new BybitVenue({
      key: config.BYBIT_API_KEY!,
      secret: config.bybitSecret!,
      restBaseUrl: config.BYBIT_REST_URL,
      wsUrl: config.BYBIT_WS_URL,
      testnet: config.BYBIT_TESTNET === 'true',
      requestTimeoutMs: config.BYBIT_REQUEST_TIMEOUT_MS,
      dcpWindowS: config.BYBIT_DCP_WINDOW_S,
      logger,
      // Reports missed while the private stream was down are recovered by looking each working child up.
      onReconnected: () => void late.router?.reconcileWorking(),
    });
    venue = bybit;
  } else {
    // Fills at the touch read from market-data: proves the plumbing, says nothing about cost.
    venue = new PaperVenue(
      (symbol) => market.snapshot(symbol, config.ROUTER_MARKET_DATA_DEADLINE_MS * 4),
      DEFAULT_INSTRUMENTS,
      clock,
    );
  }
  const router = new Router({
    clock,
    market,
    impact: new NatsImpact(rpc),
    decision: new NatsDecision(rpc),
    risk: new NatsRisk(rpc),
    venue,
    store: new RedisOrderStore(redis, 'tranche', tokens),
    events: new JetStreamEventSink(nc),
    leases,
    logger,
    config: routerConfig,
  });
  // Take no order before fills can be heard: a fill reported before the stream is up is lost.
  late.router = router;
  if (bybit) await bybit.streamReady();
  // The kill switch: risk publishes every trading-state change; a halt takes working children off
  // the venue at once instead of waiting for each parent's next slice.
  const states = nc.subscribe(TRADING_STATE_EVENT_SUBJECT);
  void (async () => {
    for await (const m of states) {
      try {
        const status = decodeMessage(eventTypes.tradingStatus, m.data, m.headers, m.subject);
        await router.onTradingStatus(status);
      } catch (err) {
        logger.error('trading-state event not applied', { error: (err as Error).message });
      }
    }
  })();
  // Parents left by a router that died (or handed them over) are taken over from here on.
  router.start();
  const owners = new OwnerCommands(router, nc, logger);
  owners.listen();
  // Submissions queued while no router ran (or sent that way on purpose) are taken from JetStream.
  const queued = new JetStreamSubmitQueue(nc, logger);
  await queued.start((r) => router.submit(r));
  const running = router;
  return runNatsService({
    name: 'router',
    natsUrl: config.NATS_URL,
    queue: QueueGroups.router,
    healthPort: config.HEALTH_PORT,
    controllers: [ExecutionController],
    providers: [
      { provide: Router, useValue: running },
      { provide: OwnerCommands, useValue: owners },
    ],
    readiness: async () => ({
      ok: redis.status === 'ready' && !nc.isClosed(),
      detail: { redis: redis.status, venue: config.ROUTER_VENUE },
    }),
    onShutdown: async () => {
      // Hand the parents over rather than cancel them: another replica (or this one restarted)
      // takes each over from where it stands.
      await queued.stop();
      await running.handOver();
      bybit?.close();
      await nc.drain().catch(() => undefined);
      await redis.quit().catch(() => undefined);
      await telemetry.shutdown();
    },
  });
}
