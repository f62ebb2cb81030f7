// The families of the contract (docs/contract.md §2.2–§2.4) as the harness knows them: type, labels, the catalogue
// clause of their table group (so a missing family is reported against the part of the contract it belongs to),
// bucket bounds, the labels §2.4 rules, and which values timing decides. Every judge, the golden self-check and the
// clause selection read this one table; the harness never reads the reference relay's code, which keeps its own.
// `since` says which buzz first has a family: the 2026-06-14 snapshot the goldens are checked against, or a later
// revision. Later families are left out of every golden comparison, on both sides: a relay may have them or not.

import type { ClauseId } from '../clauses/catalogue.ts';

/** Why a golden cannot pin a value: timing (latency buckets and sums, sampled pool gauges) or unnamed configuration. */
export type MaskedBy = 'timing' | 'configuration';

export interface ContractFamily {
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly labels: readonly string[];
  readonly clause: ClauseId;
  readonly since: 'snapshot' | 'later';
  /** §2.2's `le` values, `+Inf` included; histograms only. */
  readonly buckets?: readonly string[];
  /** The labels whose values §2.4 rules, with the clause a wrong value breaks. */
  readonly ruled?: Readonly<Record<string, ClauseId>>;
  /** Set when a golden holds a placeholder for (part of) the family's values; checkMaskedValues still judges them. */
  readonly masked?: MaskedBy;
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

const MILLISECONDS = ['5', '10', '25', '50', '100', '250', '500', '1000', '2500', '5000', '10000', '+Inf'];
const SECONDS = ['0.001', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '5', '+Inf'];
const RECIPIENTS = ['0', '1', '5', '10', '25', '50', '100', '500', '1000', '+Inf'];

const KIND_RULE = { kind: 'metrics.labels.kind' } as const;
const HTTP_RULES = {
  code: 'metrics.labels.code',
  caller: 'metrics.labels.caller',
  action: 'metrics.labels.action',
} as const;

const counter = (clause: ClauseId, ...labels: string[]): ContractFamily => ({
  type: 'counter',
  labels,
  clause,
  since: 'snapshot',
});
const gauge = (clause: ClauseId): ContractFamily => ({ type: 'gauge', labels: [], clause, since: 'snapshot' });
const histogram = (clause: ClauseId, buckets: readonly string[], ...labels: string[]): ContractFamily => ({
  type: 'histogram',
  labels,
  clause,
  since: 'snapshot',
  buckets,
});
const later = (family: ContractFamily): ContractFamily => ({ ...family, since: 'later' });
const ruled = (family: ContractFamily, rules: Readonly<Record<string, ClauseId>>): ContractFamily => ({
  ...family,
  ruled: rules,
});
const masked = (family: ContractFamily, by: MaskedBy = 'timing'): ContractFamily => ({ ...family, masked: by });

export const CONTRACT_FAMILIES: Readonly<Record<string, ContractFamily>> = {
  http_requests_total: ruled(counter(HTTP, 'code', 'caller', 'action'), HTTP_RULES),
  http_request_latency_ms: masked(ruled(histogram(HTTP, MILLISECONDS, 'code', 'caller', 'action'), HTTP_RULES)),
  buzz_ws_connections_total: counter(WS),
  buzz_ws_connections_active: gauge(WS),
  buzz_ws_backpressure_disconnects_total: counter(WS),
  buzz_ws_auth_timeouts_total: later(counter(WS)),
  buzz_subscriptions_active: gauge('metrics.family.subscriptions'),
  buzz_events_received_total: ruled(counter(EVENTS, 'kind'), KIND_RULE),
  buzz_events_stored_total: ruled(counter(EVENTS, 'kind'), KIND_RULE),
  buzz_events_rejected_total: counter(EVENTS, 'reason'),
  buzz_event_processing_seconds: masked(histogram(EVENTS, SECONDS)),
  buzz_fanout_recipients: histogram(FANOUT, RECIPIENTS),
  buzz_multinode_fanout_total: counter(FANOUT),
  buzz_multinode_fanout_lag_total: counter(FANOUT),
  buzz_cache_invalidation_lag_total: later(counter(FANOUT)),
  buzz_auth_attempts_total: counter(AUTH, 'method'),
  buzz_auth_failures_total: counter(AUTH, 'reason'),
  buzz_media_uploads_total: counter(MEDIA, 'mime'),
  buzz_media_upload_rejections_total: later(counter(MEDIA, 'reason')),
  buzz_workflow_runs_total: counter('metrics.family.workflow', 'trigger'),
  buzz_search_index_errors_total: counter(SEARCH),
  buzz_search_index_seconds: histogram(SEARCH, SECONDS),
  buzz_audit_log_seconds: masked(histogram(AUDIT, SECONDS)),
  buzz_audit_log_errors_total: counter(AUDIT),
  buzz_audit_send_errors_total: counter(AUDIT),
  buzz_membership_cache_hits_total: counter(CACHE),
  buzz_membership_cache_misses_total: counter(CACHE),
  buzz_accessible_channels_cache_hits_total: counter(CACHE),
  buzz_accessible_channels_cache_misses_total: counter(CACHE),
  buzz_count_fallback_rejections_total: later(counter('metrics.family.count')),
  buzz_db_pool_size: masked(later(gauge(POOLS))),
  buzz_db_pool_idle: masked(later(gauge(POOLS))),
  buzz_db_pool_active: masked(later(gauge(POOLS))),
  buzz_db_pool_max: masked(later(gauge(POOLS)), 'configuration'),
  buzz_redis_pool_size: masked(later(gauge(POOLS))),
  buzz_redis_pool_available: masked(later(gauge(POOLS))),
  buzz_redis_pool_max: masked(later(gauge(POOLS)), 'configuration'),
  buzz_redis_pool_waiting: masked(later(gauge(POOLS))),
};

/** The clause a family's presence and values are judged under: its table group, or the family set if unknown. */
export function familyClause(name: string): ClauseId {
  return CONTRACT_FAMILIES[name]?.clause ?? 'metrics.family.set';
}

/** Families a relay may have or not (added after the snapshot): no golden holds them and no comparison sees them. */
export const LATER_FAMILIES: readonly string[] = Object.entries(CONTRACT_FAMILIES)
  .filter(([, family]) => family.since === 'later')
  .map(([name]) => name);

/** The families whose values a golden masks (mask.ts says how). */
export function maskedFamilies(type: ContractFamily['type']): readonly string[] {
  return Object.entries(CONTRACT_FAMILIES)
    .filter(([, family]) => family.type === type && family.masked !== undefined)
    .map(([name]) => name);
}

/** The families whose labels §2.4 rules, with those labels. */
export const RULED_FAMILIES: Readonly<Record<string, Readonly<Record<string, ClauseId>>>> = Object.fromEntries(
  Object.entries(CONTRACT_FAMILIES).flatMap(([name, family]) =>
    family.ruled === undefined ? [] : [[name, family.ruled]],
  ),
);
