import { randomUUID } from 'node:crypto';
import type { RelayContext } from '../handlers/context.ts';
import type { IngestInput, KindRule, RuleVerdict } from '../ingest/hooks.ts';
import { firstTagValue, isHex64 } from '../nostr/event.ts';
import { closedFrame } from '../nostr/replies.ts';
import { CHANNEL_TYPES, isElevated, ROLES, VISIBILITIES, type Visibility } from './channel-store.ts';
import {
  emitDiscovery,
  emitMembershipNotice,
  emitSystemMessage,
  KIND_MEMBER_ADDED,
  KIND_MEMBER_REMOVED,
} from './side-events.ts';

// NIP-29 group administration as buzz does it (snapshot 9ee5aee: buzz-relay/src/handlers/ingest.rs step 16 for
// 9007, side_effects.rs validate_admin_event and handle_create_group / handle_put_user / handle_remove_user).
// Checks refuse with `invalid: <why>`; once the event is stored, its effects run before its own OK: caches
// invalidated, a 40099 system message, the 39000-39002 discovery events, a 44100/44101 notice to the member.

const KIND_CREATE = 9007;
const KIND_PUT_USER = 9000;
const KIND_REMOVE_USER = 9001;

/** Channels created without an h tag get an id here, between the check and the side effects. */
const generatedIds = new WeakMap<object, string>();

function firstTag(input: IngestInput, name: string): string | undefined {
  return firstTagValue(input.event, name);
}

function targetOf(input: IngestInput): string | undefined {
  const value = firstTag(input, 'p');
  return value !== undefined && isHex64(value.toLowerCase()) ? value.toLowerCase() : undefined;
}

export const createChannelRule: KindRule = {
  name: 'NIP-29 create group',
  applies: (kind) => kind === KIND_CREATE,
  async check(ctx, input): Promise<RuleVerdict> {
    const name = firstTag(input, 'name');
    if (name === undefined || name.trim() === '') return { reject: 'invalid: channel name is required' };
    const visibility = firstTag(input, 'visibility') ?? 'open';
    if (!VISIBILITIES.includes(visibility)) return { reject: `invalid visibility: ${visibility}` };
    const channelType = firstTag(input, 'channel_type') ?? 'stream';
    if (!CHANNEL_TYPES.includes(channelType)) return { reject: `invalid channel_type: ${channelType}` };
    const id = input.channel ?? randomUUID();
    const created = await ctx.channels.create({
      id,
      name,
      visibility: visibility as Visibility,
      channelType,
      description: firstTag(input, 'about'),
      createdBy: input.event.pubkey,
    });
    if (!created) return { answer: { accepted: false, message: 'duplicate: channel already exists' } };
    generatedIds.set(input.event, id);
    return undefined;
  },
  async afterStore(ctx, input) {
    const channel = generatedIds.get(input.event) ?? input.channel;
    if (channel === undefined) return;
    const creator = input.event.pubkey;
    ctx.access.invalidateMembership(channel, creator);
    if ((firstTag(input, 'visibility') ?? 'open') === 'open') ctx.access.invalidateAllAccessible();
    await emitSystemMessage(ctx, channel, { type: 'channel_created', actor: creator });
    await emitDiscovery(ctx, channel);
    await emitMembershipNotice(ctx, KIND_MEMBER_ADDED, channel, creator, creator);
  },
};

export const putUserRule: KindRule = {
  name: 'NIP-29 put user',
  applies: (kind) => kind === KIND_PUT_USER,
  async check(ctx, input) {
    const channel = await existingChannel(ctx, input);
    if (typeof channel === 'object') return channel;
    const role = firstTag(input, 'role') ?? 'member';
    if (!ROLES.includes(role)) return { reject: `invalid: invalid role: ${role}` };
    if (channel === 'private') {
      const actor = (await ctx.channels.members(input.channel as string)).find((m) => m.pubkey === input.event.pubkey);
      if (actor === undefined) return { reject: 'invalid: actor not authorized' };
      if (isElevated(role) && !isElevated(actor.role)) {
        return { reject: 'invalid: only owners/admins may grant elevated roles' };
      }
    }
    if (targetOf(input) === undefined) return { reject: 'invalid: missing p tag' };
    return undefined;
  },
  async afterStore(ctx, input) {
    const channel = input.channel as string;
    const target = targetOf(input) as string;
    const actor = input.event.pubkey;
    await ctx.channels.putMember(channel, target, firstTag(input, 'role') ?? 'member', actor);
    ctx.access.invalidateMembership(channel, target);
    await emitSystemMessage(ctx, channel, { type: 'member_joined', actor, target });
    await emitDiscovery(ctx, channel);
    await emitMembershipNotice(ctx, KIND_MEMBER_ADDED, channel, target, actor);
  },
};

export const removeUserRule: KindRule = {
  name: 'NIP-29 remove user',
  applies: (kind) => kind === KIND_REMOVE_USER,
  async check(ctx, input) {
    const channel = await existingChannel(ctx, input);
    if (typeof channel === 'object') return channel;
    const target = targetOf(input);
    if (target === undefined) return { reject: 'invalid: missing p tag' };
    const members = await ctx.channels.members(input.channel as string);
    const actor = members.find((m) => m.pubkey === input.event.pubkey);
    if (target === input.event.pubkey) {
      if (actor === undefined) return { reject: 'invalid: actor is not an active member' };
      if (actor.role === 'owner' && members.filter((m) => m.role === 'owner').length <= 1) {
        return { reject: 'invalid: cannot remove the last owner' };
      }
      return undefined;
    }
    if (actor === undefined || !isElevated(actor.role)) return { reject: 'invalid: actor not authorized' };
    return undefined;
  },
  async afterStore(ctx, input) {
    const channel = input.channel as string;
    const target = targetOf(input) as string;
    const actor = input.event.pubkey;
    await ctx.channels.removeMember(channel, target);
    ctx.access.invalidateMembership(channel, target);
    evictChannelSubscriptions(ctx, channel, target);
    await emitSystemMessage(ctx, channel, {
      type: target === actor ? 'member_left' : 'member_removed',
      actor,
      target,
    });
    await emitDiscovery(ctx, channel);
    await emitMembershipNotice(ctx, KIND_MEMBER_REMOVED, channel, target, actor);
  },
};

/** The channel's visibility, or the refusal when the event names no channel that exists. */
async function existingChannel(ctx: RelayContext, input: IngestInput): Promise<Visibility | { reject: string }> {
  if (input.channel === undefined) return { reject: 'invalid: missing or invalid h tag' };
  const channel = await ctx.channels.get(input.channel);
  if (channel === undefined) return { reject: 'invalid: channel not found' };
  return channel.visibility;
}

/** A removed member's live subscriptions to the channel end at once, each with a CLOSED. */
function evictChannelSubscriptions(ctx: RelayContext, channel: string, pubkey: string): void {
  for (const sub of ctx.subscriptions.ofPubkey(pubkey)) {
    if (sub.channel !== channel) continue;
    if (ctx.subscriptions.remove(sub.subscriber, sub.id)) {
      sub.subscriber.sendLive(closedFrame(sub.id, 'restricted: channel access revoked'));
    }
  }
}
