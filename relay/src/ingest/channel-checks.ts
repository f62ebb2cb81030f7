import type { RelayContext } from '../handlers/context.ts';
import type { NostrEvent } from '../nostr/event.ts';
import type { IngestInput, RejectHook } from './hooks.ts';
import { channelIdOf, isGlobalOnly, KIND_GIFT_WRAP, KIND_REACTION, needsChannel } from './kinds.ts';
import { guarded, refuse } from './refusal.ts';
import { lastTagValue } from './rules.ts';

// The channel a persistent event belongs to, and the checks that need it (buzz-relay/src/handlers/ingest.rs
// `ingest_event` step 5, `requires_h_channel_scope`, `check_channel_membership`).

const HEX64 = /^[0-9a-f]{64}$/i;
const KIND_DELETION = 5;
/** Creating a channel and joining one do not need its membership. */
const MEMBERSHIP_EXEMPT: ReadonlySet<number> = new Set([9007, 9021]);

/** A reaction belongs to its target's channel, a deletion to its first target's, any other to its h tag. */
export async function resolveChannel(ctx: RelayContext, event: NostrEvent): Promise<string | undefined> {
  if (isGlobalOnly(event.kind)) return undefined;
  if (event.kind === KIND_REACTION) {
    const target = lastTagValue(event, 'e');
    if (target === undefined || !HEX64.test(target))
      refuse('invalid: reaction must reference a target event via e tag');
    const found = await guarded(() => ctx.lookup.channelOf(target as string));
    if (found === undefined) refuse('invalid: reaction target event not found');
    return found ?? undefined;
  }
  if (event.kind === KIND_GIFT_WRAP) return undefined;
  if (event.kind === KIND_DELETION) {
    const target = event.tags.find((tag) => tag[0] === 'e' && HEX64.test(tag[1] ?? ''))?.[1];
    if (target === undefined) return undefined;
    return (await guarded(() => ctx.lookup.channelOf(target))) ?? undefined;
  }
  return channelIdOf(event.tags);
}

export const requireChannelTag: RejectHook<IngestInput> = (_ctx, { event, channel }) =>
  needsChannel(event.kind) && channel === undefined
    ? 'invalid: channel-scoped events must include an h tag'
    : undefined;

export const requireChannelMembership: RejectHook<IngestInput> = async (ctx, { event, channel }) => {
  if (channel === undefined || MEMBERSHIP_EXEMPT.has(event.kind)) return undefined;
  const allowed = await guarded(() => ctx.access.canPublish(channel, event.pubkey));
  return allowed ? undefined : 'restricted: not a channel member';
};
