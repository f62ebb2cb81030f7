// The families of the contract (docs/contract.md §2.3) as the suite knows them, with the catalogue clause of their
// table group, so a missing family is reported against the part of the contract it belongs to. This is the
// harness's own copy of the contract's table: the harness never reads the reference relay's code.
// `since` says which buzz first has a family: the 2026-06-14 snapshot the goldens are checked against, or a later
// revision. Later families are left out of every golden comparison, on both sides: a relay may have them or not.

import type { ClauseId } from '../clauses/catalogue.ts';

export interface ContractFamily {
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly labels: readonly string[];
  readonly clause: ClauseId;
  readonly since: 'snapshot' | 'later';
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

const SEARCH: ClauseId = 'metrics.family.search';

const counter = (clause: ClauseId, ...labels: string[]): ContractFamily => ({
  type: 'counter',
  labels,
  clause,
  since: 'snapshot',
});
const gauge = (clause: ClauseId): ContractFamily => ({ type: 'gauge', labels: [], clause, since: 'snapshot' });
const histogram = (clause: ClauseId, ...labels: string[]): ContractFamily => ({
  type: 'histogram',
  labels,
  clause,
  since: 'snapshot',
});
const later = (family: ContractFamily): ContractFamily => ({ ...family, since: 'later' });

export const CONTRACT_FAMILIES: Readonly<Record<string, ContractFamily>> = {
  http_requests_total: counter(HTTP, 'code', 'caller', 'action'),
  http_request_latency_ms: histogram(HTTP, 'code', 'caller', 'action'),
  buzz_ws_connections_total: counter(WS),
  buzz_ws_connections_active: gauge(WS),
  buzz_ws_backpressure_disconnects_total: counter(WS),
  buzz_ws_auth_timeouts_total: later(counter(WS)),
  buzz_subscriptions_active: gauge('metrics.family.subscriptions'),
  buzz_events_received_total: counter(EVENTS, 'kind'),
  buzz_events_stored_total: counter(EVENTS, 'kind'),
  buzz_events_rejected_total: counter(EVENTS, 'reason'),
  buzz_event_processing_seconds: histogram(EVENTS),
  buzz_fanout_recipients: histogram(FANOUT),
  buzz_multinode_fanout_total: counter(FANOUT),
  buzz_multinode_fanout_lag_total: counter(FANOUT),
  buzz_cache_invalidation_lag_total: later(counter(FANOUT)),
  buzz_auth_attempts_total: counter(AUTH, 'method'),
  buzz_auth_failures_total: counter(AUTH, 'reason'),
  buzz_media_uploads_total: counter(MEDIA, 'mime'),
  buzz_media_upload_rejections_total: later(counter(MEDIA, 'reason')),
  buzz_workflow_runs_total: counter('metrics.family.workflow', 'trigger'),
  buzz_search_index_errors_total: counter(SEARCH),
  buzz_search_index_seconds: histogram(SEARCH),
  buzz_audit_log_seconds: histogram(AUDIT),
  buzz_audit_log_errors_total: counter(AUDIT),
  buzz_audit_send_errors_total: counter(AUDIT),
  buzz_membership_cache_hits_total: counter(CACHE),
  buzz_membership_cache_misses_total: counter(CACHE),
  buzz_accessible_channels_cache_hits_total: counter(CACHE),
  buzz_accessible_channels_cache_misses_total: counter(CACHE),
  buzz_count_fallback_rejections_total: later(counter('metrics.family.count')),
  buzz_db_pool_size: later(gauge(POOLS)),
  buzz_db_pool_idle: later(gauge(POOLS)),
  buzz_db_pool_active: later(gauge(POOLS)),
  buzz_db_pool_max: later(gauge(POOLS)),
  buzz_redis_pool_size: later(gauge(POOLS)),
  buzz_redis_pool_available: later(gauge(POOLS)),
  buzz_redis_pool_max: later(gauge(POOLS)),
  buzz_redis_pool_waiting: later(gauge(POOLS)),
};

/** The clause a family's presence and values are judged under: its table group, or the family set if unknown. */
export function familyClause(name: string): ClauseId {
  return CONTRACT_FAMILIES[name]?.clause ?? 'metrics.family.set';
}

/** Families a relay may have or not (added after the snapshot): no golden holds them and no comparison sees them. */
export const LATER_FAMILIES: readonly string[] = Object.entries(CONTRACT_FAMILIES)
  .filter(([, family]) => family.since === 'later')
  .map(([name]) => name);
