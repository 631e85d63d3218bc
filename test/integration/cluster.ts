import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import {
  EXECUTION_EVENTS_STREAM,
  eventTypes,
  executionEventSubject,
  type execution,
} from '@tranche/contracts';
import {
  OtlpReceiver,
  ServiceProcess,
  startNatsServer,
  startRedisServer,
  waitFor,
  type ManagedServer,
} from '@tranche/testing';
import { decodeMessage, RpcClient } from '@tranche/transport';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVICES = ['market-data', 'impact', 'decision', 'risk', 'router'] as const;
export type ServiceName = (typeof SERVICES)[number];

/**
 * The five services as separate OS processes against their own nats-server
 * and redis-server, exporting spans to an OTLP receiver in the test.
 */
export class Cluster {
  nats!: ManagedServer;
  redis!: ManagedServer;
  otlp!: OtlpReceiver;
  nc!: NatsConnection;
  rpc!: RpcClient;
  readonly services = new Map<ServiceName, ServiceProcess>();

  async start(env: Record<string, string> = {}, options: { redisAppendOnly?: boolean } = {}): Promise<this> {
    for (const s of SERVICES) {
      const entry = join(ROOT, 'apps', s, 'dist', 'main.js');
      if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (pnpm build)`);
    }
    [this.nats, this.redis, this.otlp] = await Promise.all([
      startNatsServer(),
      startRedisServer({ appendOnly: options.redisAppendOnly ?? false }),
      new OtlpReceiver().start(),
    ]);
    for (const s of SERVICES) {
      this.services.set(
        s,
        new ServiceProcess(s, join(ROOT, 'apps', s, 'dist', 'main.js'), {
          NATS_URL: this.nats.url,
          REDIS_URL: this.redis.url,
          HEALTH_PORT: '0',
          OTEL_EXPORTER_OTLP_ENDPOINT: this.otlp.endpoint,
          // Integration parents slice every second or two; the 5 s minimum interval between a
          // parent's children would deny most of them. Tests of the interval set it themselves.
          RISK_MIN_INTERVAL_MS: '0',
          ...env,
        }),
      );
    }
    for (const p of this.services.values()) p.start();
    await Promise.all([...this.services.values()].map((p) => p.waitForLog(/ ready nats=/, 60_000)));
    this.nc = await connect({ servers: this.nats.url });
    this.rpc = new RpcClient(this.nc, 5000);
    return this;
  }

  service(name: ServiceName): ServiceProcess {
    return this.services.get(name)!;
  }

  /** Follow a parent's execution events from the start of its JetStream subject, as they arrive. */
  async tap(parentId: string): Promise<EventTap> {
    const js = jetstream(this.nc);
    const consumer = await js.consumers.get(EXECUTION_EVENTS_STREAM, {
      filter_subjects: executionEventSubject(parentId),
    });
    const messages = await consumer.consume();
    const tap = new EventTap(() => messages.close().then(() => undefined));
    void (async () => {
      for await (const m of messages)
        tap.events.push(decodeMessage(eventTypes.executionEvent, m.data, m.headers, m.subject));
    })();
    return tap;
  }

  logs(): string {
    return [...this.services.values()].map((p) => `--- ${p.name} ---\n${p.logs()}`).join('\n');
  }

  async stop(): Promise<void> {
    await this.nc?.close().catch(() => undefined);
    await Promise.all([...this.services.values()].map((p) => p.stop('SIGTERM')));
    await this.otlp?.stop();
    await this.nats?.dispose();
    await this.redis?.dispose();
  }
}

export class EventTap {
  readonly events: execution.ExecutionEvent[] = [];
  constructor(readonly close: () => Promise<void>) {}

  until(
    what: string,
    predicate: (e: execution.ExecutionEvent) => boolean,
    timeoutMs = 60_000,
  ): Promise<execution.ExecutionEvent> {
    return waitFor(what, () => this.events.find(predicate), timeoutMs, 50);
  }

  untilDone(timeoutMs = 60_000): Promise<execution.ExecutionEvent> {
    return this.until(
      'the parent to end',
      (e) => Boolean(e.parentCompleted || e.parentCancelled || e.parentFailed),
      timeoutMs,
    );
  }
}
