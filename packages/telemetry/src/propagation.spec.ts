import {
  extractTraceContext,
  injectTraceContext,
  startTelemetry,
  trace,
  withSpan,
  type TelemetryHandle,
} from './index.js';

function mapCarrier() {
  const m = new Map<string, string>();
  return {
    m,
    carrier: { get: (k: string) => m.get(k) ?? '', set: (k: string, v: string) => void m.set(k, v) },
  };
}

describe('trace context across a process boundary', () => {
  let telemetry: TelemetryHandle;
  beforeAll(() => {
    telemetry = startTelemetry('telemetry-test', {});
  });
  afterAll(() => telemetry.shutdown());

  it('writes the active span as a W3C traceparent even with no exporter configured', async () => {
    const { m, carrier } = mapCarrier();
    const traceId = await withSpan('client', {}, async (span) => {
      injectTraceContext(carrier);
      return span.spanContext().traceId;
    });
    expect(telemetry.exporting).toBe(false);
    expect(traceId).not.toBe('00000000000000000000000000000000');
    expect(m.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));
  });

  it('continues the caller trace from a traceparent header', async () => {
    const { carrier } = mapCarrier();
    carrier.set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    const parent = extractTraceContext(carrier);
    const child = await withSpan('server', {}, async (span) => span.spanContext(), { parent });
    expect(child.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(trace.getSpanContext(parent)?.spanId).toBe('00f067aa0ba902b7');
  });
});
