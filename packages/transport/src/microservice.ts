import { NestFactory } from '@nestjs/core';
import { ServerNats, type MicroserviceOptions } from '@nestjs/microservices';
import {
  ConsoleLogger,
  type DynamicModule,
  type INestMicroservice,
  type Provider,
  type Type,
} from '@nestjs/common';
import { startHealthServer, type HealthCheck } from './health.js';
import { ProtobufServerDeserializer, ProtobufServerSerializer } from './nest-codec.js';

/**
 * NATS server whose shutdown drains: the subscriptions stop taking new
 * requests, in-flight handlers finish and their replies are flushed, and only
 * then does the connection close. A plain close() would drop those replies
 * and leave callers waiting for their deadline.
 */
export class DrainingNatsServer extends ServerNats {
  override async close(): Promise<void> {
    const nc = (this as unknown as { natsClient?: { drain(): Promise<void>; isClosed(): boolean } | null })
      .natsClient;
    if (nc && !nc.isClosed()) {
      try {
        await nc.drain();
      } catch {
        // Already closing: nothing left to drain.
      }
    }
    await super.close();
  }
}

export interface MicroserviceSettings {
  natsUrl: string;
  /** The service's queue group: replicas share the requests. */
  queue: string;
  name: string;
}

export async function createNatsMicroservice(
  module: Type<unknown> | DynamicModule,
  settings: MicroserviceSettings,
): Promise<INestMicroservice> {
  const strategy = new DrainingNatsServer({
    servers: settings.natsUrl,
    queue: settings.queue,
    name: settings.name,
    serializer: new ProtobufServerSerializer(),
    deserializer: new ProtobufServerDeserializer(),
  });
  // Colour codes only help a person at a terminal; piped into a log collector, Nest's lines must be
  // plain JSON like every other line a service writes.
  const tty = process.stdout.isTTY === true;
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    strategy,
    logger: new ConsoleLogger(settings.name, {
      logLevels: ['error', 'warn', 'log'],
      json: !tty,
      colors: tty,
    }),
  });
  return app;
}

export interface ServiceHostOptions extends MicroserviceSettings {
  healthPort: number;
  controllers: Type<unknown>[];
  providers: Provider[];
  /** Dependency checks for /readyz (NATS is checked by the host). */
  readiness?: HealthCheck;
  /** Closed after Nest has drained: Redis clients, extra NATS connections, telemetry. */
  onShutdown?: () => Promise<void>;
}

class ServiceModule {}

/**
 * Run a Nest microservice as a process: NATS server with protobuf codecs, a
 * health endpoint, and an orderly shutdown on SIGTERM/SIGINT (drain NATS,
 * close clients, flush telemetry, exit 0). Prints one "ready" line on stdout
 * so supervisors and tests know when requests will be served.
 */
export async function runNatsService(options: ServiceHostOptions): Promise<{ close(): Promise<void> }> {
  const module: DynamicModule = {
    module: ServiceModule,
    controllers: options.controllers,
    providers: options.providers,
  };
  const app = await createNatsMicroservice(module, options);
  await app.listen();
  let closing = false;
  const health = await startHealthServer(options.healthPort, async () => {
    if (closing) return { ok: false, detail: { reason: 'shutting down' } };
    return options.readiness ? options.readiness() : { ok: true };
  });
  const close = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await options.onShutdown?.();
    await health.close();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    process.stdout.write(`${options.name} stopping on ${signal}\n`);
    close().then(
      () => process.exit(0),
      (err: Error) => {
        process.stderr.write(`${options.name} shutdown failed: ${err.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  process.stdout.write(
    `${options.name} ready nats=${options.natsUrl} queue=${options.queue} health=${health.port}\n`,
  );
  return { close };
}
