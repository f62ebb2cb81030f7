import { context, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { resolveResourceAttributes } from './resource.ts';
import { chooseSampler } from './sampler.ts';
import type { OtelSettings } from './settings.ts';
import type { SpanAttributes, SpanName, Tracing } from './tracing.ts';

const SCOPE_NAME = 'buzz-relay';
// The SDK's 5 s default makes a span wait that long before anyone can see it; 200 ms keeps a frame's trace visible
// to a test or an operator almost at once while still batching the spans of busy moments into one request.
const SCHEDULED_DELAY_MS = 200;

let contextManagerRegistered = false;

/** Only loaded when tracing is on: see startTracing. Throws if the exporter cannot be built. */
export function startSdkTracing(settings: OtelSettings & { endpoint: string }): Tracing {
  const { endpoint } = settings;
  const exporter = new OTLPTraceExporter({ url: endpoint });
  const attributes = resolveResourceAttributes(settings);
  const { sampler, warning } = chooseSampler(settings.sampler, settings.samplerArg);
  // Passing a resource replaces the SDK's defaultResource() instead of merging with it, which keeps
  // telemetry.sdk.* and the SDK's own service.name off the wire (§3.2).
  const provider = new TracerProvider({
    resource: resourceFromAttributes(attributes),
    sampler,
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: SCHEDULED_DELAY_MS })],
  });
  registerContextManager();
  const tracer = provider.getTracer(SCOPE_NAME);
  const serviceName = attributes['service.name'] ?? '';
  return {
    outcome: { state: 'enabled', endpoint, serviceName, ...(warning === undefined ? {} : { warning }) },
    root: (name, spanAttributes, fn) => inSpan(tracer, name, spanAttributes, true, fn),
    child: (name, spanAttributes, fn) => inSpan(tracer, name, spanAttributes, false, fn),
    shutdown: (timeoutMs) => boundedShutdown(provider, timeoutMs),
  };
}

// One AsyncLocalStorage manager for the whole process: the API accepts only the first one registered, and every
// provider started here relies on it to find the active span after an await.
function registerContextManager(): void {
  if (contextManagerRegistered) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerRegistered = true;
}

async function inSpan<T>(
  tracer: Tracer,
  name: SpanName,
  attributes: SpanAttributes,
  root: boolean,
  fn: () => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(name, { kind: SpanKind.INTERNAL, attributes, root });
  try {
    return await context.with(trace.setSpan(context.active(), span), fn);
  } finally {
    span.end();
  }
}

async function boundedShutdown(provider: TracerProvider, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  // A collector that refuses or never answers must not hold the relay's exit: its error is dropped, its delay cut.
  const flushed = provider.shutdown().catch(() => undefined);
  try {
    await Promise.race([flushed, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
