import type { RelayContext } from '../handlers/context.ts';
import type { NostrEvent } from '../nostr/event.ts';
import type { PreparedEvent } from '../store/event-writer.ts';
import type { Connection } from '../ws/connection.ts';

// The EVENT path in khatru's shape: slices of hooks that relay/src/ingest/pipeline.ts fills in buzz's order and
// relay/src/ingest/ingest.ts runs. A reject hook answers with the OK message that refuses the event, so the first
// hook that answers decides the reply.

/** The OK message refusing the event (`invalid: …`, `restricted: …`, `auth-required: …`), or undefined. */
export type RejectHook<T> = (ctx: RelayContext, subject: T) => string | undefined | Promise<string | undefined>;

/** An EVENT frame and the connection it came on. */
export interface EventFrame {
  readonly event: NostrEvent;
  readonly conn: Connection;
}

export interface IngestInput {
  readonly event: NostrEvent;
  /** The authenticated pubkey the event came from. */
  readonly actor: string;
  /** The channel the event is stored under, as the pipeline resolved it. */
  readonly channel: string | undefined;
}

export interface IngestOutcome {
  readonly accepted: boolean;
  readonly message: string;
}

export type RuleVerdict =
  | undefined
  | { readonly reject: string }
  /** Answered without being stored (buzz still counts it as stored when accepted). */
  | { readonly answer: IngestOutcome };

/**
 * A kind's own step: it may refuse an event (buzz counts that as `invalid`), answer it without storing it, or act
 * once it is stored and before it is dispatched (buzz's awaited side effects, such as cache invalidation).
 */
export interface KindRule {
  readonly name: string;
  applies(kind: number): boolean;
  check?(ctx: RelayContext, input: IngestInput): Promise<RuleVerdict>;
  afterStore?(ctx: RelayContext, input: IngestInput): Promise<void>;
}

/** Writes the event; undefined when the store already had it. */
export type StoreStep = (ctx: RelayContext, input: IngestInput) => Promise<PreparedEvent | undefined>;

/** Runs for each newly stored event, a relay-signed one too; `actor` is who the audit row names. */
export type AfterStoreHook = (ctx: RelayContext, stored: PreparedEvent, actor: string) => void | Promise<void>;

export interface EventPipeline {
  /** Every EVENT frame, ephemeral kinds too; a refusal here counts as rejected. */
  readonly admit: readonly RejectHook<EventFrame>[];
  /** Persistent kinds, before their channel is known. */
  readonly reject: readonly RejectHook<NostrEvent>[];
  /** The channel the event belongs to; throws an IngestRefusal when the event cannot have one. */
  readonly channelOf: (ctx: RelayContext, event: NostrEvent) => Promise<string | undefined>;
  /** Persistent kinds, once their channel is known. */
  readonly rejectInChannel: readonly RejectHook<IngestInput>[];
  /** Their checks run after the reject hooks, their side effects after the store step. */
  readonly kindRules: readonly KindRule[];
  readonly store: StoreStep;
  /** buzz's dispatch of a stored event. */
  readonly afterStore: readonly AfterStoreHook[];
}
