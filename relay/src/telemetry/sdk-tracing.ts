import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { FrameSpans } from './frame-spans.ts';
import { resolveResourceAttributes } from './resource.ts';
import { chooseSampler } from './sampler.ts';
import type { OtelSettings } from './settings.ts';
import type { Tracing } from './tracing.ts';

const SCOPE_NAME = 'buzz-relay';
// The SDK's 5 s default makes a span wait that long before anyone can see it; 200 ms keeps a frame's trace visible
// to a test or an operator almost at once while still batching the spans of busy moments into one request.
const SCHEDULED_DELAY_MS = 200;
// The SDK's 2048-span queue overflowed (and dropped spans) whenever one export was still in flight while a burst of
// frames ended: ingest at 3 500 events/s ends 10 500 spans a second. 32 768 spans hold about 3 s of that; larger
// batches also mean fewer, cheaper export calls (one resource and scope each).
const MAX_QUEUE_SIZE = 32_768;
const MAX_EXPORT_BATCH_SIZE = 2048;

/** Only loaded when tracing is on: see startTracing. Throws if the exporter cannot be built. */
export function startSdkTracing(settings: OtelSettings & { endpoint: string }): Tracing {
  const { endpoint } = settings;
  const exporter = new OTLPTraceExporter({ url: endpoint });
  const attributes = resolveResourceAttributes(settings);
  const { sampler, warning } = chooseSampler(settings.sampler, settings.samplerArg);
  const processor = new BatchSpanProcessor({
    exporter,
    scheduledDelayMillis: SCHEDULED_DELAY_MS,
    maxQueueSize: MAX_QUEUE_SIZE,
    maxExportBatchSize: MAX_EXPORT_BATCH_SIZE,
  });
  // A resource of its own replaces the SDK's defaultResource() instead of merging with it, which keeps
  // telemetry.sdk.* and the SDK's own service.name off the wire (§3.2).
  const spans = new FrameSpans(sampler, processor, {
    resource: resourceFromAttributes(attributes),
    instrumentationScope: { name: SCOPE_NAME, version: undefined, schemaUrl: undefined },
  });
  const serviceName = attributes['service.name'] ?? '';
  return {
    outcome: { state: 'enabled', endpoint, serviceName, ...(warning === undefined ? {} : { warning }) },
    root: (name, spanAttributes, fn) => spans.root(name, spanAttributes, fn),
    child: (name, spanAttributes, fn) => spans.child(name, spanAttributes, fn),
    shutdown: (timeoutMs) => boundedShutdown(processor, timeoutMs),
  };
}

async function boundedShutdown(processor: BatchSpanProcessor, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  // A collector that refuses or never answers must not hold the relay's exit: its error is dropped, its delay cut.
  const flushed = processor.shutdown().catch(() => undefined);
  try {
    await Promise.race([flushed, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
