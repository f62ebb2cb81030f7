/**
 * The raw OpenTelemetry variables, exactly as config.ts found them in the environment (undefined = absent).
 * `endpoint` being present at all, even as '', is what turns tracing on (CONTRACT §3.1, §6).
 */
export interface OtelSettings {
  /** OTEL_EXPORTER_OTLP_ENDPOINT */
  endpoint: string | undefined;
  /** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: never a switch, but the URL the exporter uses once tracing is on. */
  tracesEndpoint?: string | undefined;
  /** OTEL_SERVICE_NAME */
  serviceName: string | undefined;
  /** OTEL_RESOURCE_ATTRIBUTES */
  resourceAttributes: string | undefined;
  /** OTEL_TRACES_SAMPLER */
  sampler: string | undefined;
  /** OTEL_TRACES_SAMPLER_ARG */
  samplerArg: string | undefined;
}
