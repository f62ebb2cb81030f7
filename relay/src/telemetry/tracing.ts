import type { OtelSettings } from './settings.ts';

export type SpanName =
  | 'ws.auth'
  | 'handle_auth'
  | 'ws.event'
  | 'handle_event'
  | 'fan_out_scoped'
  | 'ws.req'
  | 'ws.count';
export type SpanAttributes = Readonly<Record<string, string>>;
export type TracingOutcome =
  | { state: 'disabled' }
  | { state: 'enabled'; endpoint: string; serviceName: string; warning?: string }
  | { state: 'failed'; error: string };

export interface Tracing {
  readonly outcome: TracingOutcome;
  /** Runs fn in a NEW ROOT span (new trace, ignoring any active context); ends it when fn settles. */
  root<T>(name: SpanName, attributes: SpanAttributes, fn: () => Promise<T>): Promise<T>;
  /** Runs fn in a child of the active span; ends it when fn settles. */
  child<T>(name: SpanName, attributes: SpanAttributes, fn: () => Promise<T>): Promise<T>;
  /** Flushes queued spans and stops the exporter; resolves within timeoutMs whatever the collector does. */
  shutdown(timeoutMs: number): Promise<void>;
}

const disabledOutcome: TracingOutcome = { state: 'disabled' };

export const disabledTracing: Tracing = {
  outcome: disabledOutcome,
  root: (_name, _attributes, fn) => fn(),
  child: (_name, _attributes, fn) => fn(),
  shutdown: () => Promise.resolve(),
};

/**
 * Tracing is on only when OTEL_EXPORTER_OTLP_ENDPOINT exists (§3.1). The SDK and the exporter are loaded with a
 * dynamic import in the enabled branch alone, so with the variable absent not one line of them runs and no socket
 * can be opened, whatever the SDK's own defaults would do.
 */
export async function startTracing(settings: OtelSettings): Promise<Tracing> {
  if (settings.endpoint === undefined) return disabledTracing;
  // As buzz-relay's exporter (opentelemetry-otlp 0.32 over tonic) does, found with the Rust oracle: once on, the
  // URL comes from OTEL_EXPORTER_OTLP_TRACES_ENDPOINT when that is set, and is taken as it is; an empty URI does not
  // parse, so the build fails and the relay runs without tracing, dialling nothing.
  const variable =
    settings.tracesEndpoint === undefined ? 'OTEL_EXPORTER_OTLP_ENDPOINT' : 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT';
  const endpoint = settings.tracesEndpoint ?? settings.endpoint;
  if (endpoint === '') return failedTracing(variable, '', new Error('an empty URI is not an endpoint'));
  try {
    const { startSdkTracing } = await import('./sdk-tracing.ts');
    return startSdkTracing({ ...settings, endpoint });
  } catch (error) {
    return failedTracing(variable, endpoint, error);
  }
}

function failedTracing(variable: string, endpoint: string, error: unknown): Tracing {
  const reason = error instanceof Error ? error.message : String(error);
  const message =
    `the OTLP/gRPC trace exporter could not be built for ${variable}=${JSON.stringify(endpoint)} ` +
    `(${reason}); running without tracing. Set it to a collector URL such as http://localhost:4317, or unset it.`;
  return { ...disabledTracing, outcome: { state: 'failed', error: message } };
}
