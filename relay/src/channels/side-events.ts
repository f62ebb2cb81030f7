import type { RelayContext } from '../handlers/context.ts';
import { storeAndDispatchRelayEvent } from '../ingest/dispatch.ts';
import { prepareEvent } from '../store/event-writer.ts';
import { deliverLocally } from '../subscriptions/fan-out.ts';

// The relay-signed events a channel change causes, each on buzz's own path (snapshot 9ee5aee:
// buzz-relay/src/handlers/side_effects.rs emit_system_message, emit_group_discovery_events,
// emit_membership_notification).

export const KIND_SYSTEM_MESSAGE = 40099;
export const KIND_MEMBER_ADDED = 44100;
export const KIND_MEMBER_REMOVED = 44101;
const KIND_GROUP_METADATA = 39000;
const KIND_GROUP_ADMINS = 39001;
const KIND_GROUP_MEMBERS = 39002;

/** buzz's serde_json objects keep their keys sorted. */
function sortedJson(fields: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1))));
}

/**
 * Kind 40099 in the channel: stored, then published to Redis without this node's echo mark, so every node —
 * this one too — takes it from Redis (buzz_multinode_fanout_total) and delivers it there. No dispatch.
 */
export async function emitSystemMessage(ctx: RelayContext, channel: string, fields: Record<string, string>) {
  const event = ctx.signer.sign({
    kind: KIND_SYSTEM_MESSAGE,
    created_at: ctx.nowSecs(),
    tags: [['h', channel]],
    content: sortedJson(fields),
  });
  const entry = prepareEvent(event, channel);
  try {
    await ctx.writer.write(entry);
  } catch (error) {
    ctx.log.warn({ err: error, channel }, 'storing a system message failed');
  }
  ctx.bus.publishUnmarked(entry.raw);
}

/** Kinds 39000-39002 (metadata, admins, members), each stored in the channel and dispatched like any event. */
export async function emitDiscovery(ctx: RelayContext, channelId: string): Promise<void> {
  const channel = await ctx.channels.get(channelId);
  if (channel === undefined) return;
  const members = await ctx.channels.members(channelId);
  const metadata = [
    ['d', channelId],
    ['name', channel.name],
  ];
  if (channel.description !== null && channel.description !== '') metadata.push(['about', channel.description]);
  metadata.push([channel.visibility === 'private' ? 'private' : 'public']);
  if (channel.channelType === 'dm') {
    metadata.push(['hidden']);
    for (const m of members) metadata.push(['p', m.pubkey]);
  }
  metadata.push(['closed'], ['t', channel.channelType]);
  const admins = members.filter((m) => m.role === 'owner' || m.role === 'admin');
  await emitAddressable(ctx, channelId, KIND_GROUP_METADATA, metadata);
  await emitAddressable(ctx, channelId, KIND_GROUP_ADMINS, [
    ['d', channelId],
    ...admins.map((m) => ['p', m.pubkey, m.role]),
  ]);
  await emitAddressable(ctx, channelId, KIND_GROUP_MEMBERS, [
    ['d', channelId],
    ...members.map((m) => ['p', m.pubkey, '', m.role]),
  ]);
}

/** Dated after the version it replaces, so two changes within one second both land. */
async function emitAddressable(ctx: RelayContext, channel: string, kind: number, tags: string[][]): Promise<void> {
  const previous = await ctx.channels.newestCreatedAt(channel, kind);
  const createdAt = Math.max(ctx.nowSecs(), previous === undefined ? 0 : previous + 1);
  const event = ctx.signer.sign({ kind, created_at: createdAt, tags, content: '' });
  await storeAndDispatchRelayEvent(ctx, event, channel);
}

/** Kind 44100/44101 to the member concerned: stored global, delivered on this node only, not observed. */
export async function emitMembershipNotice(
  ctx: RelayContext,
  kind: typeof KIND_MEMBER_ADDED | typeof KIND_MEMBER_REMOVED,
  channel: string,
  target: string,
  actor: string,
): Promise<void> {
  const event = ctx.signer.sign({
    kind,
    created_at: ctx.nowSecs(),
    tags: [
      ['p', target],
      ['h', channel],
    ],
    content: sortedJson({
      type: kind === KIND_MEMBER_ADDED ? 'member_added' : 'member_removed',
      channel_id: channel,
      actor,
    }),
  });
  const entry = prepareEvent(event, undefined);
  if ((await ctx.writer.write(entry)) !== 'stored') return;
  deliverLocally(ctx.subscriptions, event, entry.raw, undefined);
}
