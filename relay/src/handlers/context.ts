import type { ChannelAccess } from '../channels/channel-access.ts';
import type { ChannelStore } from '../channels/channel-store.ts';
import type { RelaySigner } from '../channels/relay-signer.ts';
import type { Config } from '../config.ts';
import type { Failures } from '../failures.ts';
import type { EventPipeline } from '../ingest/hooks.ts';
import type { Logger } from '../log.ts';
import type { RelayMetrics } from '../metrics/relay-metrics.ts';
import type { NostrEvent } from '../nostr/event.ts';
import type { Verifier } from '../nostr/verify.ts';
import type { SearchIndexer } from '../search/search-indexer.ts';
import type { EventLookup } from '../store/event-lookup.ts';
import type { EventQueries } from '../store/event-queries.ts';
import type { EventWriter } from '../store/event-writer.ts';
import type { RelayMembers } from '../store/relay-members.ts';
import type { SubscriptionRegistry } from '../subscriptions/registry.ts';
import type { Tracing } from '../telemetry/tracing.ts';

/** The audit log's entry point as the handlers use it (relay/src/audit/audit-log.ts). */
export interface AuditSink {
  record(entry: { action: string; pubkey?: string; connId?: string; detail?: Record<string, unknown> }): void;
}

/** Runs follow-up work for newly persisted events (relay/src/workflows/runner.ts). */
export interface PersistedEventListener {
  onPersisted(event: NostrEvent): void;
}

export interface EventPublisher {
  publishEvent(raw: string): void;
  /** Without this node's echo mark, so this node takes it back from Redis like any other (buzz's 40099). */
  publishUnmarked(raw: string): void;
}

/** Everything a frame handler works with; one per relay instance. */
export interface RelayContext {
  readonly config: Config;
  /** RELAY_URL, normalised for comparing NIP-42 relay tags. */
  readonly relayUrl: string;
  readonly log: Logger;
  /** Where paths that nobody awaits count what failed (relay/src/failures.ts). */
  readonly failures: Failures;
  readonly tracing: Tracing;
  readonly metrics: RelayMetrics;
  readonly verifier: Verifier;
  readonly writer: EventWriter;
  readonly queries: EventQueries;
  readonly lookup: EventLookup;
  readonly search: SearchIndexer;
  /** The EVENT path's hooks, in the order they run (relay/src/ingest/pipeline.ts). */
  readonly pipeline: EventPipeline;
  /** NIP-43 relay members and the AUTH allow-list. */
  readonly relayMembers: RelayMembers;
  /** NIP-29 channels and their members. */
  readonly channels: ChannelStore;
  /** Channel access behind buzz's membership and accessible-channels caches. */
  readonly access: ChannelAccess;
  /** Signs the relay's own events (channel discovery, system messages, membership notices). */
  readonly signer: RelaySigner;
  readonly subscriptions: SubscriptionRegistry;
  readonly bus: EventPublisher;
  readonly audit: AuditSink | undefined;
  readonly workflows: PersistedEventListener | undefined;
  /** Wall clock in seconds (NIP-42 created_at window). */
  nowSecs(): number;
}
