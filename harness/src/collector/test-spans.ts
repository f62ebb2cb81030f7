// Test support: real OpenTelemetry SDK spans with known shape, for the collector's own tests.
import { randomUUID } from 'node:crypto';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

export const TEST_SCOPE = { name: 'buzz-compat-collector-test', version: '1.2.3' } as const;

/** The ids of a two-span trace made by emitSampleTrace. */
export interface SampleTrace {
  readonly traceId: string;
  readonly parentSpanId: string;
  readonly childSpanId: string;
}

/** A service.name no other test uses, so each test reads back only its own spans. */
export function uniqueService(label: string): string {
  return `collector-test-${label}-${randomUUID()}`;
}

export function providerFor(service: string, processor: SpanProcessor): TracerProvider {
  return new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment': 'test' }),
    spanProcessors: [processor],
  });
}

/** `ws.event` (string, int, double, bool and array attributes) with one child `handle_event`. */
export function emitSampleTrace(provider: TracerProvider): SampleTrace {
  const tracer = provider.getTracer(TEST_SCOPE.name, TEST_SCOPE.version);
  const parent = tracer.startSpan('ws.event', {
    kind: SpanKind.INTERNAL,
    attributes: { kind: '1', count: 7, ratio: 0.5, ok: true, off: false, tags: ['a', 'b'] },
  });
  const child = tracer.startSpan(
    'handle_event',
    { attributes: { event_id: 'ab'.repeat(32) } },
    trace.setSpan(ROOT_CONTEXT, parent),
  );
  child.end();
  parent.end();
  return {
    traceId: parent.spanContext().traceId,
    parentSpanId: parent.spanContext().spanId,
    childSpanId: child.spanContext().spanId,
  };
}
