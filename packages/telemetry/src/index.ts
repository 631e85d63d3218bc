import {
  context,
  propagation,
  trace,
  SpanKind,
  SpanStatusCode,
  type Span,
  type Context,
} from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export { context, propagation, trace, SpanKind, SpanStatusCode };
export type { Span, Context };

export interface TelemetryHandle {
  readonly exporting: boolean;
  shutdown(): Promise<void>;
}

/**
 * Start the OpenTelemetry SDK. Call it first in main, before Nest or any
 * instrumented module loads, so every span has the SDK's context manager and
 * propagator behind it. Spans are exported over OTLP/HTTP only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (Jaeger accepts OTLP directly); otherwise
 * context still propagates, so trace ids stay continuous across services.
 */
export function startTelemetry(
  serviceName: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): TelemetryHandle {
  const endpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  // With no endpoint a processor that drops spans still makes the SDK install a
  // tracer provider: spans get real ids and trace context keeps flowing between
  // services, so logs and events can be correlated even without a collector.
  const spanProcessors: SpanProcessor[] = [dropSpans];
  if (endpoint) {
    const url = `${endpoint.replace(/\/$/, '')}/v1/traces`;
    // A short batch delay keeps traces near real time on the dashboard; the
    // final flush happens in shutdown().
    spanProcessors.push(
      new BatchSpanProcessor(new OTLPTraceExporter({ url }), { scheduledDelayMillis: 500 }),
    );
  }
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env['OTEL_SERVICE_NAME'] ?? serviceName }),
    spanProcessors,
    instrumentations: [],
  });
  sdk.start();
  let stopped = false;
  return {
    exporting: Boolean(endpoint),
    async shutdown() {
      if (stopped) return;
      stopped = true;
      await sdk.shutdown();
    },
  };
}

const dropSpans: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

export const tracer = () => trace.getTracer('tranche');

/** Run fn inside a new span; the span ends when fn settles and records any error. */
export async function withSpan<T>(
  name: string,
  attributes: Record<string, string | number | boolean>,
  fn: (span: Span) => Promise<T>,
  options: { kind?: SpanKind; parent?: Context } = {},
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}

/** Minimal carrier interface satisfied by NATS MsgHdrs and plain maps. */
export interface HeaderCarrier {
  get(key: string): string;
  set(key: string, value: string): void;
}

const setter = {
  set(carrier: HeaderCarrier, key: string, value: string) {
    carrier.set(key, value);
  },
};
const getter = {
  get(carrier: HeaderCarrier | undefined, key: string) {
    const v = carrier?.get(key);
    return v ? v : undefined;
  },
  keys() {
    return ['traceparent', 'tracestate'];
  },
};

/** Write the active trace context (W3C traceparent/tracestate) into headers. */
export function injectTraceContext(headers: HeaderCarrier, ctx: Context = context.active()): void {
  propagation.inject(ctx, headers, setter);
}

/** Read a W3C trace context from headers into a Context usable as a parent. */
export function extractTraceContext(
  headers: HeaderCarrier | undefined,
  base: Context = context.active(),
): Context {
  return propagation.extract(base, headers, getter);
}
