import 'reflect-metadata';
import { Controller, Inject } from '@nestjs/common';
import { decision, QueueGroups, Subjects } from '@tranche/contracts';
import { HeuristicDecider } from '@tranche/engine';
import type { TelemetryHandle } from '@tranche/telemetry';
import { RpcHandler, runNatsService } from '@tranche/transport';

@Controller()
class DecisionController {
  constructor(@Inject(HeuristicDecider) private readonly decider: HeuristicDecider) {}

  // No LLM is configured in this build: every answer is the heuristic policy's and says so (source HEURISTIC).
  @RpcHandler(Subjects.decide)
  async decide(request: decision.DecisionRequest): Promise<decision.ExecutionDecision> {
    return this.decider.decide(request, Date.now());
  }
}

export async function start(config: { NATS_URL: string; HEALTH_PORT: number }, telemetry: TelemetryHandle) {
  return runNatsService({
    name: 'decision',
    natsUrl: config.NATS_URL,
    queue: QueueGroups.decision,
    healthPort: config.HEALTH_PORT,
    controllers: [DecisionController],
    providers: [{ provide: HeuristicDecider, useValue: new HeuristicDecider() }],
    onShutdown: () => telemetry.shutdown(),
  });
}
