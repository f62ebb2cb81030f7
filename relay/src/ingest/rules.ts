import type { NostrEvent } from '../nostr/event.ts';
import type { KindRule } from './hooks.ts';

// The kind rules of plain events; those of channels and relay membership live in channels/ and relay-membership/.

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
