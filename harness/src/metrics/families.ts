// The families of CONTRACT §2.3 as the suite knows them, with the catalogue clause of their table group,
// so a missing family is reported against the part of the contract it belongs to. This is the harness's own
// copy of the contract's table: the harness never reads the reference relay's code.

import type { ClauseId } from '../clauses/catalogue.ts';

export interface ContractFamily {
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly labels: readonly string[];
  readonly clause: ClauseId;
}

const HTTP: ClauseId = 'metrics.family.http';
const WS: ClauseId = 'metrics.family.ws';
const EVENTS: ClauseId = 'metrics.family.events';
const FANOUT: ClauseId = 'metrics.family.fanout';
const AUTH: ClauseId = 'metrics.family.auth';
const MEDIA: ClauseId = 'metrics.family.media';
const AUDIT: ClauseId = 'metrics.family.audit';
const CACHE: ClauseId = 'metrics.family.cache';
const POOLS: ClauseId = 'metrics.family.pools';

const counter = (clause: ClauseId, ...labels: string[]): ContractFamily => ({ type: 'counter', labels, clause });
const gauge = (clause: ClauseId): ContractFamily => ({ type: 'gauge', labels: [], clause });
const histogram = (clause: ClauseId, ...labels: string[]): ContractFamily => ({ type: 'histogram', labels, clause });

export const CONTRACT_FAMILIES: Readonly<Record<string, ContractFamily>> = {
  http_requests_total: counter(HTTP, 'code', 'caller', 'action'),
  http_request_latency_ms: histogram(HTTP, 'code', 'caller', 'action'),
  buzz_ws_connections_total: counter(WS),
  buzz_ws_connections_active: gauge(WS),
  buzz_ws_backpressure_disconnects_total: counter(WS),
  buzz_ws_auth_timeouts_total: counter(WS),
  buzz_subscriptions_active: gauge('metrics.family.subscriptions'),
  buzz_events_received_total: counter(EVENTS, 'kind'),
  buzz_events_stored_total: counter(EVENTS, 'kind'),
  buzz_events_rejected_total: counter(EVENTS, 'reason'),
  buzz_event_processing_seconds: histogram(EVENTS),
  buzz_fanout_recipients: histogram(FANOUT),
  buzz_multinode_fanout_total: counter(FANOUT),
  buzz_multinode_fanout_lag_total: counter(FANOUT),
  buzz_cache_invalidation_lag_total: counter(FANOUT),
  buzz_auth_attempts_total: counter(AUTH, 'method'),
  buzz_auth_failures_total: counter(AUTH, 'reason'),
  buzz_media_uploads_total: counter(MEDIA, 'mime'),
  buzz_media_upload_rejections_total: counter(MEDIA, 'reason'),
  buzz_workflow_runs_total: counter('metrics.family.workflow', 'trigger'),
  buzz_audit_log_seconds: histogram(AUDIT),
  buzz_audit_log_errors_total: counter(AUDIT),
  buzz_audit_send_errors_total: counter(AUDIT),
  buzz_membership_cache_hits_total: counter(CACHE),
  buzz_membership_cache_misses_total: counter(CACHE),
  buzz_accessible_channels_cache_hits_total: counter(CACHE),
  buzz_accessible_channels_cache_misses_total: counter(CACHE),
  buzz_count_fallback_rejections_total: counter('metrics.family.count'),
  buzz_db_pool_size: gauge(POOLS),
  buzz_db_pool_idle: gauge(POOLS),
  buzz_db_pool_active: gauge(POOLS),
  buzz_db_pool_max: gauge(POOLS),
  buzz_redis_pool_size: gauge(POOLS),
  buzz_redis_pool_available: gauge(POOLS),
  buzz_redis_pool_max: gauge(POOLS),
  buzz_redis_pool_waiting: gauge(POOLS),
};

/** The clause a family's presence and values are judged under: its table group, or the family set if unknown. */
export function familyClause(name: string): ClauseId {
  return CONTRACT_FAMILIES[name]?.clause ?? 'metrics.family.set';
}
