import 'reflect-metadata';
import { Controller, Inject } from '@nestjs/common';
import { impact, QueueGroups, Subjects } from '@tranche/contracts';
import { estimateImpact, type ImpactModelOptions } from '@tranche/engine';
import type { TelemetryHandle } from '@tranche/telemetry';
import { RpcHandler, runNatsService } from '@tranche/transport';

const OPTIONS = Symbol('ImpactModelOptions');

@Controller()
class ImpactController {
  constructor(@Inject(OPTIONS) private readonly options: ImpactModelOptions) {}

  @RpcHandler(Subjects.impactEstimate)
  async estimate(request: impact.ImpactRequest): Promise<impact.ImpactEstimate> {
    return estimateImpact(request, this.options);
  }
}

export async function start(
  config: { NATS_URL: string; HEALTH_PORT: number; IMPACT_SQRT_Y: number; IMPACT_FALLBACK_DAILY_VOL: number },
  telemetry: TelemetryHandle,
) {
  const options: ImpactModelOptions = {
    y: config.IMPACT_SQRT_Y,
    fallbackDailyVolatility: config.IMPACT_FALLBACK_DAILY_VOL,
  };
  return runNatsService({
    name: 'impact',
    natsUrl: config.NATS_URL,
    queue: QueueGroups.impact,
    healthPort: config.HEALTH_PORT,
    controllers: [ImpactController],
    providers: [{ provide: OPTIONS, useValue: options }],
    onShutdown: () => telemetry.shutdown(),
  });
}
