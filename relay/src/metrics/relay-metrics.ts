import type { Counter, Gauge, Histogram, MetricsRegistry } from './registry.ts';

/** The handles the relay's hot paths record into, looked up once per relay instead of once per event. */
export interface RelayMetrics {
  readonly registry: MetricsRegistry;
  readonly connectionsTotal: Counter;
  readonly connectionsActive: Gauge;
  readonly backpressureDisconnects: Counter;
  readonly subscriptionsActive: Gauge;
  readonly eventsReceived: Counter;
  readonly eventsStored: Counter;
  readonly eventsRejected: Counter;
  readonly eventProcessingSeconds: Histogram;
  readonly fanoutRecipients: Histogram;
  readonly authAttempts: Counter;
  readonly authFailures: Counter;
  readonly countFallbackRejections: Counter;
  readonly workflowRuns: Counter;
  readonly searchIndexErrors: Counter;
  readonly searchIndexSeconds: Histogram;
}

export function relayMetrics(registry: MetricsRegistry): RelayMetrics {
  return {
    registry,
    connectionsTotal: registry.counter('buzz_ws_connections_total'),
    connectionsActive: registry.gauge('buzz_ws_connections_active'),
    backpressureDisconnects: registry.counter('buzz_ws_backpressure_disconnects_total'),
    subscriptionsActive: registry.gauge('buzz_subscriptions_active'),
    eventsReceived: registry.counter('buzz_events_received_total'),
    eventsStored: registry.counter('buzz_events_stored_total'),
    eventsRejected: registry.counter('buzz_events_rejected_total'),
    eventProcessingSeconds: registry.histogram('buzz_event_processing_seconds'),
    fanoutRecipients: registry.histogram('buzz_fanout_recipients'),
    authAttempts: registry.counter('buzz_auth_attempts_total'),
    authFailures: registry.counter('buzz_auth_failures_total'),
    countFallbackRejections: registry.counter('buzz_count_fallback_rejections_total'),
    workflowRuns: registry.counter('buzz_workflow_runs_total'),
    searchIndexErrors: registry.counter('buzz_search_index_errors_total'),
    searchIndexSeconds: registry.histogram('buzz_search_index_seconds'),
  };
}
