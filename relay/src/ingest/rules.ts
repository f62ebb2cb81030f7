import type { RelayContext } from '../handlers/context.ts';
import type { NostrEvent } from '../nostr/event.ts';

// Kind-specific steps of the ingest pipeline, in khatru's shape: each rule names the kinds it applies to and may
// refuse an event (the message is the OK text; buzz counts such refusals with reason `invalid`), answer it without
// storing it, or act once it is stored and before it is dispatched (buzz's awaited side effects).

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

export interface KindRule {
  readonly name: string;
  applies(kind: number): boolean;
  check?(ctx: RelayContext, input: IngestInput): Promise<RuleVerdict>;
  afterStore?(ctx: RelayContext, input: IngestInput): Promise<void>;
}

/** buzz ingest step 20: a profile's content must be JSON (snapshot 9ee5aee: handlers/ingest.rs). */
export const profileContentRule: KindRule = {
  name: 'kind 0 content is JSON',
  applies: (kind) => kind === 0,
  async check(_ctx, { event }) {
    try {
      JSON.parse(event.content);
      return undefined;
    } catch {
      return { reject: 'invalid: kind:0 content must be valid JSON' };
    }
  },
};

/** buzz ingest step 20a: one reaction per (target, author, content); a repeat is refused, not stored. */
export const reactionRule: KindRule = {
  name: 'one reaction per emoji',
  applies: (kind) => kind === 7,
  async check(ctx, { event }) {
    const target = lastTagValue(event, 'e');
    if (target !== undefined && (await ctx.lookup.hasReaction(event.pubkey, target, event.content))) {
      return { answer: { accepted: false, message: 'duplicate: reaction already exists' } };
    }
    return undefined;
  },
};

export function lastTagValue(event: NostrEvent, name: string): string | undefined {
  let value: string | undefined;
  for (const tag of event.tags) if (tag[0] === name && tag[1] !== undefined) value = tag[1];
  return value;
}
