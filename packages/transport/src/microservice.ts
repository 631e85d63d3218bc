import { NestFactory } from '@nestjs/core';
import { ServerNats, type MicroserviceOptions } from '@nestjs/microservices';
import type { INestMicroservice, Type } from '@nestjs/common';
import { ProtobufServerDeserializer, ProtobufServerSerializer } from './nest-codec.js';

/**
 * NATS server whose shutdown drains: the subscriptions stop taking new
 * requests, in-flight handlers finish and their replies are flushed, and only
 * then does the connection close. A plain close() would drop those replies
 * and leave callers waiting for their deadline.
 */
export class DrainingNatsServer extends ServerNats {
  override async close(): Promise<void> {
    const nc = (this as unknown as { natsClient?: { drain(): Promise<void>; isClosed(): boolean } | null }).natsClient;
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

export async function createNatsMicroservice(module: Type<unknown>, settings: MicroserviceSettings): Promise<INestMicroservice> {
  const strategy = new DrainingNatsServer({
    servers: settings.natsUrl,
    queue: settings.queue,
    name: settings.name,
    serializer: new ProtobufServerSerializer(),
    deserializer: new ProtobufServerDeserializer(),
  });
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    strategy,
    logger: ['error', 'warn', 'log'],
  });
  app.enableShutdownHooks();
  return app;
}
