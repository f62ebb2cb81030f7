// The contract's instruments (CONTRACT §2.2, §2.3) in one table: name, type, label names in call-site order,
// and histogram buckets. Everything that records or renders a metric reads its shape from here.

export type InstrumentType = 'counter' | 'gauge' | 'histogram';

export interface InstrumentSpec {
  readonly type: InstrumentType;
  readonly labels: readonly string[];
  readonly buckets?: readonly number[];
}

export const HTTP_LATENCY_MS_BUCKETS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] as const;
export const SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5] as const;
export const FANOUT_RECIPIENT_BUCKETS = [0, 1, 5, 10, 25, 50, 100, 500, 1000] as const;

const counter = (...labels: string[]) => ({ type: 'counter', labels }) as const;
const gauge = () => ({ type: 'gauge', labels: [] }) as const;
const histogram = (buckets: readonly number[], ...labels: string[]) =>
  ({ type: 'histogram', labels, buckets }) as const;

export const INSTRUMENTS = {
  http_requests_total: counter('code', 'caller', 'action'),
  http_request_latency_ms: histogram(HTTP_LATENCY_MS_BUCKETS, 'code', 'caller', 'action'),
  buzz_ws_connections_total: counter(),
  buzz_ws_connections_active: gauge(),
  buzz_ws_backpressure_disconnects_total: counter(),
  buzz_ws_auth_timeouts_total: counter(),
  buzz_subscriptions_active: gauge(),
  buzz_events_received_total: counter('kind'),
  buzz_events_stored_total: counter('kind'),
  buzz_events_rejected_total: counter('reason'),
  buzz_event_processing_seconds: histogram(SECONDS_BUCKETS),
  buzz_fanout_recipients: histogram(FANOUT_RECIPIENT_BUCKETS),
  buzz_multinode_fanout_total: counter(),
  buzz_multinode_fanout_lag_total: counter(),
  buzz_cache_invalidation_lag_total: counter(),
  buzz_auth_attempts_total: counter('method'),
  buzz_auth_failures_total: counter('reason'),
  buzz_media_uploads_total: counter('mime'),
  buzz_media_upload_rejections_total: counter('reason'),
  buzz_workflow_runs_total: counter('trigger'),
  buzz_search_index_errors_total: counter(),
  buzz_search_index_seconds: histogram(SECONDS_BUCKETS),
  buzz_audit_log_seconds: histogram(SECONDS_BUCKETS),
  buzz_audit_log_errors_total: counter(),
  buzz_audit_send_errors_total: counter(),
  buzz_membership_cache_hits_total: counter(),
  buzz_membership_cache_misses_total: counter(),
  buzz_accessible_channels_cache_hits_total: counter(),
  buzz_accessible_channels_cache_misses_total: counter(),
  buzz_count_fallback_rejections_total: counter(),
} as const satisfies Record<string, InstrumentSpec>;

export type InstrumentName = keyof typeof INSTRUMENTS;
type NamesOf<T extends InstrumentType> = {
  [K in InstrumentName]: (typeof INSTRUMENTS)[K]['type'] extends T ? K : never;
}[InstrumentName];
export type CounterName = NamesOf<'counter'>;
export type GaugeName = NamesOf<'gauge'>;
export type HistogramName = NamesOf<'histogram'>;

/** Closed label sets of CONTRACT §2.3: the only values these labels may take. */
export type RejectReason = 'auth' | 'invalid' | 'scope' | 'error';
export type AuthFailureReason = 'nip42_invalid' | 'allowlist_denied' | 'not_relay_member';
export type UploadRejectReason = 'rate_limit' | 'concurrency';
