import type { RelayContext } from '../handlers/context.ts';
import { storeAndDispatchRelayEvent } from '../ingest/dispatch.ts';
import { prepareEvent } from '../store/event-writer.ts';
import { deliverLocally } from '../subscriptions/fan-out.ts';

// The relay-signed NIP-43 events, each on buzz's own path (snapshot 9ee5aee: buzz-relay/src/handlers/side_effects.rs
// publish_nip43_membership_list, publish_nip43_delta). Both carry the NIP-70 `-` tag.

export const KIND_MEMBER_LIST = 13534;
export const KIND_RELAY_MEMBER_ADDED = 8000;
export const KIND_RELAY_MEMBER_REMOVED = 8001;

/**
 * Kind 13534, every member with its role, replacing the previous list and dispatched like any stored event. Dated
 * now: a list made within the second of the one before it lands only if its id sorts lower, as in buzz.
 */
export async function publishMemberList(ctx: RelayContext): Promise<void> {
  const members = await ctx.relayMembers.list();
  const event = ctx.signer.sign({
    kind: KIND_MEMBER_LIST,
    created_at: ctx.nowSecs(),
    tags: [['-'], ...members.map((m) => ['member', m.pubkey, m.role])],
    content: '',
  });
  await storeAndDispatchRelayEvent(ctx, event, undefined);
}

/** Kind 8000/8001 naming one member: stored, delivered to this node's subscribers only, and not observed. */
export async function publishMemberDelta(
  ctx: RelayContext,
  kind: typeof KIND_RELAY_MEMBER_ADDED | typeof KIND_RELAY_MEMBER_REMOVED,
  target: string,
): Promise<void> {
  const event = ctx.signer.sign({ kind, created_at: ctx.nowSecs(), tags: [['-'], ['p', target]], content: '' });
  const entry = prepareEvent(event, undefined);
  if ((await ctx.writer.write(entry)) !== 'stored') return;
  deliverLocally(ctx.subscriptions, event, entry.raw, undefined);
}
