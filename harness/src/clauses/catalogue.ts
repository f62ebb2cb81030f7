// The clauses of docs/contract.md (v2) that the suite decides, one row per distinct check. Every finding, verdict and
// test name refers to a clause by its id, so a failure always says which sentence of the contract was broken.

export type Profile = 'buzz' | 'otel-spec';

export interface Clause {
  /** Stable dotted id, e.g. 'metrics.exposition'. */
  readonly id: string;
  /** The CONTRACT.md section that states it, e.g. '§2.1'. */
  readonly section: string;
  readonly title: string;
  /** A required clause failing makes the relay incompatible; an optional one is reported only. */
  readonly required: boolean;
  /** Set when the clause applies to one service.name profile only (CONTRACT §3.2); absent means every profile. */
  readonly profile?: Profile;
}

export const CLAUSES = [
  // §2.1 exposition
  { id: 'metrics.health', section: '§2.1', title: '/health on the metrics port returns OK', required: true },
  {
    id: 'metrics.any-path',
    section: '§2.1',
    title: 'every other path and method on the metrics port returns the metrics',
    required: true,
  },
  {
    id: 'metrics.content-type',
    section: '§2.1',
    title: 'Content-Type is text/plain without a version parameter',
    required: true,
  },
  {
    id: 'metrics.exposition',
    section: '§2.1',
    title: 'body is Prometheus text: a # TYPE line, its samples and one empty line per family; ends with "\\n\\n"',
    required: true,
  },
  { id: 'metrics.no-help', section: '§2.1', title: 'no # HELP lines (nothing is described)', required: true },
  {
    id: 'metrics.group-order',
    section: '§2.1',
    title: 'all counters, then all gauges, then all histograms',
    required: true,
  },
  {
    id: 'metrics.canonical-order',
    section: '§2.1',
    title:
      'the raw body is already canonical (families by name, series by label text); the reference relay renders it so, the Rust exporter need not',
    required: false,
  },
  {
    id: 'metrics.names',
    section: '§2.1',
    title: 'names printed as registered: no added _total or unit suffix, no target_info, no scope info',
    required: true,
  },
  {
    id: 'metrics.sample-syntax',
    section: '§2.1',
    title: 'sample lines have no timestamp and no empty braces; label values escape \\, " and newline',
    required: true,
  },
  {
    id: 'metrics.label-order',
    section: '§2.1',
    title: 'labels in call-site order, le last on histogram buckets',
    required: true,
  },
  {
    id: 'metrics.number-format',
    section: '§2.1',
    title: "counters are unsigned integers; gauges, _sum and le use Rust's f64 Display (no exponent)",
    required: true,
  },
  {
    id: 'metrics.histogram-lines',
    section: '§2.1',
    title: 'histogram: cumulative _bucket per bound, le="+Inf" equal to _count, _sum >= 0, then _count',
    required: true,
  },
  {
    id: 'metrics.lazy-families',
    section: '§2.1',
    title: 'a family is absent until first touched; a gauge back at 0 stays listed',
    required: true,
  },
  // §2.2
  { id: 'metrics.buckets', section: '§2.2', title: 'histogram bucket bounds as listed', required: true },
  // §2.3 families, one clause per group of the table
  {
    id: 'metrics.family.types',
    section: '§2.3',
    title: 'each family has the TYPE the table gives',
    required: true,
  },
  {
    id: 'metrics.family.labels',
    section: '§2.3',
    title: 'each family has exactly the label names the table gives',
    required: true,
  },
  {
    id: 'metrics.family.set',
    section: '§2.3',
    title: 'no family outside the table; none missing after a scenario that touches it',
    required: true,
  },
  { id: 'metrics.family.http', section: '§2.3', title: 'http_requests_total, http_request_latency_ms', required: true },
  {
    id: 'metrics.family.ws',
    section: '§2.3',
    title:
      'buzz_ws_connections_total/_active, backpressure disconnects (auth timeouts: later revisions, compared by neither side)',
    required: true,
  },
  { id: 'metrics.family.subscriptions', section: '§2.3', title: 'buzz_subscriptions_active', required: true },
  {
    id: 'metrics.family.events',
    section: '§2.3',
    title: 'buzz_events_received/stored/rejected_total, buzz_event_processing_seconds',
    required: true,
  },
  {
    id: 'metrics.family.fanout',
    section: '§2.3',
    title:
      'buzz_fanout_recipients, buzz_multinode_fanout(_lag)_total (cache-invalidation lag: later revisions, compared by neither side)',
    required: true,
  },
  {
    id: 'metrics.family.auth',
    section: '§2.3',
    title: 'buzz_auth_attempts_total, buzz_auth_failures_total',
    required: true,
  },
  {
    id: 'metrics.family.media',
    section: '§2.3',
    title: 'buzz_media_uploads_total (upload rejections: later revisions, compared by neither side)',
    required: true,
  },
  // buzz counts a run for every event its workflow engine accepts, workflow or not, so every stored event moves it.
  { id: 'metrics.family.workflow', section: '§2.3', title: 'buzz_workflow_runs_total', required: true },
  {
    id: 'metrics.family.search',
    section: '§2.3',
    title: 'buzz_search_index_errors_total, buzz_search_index_seconds (the suite runs no search index)',
    required: true,
  },
  {
    id: 'metrics.family.audit',
    section: '§2.3',
    title: 'buzz_audit_log_seconds, buzz_audit_log_errors_total, buzz_audit_send_errors_total',
    required: true,
  },
  {
    id: 'metrics.family.cache',
    section: '§2.3',
    title: 'membership and accessible-channels cache hits/misses',
    required: true,
  },
  // Families of buzz revisions after the 2026-06-14 snapshot: a relay may have them or not, no golden holds them.
  { id: 'metrics.family.count', section: '§2.3', title: 'buzz_count_fallback_rejections_total', required: false },
  {
    id: 'metrics.family.pools',
    section: '§2.3',
    title: 'buzz_db_pool_* and buzz_redis_pool_* gauges',
    required: false,
  },
  {
    id: 'metrics.values',
    section: '§2.3',
    title: 'every value not decided by timing equals the golden value',
    required: true,
  },
  // §2.4
  {
    id: 'metrics.labels.kind',
    section: '§2.4',
    title: 'kind: decimal if in the allow-list, else other',
    required: true,
  },
  {
    id: 'metrics.labels.caller',
    section: '§2.4',
    title: 'caller: first x-envoy-downstream-service-cluster value if ≤ 64 bytes of [A-Za-z0-9_-], else unknown',
    required: true,
  },
  {
    id: 'metrics.labels.action',
    section: '§2.4',
    title: 'action: matched route template; unmatched, /_*, /health, /metrics not counted',
    required: true,
  },
  {
    id: 'metrics.labels.code',
    section: '§2.4',
    title: 'code: numeric status; WebSocket upgrade is 101',
    required: true,
  },
  // §3.1
  {
    id: 'tracing.switch',
    section: '§3.1',
    title: 'tracing is on only when OTEL_EXPORTER_OTLP_ENDPOINT exists',
    required: true,
  },
  {
    id: 'tracing.no-connection',
    section: '§3.1',
    title: 'with OTEL_EXPORTER_OTLP_ENDPOINT unset no connection of any kind is attempted',
    required: true,
  },
  {
    id: 'tracing.exporter',
    section: '§3.1',
    title: 'OTLP over gRPC with a batch span processor; metrics never over OTLP',
    required: true,
  },
  {
    id: 'tracing.exporter-failure',
    section: '§3.1',
    title: 'an exporter that cannot be built logs a warning and the relay runs on without tracing',
    required: false,
  },
  { id: 'tracing.scope', section: '§3.1', title: 'instrumentation scope name is buzz-relay', required: true },
  {
    id: 'tracing.sampler',
    section: '§3.1',
    title: 'sampler from OTEL_TRACES_SAMPLER/_ARG, default parentbased_always_on',
    required: false,
  },
  {
    id: 'tracing.empty-endpoint',
    section: '§6',
    title: 'an empty OTEL_EXPORTER_OTLP_ENDPOINT makes the exporter fail to build: no tracing, no connection',
    required: false,
  },
  // §3.2
  {
    id: 'resource.attributes',
    section: '§3.2',
    title: 'resource holds service.name and OTEL_RESOURCE_ATTRIBUTES only (no telemetry.sdk.*, host, process)',
    required: true,
  },
  {
    id: 'resource.attributes-parsing',
    section: '§3.2',
    title: 'OTEL_RESOURCE_ATTRIBUTES split on "," and the first "=", trimmed, not percent-decoded',
    required: true,
  },
  {
    id: 'resource.service-name.buzz',
    section: '§3.2',
    title: 'service.name: OTEL_RESOURCE_ATTRIBUTES > non-empty OTEL_SERVICE_NAME > buzz-relay',
    required: true,
    profile: 'buzz',
  },
  {
    id: 'resource.service-name.otel-spec',
    section: '§3.2',
    title: 'service.name: non-empty OTEL_SERVICE_NAME > OTEL_RESOURCE_ATTRIBUTES > buzz-relay',
    required: true,
    profile: 'otel-spec',
  },
  // §3.3
  {
    id: 'spans.trace-per-frame',
    section: '§3.3',
    title: 'each client frame starts its own trace with exactly one root; no connection span',
    required: true,
  },
  {
    id: 'spans.no-orphans',
    section: '§3.3',
    title: 'every parent span id names a span of the same trace',
    required: true,
  },
  { id: 'spans.kind', section: '§3.3', title: 'every span is INTERNAL', required: true },
  {
    id: 'spans.attribute-values',
    section: '§3.3',
    title: 'attributes are strings: conn_id lowercase UUID, event_id 64 lowercase hex as sent, kind decimal',
    required: true,
  },
  {
    id: 'spans.auth',
    section: '§3.3',
    title: 'AUTH: ws.auth(conn_id) → handle_auth(event_id, conn_id)',
    required: true,
  },
  {
    id: 'spans.event',
    section: '§3.3',
    title: 'EVENT: ws.event(conn_id, event_id, kind) → handle_event(event_id, kind) → fan_out_scoped',
    required: true,
  },
  { id: 'spans.req', section: '§3.3', title: 'REQ: ws.req(conn_id, sub_id)', required: true },
  { id: 'spans.count', section: '§3.3', title: 'COUNT: ws.count(conn_id, sub_id)', required: true },
  {
    id: 'spans.none-for-close',
    section: '§3.3',
    title: 'CLOSE, unparsable and rate-limited frames make no span',
    required: true,
  },
  {
    id: 'spans.ws-event-attributes',
    section: '§6',
    title: 'ws.event itself carries event_id and kind (not only its child handle_event)',
    required: true,
  },
  {
    id: 'spans.topology',
    section: '§3.3',
    title: 'the ID-free span trees of a scenario equal the golden',
    required: true,
  },
  // Golden workflow: not contract text, but a verdict the suite reports like any other.
  {
    id: 'golden.present',
    section: 'suite',
    title: 'every scenario has its golden and every golden its scenario, each with a valid header',
    required: true,
  },
] as const satisfies readonly Clause[];

export type ClauseId = (typeof CLAUSES)[number]['id'];

const byId: ReadonlyMap<string, Clause> = new Map(CLAUSES.map((c) => [c.id, c]));

/** The clause with this id; an unknown id is a bug in the caller, so it throws rather than reporting nothing. */
export function clause(id: string): Clause {
  const found = byId.get(id);
  if (found === undefined) {
    throw new Error(`unknown clause id '${id}': add it to harness/src/clauses/catalogue.ts or fix the caller`);
  }
  return found;
}

/** `[<id> <section>]`, the prefix every finding message starts with. */
export function clauseTag(id: ClauseId): string {
  return `[${id} ${clause(id).section}]`;
}

/** Clauses that apply under a profile: every clause without a profile, plus that profile's own. */
export function clausesFor(profile: Profile): readonly Clause[] {
  return CLAUSES.filter((c: Clause) => c.profile === undefined || c.profile === profile);
}
