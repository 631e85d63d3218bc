import 'reflect-metadata';
import { Controller, Inject } from '@nestjs/common';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { impact, QueueGroups, Subjects } from '@tranche/contracts';
import {
  DEFAULT_IMPACT_CALIBRATION_OPTIONS,
  ImpactCalibrationService,
  impactObservationFromEvent,
  JsonLogger,
} from '@tranche/engine';
import {
  ensureExecutionEventStream,
  JetStreamImpactObservationFeed,
  RedisImpactObservationStore,
} from '@tranche/infra';
import type { TelemetryHandle } from '@tranche/telemetry';
import { RpcHandler, runNatsService } from '@tranche/transport';

@Controller()
class ImpactController {
  constructor(@Inject(ImpactCalibrationService) private readonly calibration: ImpactCalibrationService) {}

  @RpcHandler(Subjects.impactEstimate)
  async estimate(request: impact.ImpactRequest): Promise<impact.ImpactEstimate> {
    return this.calibration.estimate(request);
  }
}

export interface ImpactConfig {
  NATS_URL: string;
  REDIS_URL: string;
  HEALTH_PORT: number;
  IMPACT_SQRT_Y: number;
  IMPACT_FALLBACK_DAILY_VOL: number;
  IMPACT_CALIBRATION_WINDOW: number;
  IMPACT_PRIOR_STRENGTH: number;
  IMPACT_CALIBRATION_REFRESH_MS: number;
  IMPACT_CONSUMER: string;
  IMPACT_REDIS_TIMEOUT_MS: number;
}

export async function start(config: ImpactConfig, telemetry: TelemetryHandle) {
  const logger = new JsonLogger('impact');
  // NATS first: without it the service is useless, and that is the failure to report.
  const nc = await connect({ servers: config.NATS_URL, name: 'impact-calibration' });
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    commandTimeout: config.IMPACT_REDIS_TIMEOUT_MS,
    lazyConnect: true,
  });
  // Connection errors show in /readyz; unhandled, ioredis would print each retry on stderr.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (err) {
    await nc.close();
    throw err;
  }

  const calibration = new ImpactCalibrationService(
    new RedisImpactObservationStore(redis, { capacity: config.IMPACT_CALIBRATION_WINDOW }),
    {
      ...DEFAULT_IMPACT_CALIBRATION_OPTIONS,
      y: config.IMPACT_SQRT_Y,
      fallbackDailyVolatility: config.IMPACT_FALLBACK_DAILY_VOL,
      windowSize: config.IMPACT_CALIBRATION_WINDOW,
      blend: { ...DEFAULT_IMPACT_CALIBRATION_OPTIONS.blend, priorStrength: config.IMPACT_PRIOR_STRENGTH },
    },
  );
  // Serve the calibration on record from the first request, not the priors.
  await calibration.refresh();

  await ensureExecutionEventStream(nc);
  const feed = new JetStreamImpactObservationFeed(nc, { durable: config.IMPACT_CONSUMER });
  await feed.start(async (observed, event) => {
    const outcome = await calibration.observe(impactObservationFromEvent(observed));
    if (outcome.status === 'refused')
      logger.warn('impact observation refused', { eventId: event.eventId, reason: outcome.reason });
  });

  // Observations another replica consumed reach this one through the store.
  let refreshError: string | undefined;
  let refreshing = false;
  const refresher = setInterval(() => {
    if (refreshing) return;
    refreshing = true;
    calibration
      .refresh()
      .then(
        () => (refreshError = undefined),
        (err: Error) => (refreshError = err.message),
      )
      .finally(() => (refreshing = false));
  }, config.IMPACT_CALIBRATION_REFRESH_MS);
  refresher.unref();

  return runNatsService({
    name: 'impact',
    natsUrl: config.NATS_URL,
    queue: QueueGroups.impact,
    healthPort: config.HEALTH_PORT,
    controllers: [ImpactController],
    providers: [{ provide: ImpactCalibrationService, useValue: calibration }],
    readiness: async () => ({
      ok: redis.status === 'ready' && feed.running,
      detail: {
        redis: redis.status,
        consumer: { name: config.IMPACT_CONSUMER, running: feed.running, ...feed.stats },
        calibration: {
          ...calibration.counts,
          ...(refreshError ? { refreshError } : {}),
          symbols: calibration.summary(),
        },
      },
    }),
    onShutdown: async () => {
      clearInterval(refresher);
      await feed.stop();
      await nc.drain().catch(() => undefined);
      await redis.quit().catch(() => undefined);
      await telemetry.shutdown();
    },
  });
}
