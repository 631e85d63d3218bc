import 'reflect-metadata';
import { Controller, Inject } from '@nestjs/common';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import {
  decision,
  eventTypes,
  execution,
  LLM_AUDIT_STREAM,
  NEWS_HEADLINE_SUBJECT,
  QueueGroups,
  sideFromWire,
  Subjects,
  tradeSubject,
} from '@tranche/contracts';
import { HeuristicDecider, JsonLogger } from '@tranche/engine';
import {
  createAdvisor,
  describeSettings,
  LlmAdvisor,
  LlmMetrics,
  MemoryAdviceStore,
  MemoryLlmAudit,
  NewsFeed,
  parentViewFromWire,
  readHeadlinesFile,
  RedisAdviceStore,
  RedisLlmAudit,
  TradeTape,
  type LlmSettings,
  type ParentSource,
} from '@tranche/llm';
import type { TelemetryHandle } from '@tranche/telemetry';
import { decodeMessage, RpcClient, RpcHandler, runNatsService } from '@tranche/transport';
import { createServer, type Server } from 'node:http';

@Controller()
class DecisionController {
  constructor(@Inject(LlmAdvisor) private readonly advisor: LlmAdvisor) {}

  @RpcHandler(Subjects.decide)
  async decide(request: decision.DecisionRequest): Promise<decision.ExecutionDecision> {
    return this.advisor.decide(request, Date.now());
  }

  @RpcHandler(Subjects.getLlmStats)
  async stats(request: decision.GetLlmStatsRequest): Promise<decision.LlmStats> {
    return this.advisor.stats(request.parentId);
  }
}

export interface DecisionConfig {
  NATS_URL: string;
  REDIS_URL: string;
  HEALTH_PORT: number;
  /** Prometheus /metrics on this port; none when unset. */
  METRICS_PORT?: number | undefined;
  /** Deadline for reading a parent from its router before a model call. */
  DECISION_PARENT_DEADLINE_MS: number;
}

/** The parent as its router reports it (exec.v1.get_parent), read off the critical path. */
class NatsParentSource implements ParentSource {
  constructor(
    private readonly rpc: RpcClient,
    private readonly deadlineMs: number,
  ) {}
  async view(parentId: string) {
    try {
      const reply = await this.rpc.request(
        Subjects.getParent,
        execution.GetParentOrderRequest.create({ parentId }),
        { timeoutMs: this.deadlineMs },
      );
      return parentViewFromWire(reply);
    } catch {
      // The prompt says what it does not know; validation refuses a limit price it cannot check.
      return undefined;
    }
  }
}

export async function start(config: DecisionConfig, llm: LlmSettings, telemetry: TelemetryHandle) {
  const logger = new JsonLogger('decision');
  const nc: NatsConnection = await connect({ servers: config.NATS_URL, name: 'decision-feeds' });
  // Advice, memory and counters live in Redis only when a model is configured: replicas share a
  // parent's advice. Without a model nothing is worth sharing and Redis is not needed.
  let redis: Redis | undefined;
  if (llm.apiKey) {
    redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 500, lazyConnect: true });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
    } catch (err) {
      await nc.close();
      throw err;
    }
  }
  const news = new NewsFeed();
  if (llm.newsFile) {
    const { headlines, skipped } = readHeadlinesFile(llm.newsFile);
    headlines.forEach((h) => news.add(h));
    logger.info('headlines loaded', { file: llm.newsFile, headlines: headlines.length, skipped });
  }
  const trades = new TradeTape();
  const subscriptions: Subscription[] = [
    listen(nc, NEWS_HEADLINE_SUBJECT, (m) => {
      const h = decodeMessage(eventTypes.headline, m.data, m.headers, m.subject);
      news.add({
        id: h.headlineId || `${h.ts}-${h.title.slice(0, 32)}`,
        tsMs: Number(h.ts) || Date.now(),
        source: h.source,
        title: h.title,
        symbols: h.symbols,
      });
    }),
    listen(nc, tradeSubject('*'), (m) => {
      const t = decodeMessage(eventTypes.trade, m.data, m.headers, m.subject);
      trades.add(t.symbol, {
        tsMs: Number(t.tsEvent),
        price: t.price,
        size: t.size,
        side: sideFromWire(t.aggressorSide) ?? '',
      });
    }),
  ];
  const metrics = new LlmMetrics();
  const advisor = createAdvisor(llm, {
    heuristic: new HeuristicDecider(),
    store: redis ? new RedisAdviceStore(redis) : new MemoryAdviceStore(),
    audit: redis
      ? new RedisLlmAudit(redis, [llm.apiKey!], LLM_AUDIT_STREAM, llm.auditMaxLen)
      : new MemoryLlmAudit(),
    metrics,
    parents: new NatsParentSource(new RpcClient(nc), config.DECISION_PARENT_DEADLINE_MS),
    trades,
    news,
    logger,
    timing: 'realtime',
  });
  logger.info(llm.apiKey ? 'model configured' : 'no model configured: the heuristic serves every slice', {
    llm: describeSettings(llm),
  });
  const metricsServer =
    config.METRICS_PORT !== undefined
      ? await serveMetrics(config.METRICS_PORT, () =>
          metrics.toPrometheus({
            model: advisor.model,
            ...(llm.apiKey ? { breaker: advisor.breakerState() ?? 'CLOSED' } : {}),
          }),
        )
      : undefined;

  return runNatsService({
    name: 'decision',
    natsUrl: config.NATS_URL,
    queue: QueueGroups.decision,
    healthPort: config.HEALTH_PORT,
    controllers: [DecisionController],
    providers: [{ provide: LlmAdvisor, useValue: advisor }],
    readiness: async () => ({
      // A model that is down is not a reason to stop serving: the heuristic answers meanwhile.
      ok: !redis || redis.status === 'ready',
      detail: {
        ...(redis ? { redis: redis.status } : {}),
        llm: {
          ...describeSettings(llm),
          breaker: advisor.breakerState() ?? 'none',
          fallbackRate: metrics.fallbackRate,
          calls: metrics.outcomes,
        },
        headlines: news.size,
        ...(metricsServer ? { metricsPort: metricsServer.port } : {}),
      },
    }),
    onShutdown: async () => {
      // Calls in flight finish (each within its deadline) so their audit records are written.
      await Promise.race([advisor.flush(), new Promise((r) => setTimeout(r, llm.timeoutMs + 1000))]);
      subscriptions.forEach((s) => s.unsubscribe());
      await nc.drain().catch(() => undefined);
      await redis?.quit().catch(() => undefined);
      await new Promise<void>((r) => (metricsServer ? metricsServer.server.close(() => r()) : r()));
      await telemetry.shutdown();
    },
  });
}

/** A fan-out subscription (every replica sees every message); a bad message is skipped, not fatal. */
function listen(
  nc: NatsConnection,
  subject: string,
  onMessage: (m: {
    data: Uint8Array;
    headers?: Parameters<typeof decodeMessage>[2];
    subject: string;
  }) => void,
): Subscription {
  const sub = nc.subscribe(subject);
  void (async () => {
    for await (const m of sub) {
      try {
        onMessage(m);
      } catch {
        // An undecodable message on a data feed: the prompt simply goes without it.
      }
    }
  })();
  return sub;
}

async function serveMetrics(port: number, render: () => string): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(render());
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr ? addr.port : port };
}
