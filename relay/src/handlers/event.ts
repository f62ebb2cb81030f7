import { getEventHash } from 'nostr-tools/pure';
import type pg from 'pg';
import type { RejectReason } from '../metrics/instruments.ts';
import { kindLabel } from '../metrics/labels.ts';
import {
  AUTH_KIND,
  channelOf,
  eventFormatProblem,
  indexedTagValues,
  isHex64,
  kindClass,
  type NostrEvent,
  replaceKey,
} from '../nostr/event.ts';
import { okFrame } from '../nostr/replies.ts';
import type { PreparedEvent, WriteOutcome } from '../store/event-writer.ts';
import { addChannelMembers, addRelayMembers, removeChannelMembers, removeRelayMembers } from '../store/membership.ts';
import { fanOutScoped } from '../subscriptions/fan-out.ts';
import type { Connection } from '../ws/connection.ts';
import type { RelayContext } from './context.ts';

/** Owner-signed membership events (relay/README.md, "Channels and membership"). */
const CHANNEL_ADD = 9000;
const CHANNEL_REMOVE = 9001;
const RELAY_ADD = 8000;
const RELAY_REMOVE = 8001;
const MEMBERSHIP_KINDS = new Set([CHANNEL_ADD, CHANNEL_REMOVE, RELAY_ADD, RELAY_REMOVE]);

const NO_SPAN_ATTRIBUTES = {};

/** EVENT frame: root span `ws.event` → `handle_event` → `fan_out_scoped` (CONTRACT §3.3). */
export function handleEventFrame(ctx: RelayContext, conn: Connection, event: NostrEvent): Promise<void> {
  const kind = String(event.kind);
  return ctx.tracing.root('ws.event', { conn_id: conn.id, event_id: event.id, kind }, () =>
    ctx.tracing.child('handle_event', { event_id: event.id, kind }, () => handleEvent(ctx, conn, event)),
  );
}

async function handleEvent(ctx: RelayContext, conn: Connection, event: NostrEvent): Promise<void> {
  const started = performance.now();
  const { metrics } = ctx;
  metrics.eventsReceived.inc([kindLabel(event.kind)]);
  const reject = (reason: RejectReason, message: string) => {
    metrics.eventsRejected.inc([reason]);
    conn.send(okFrame(event.id, false, message));
  };
  if (conn.auth !== 'authenticated') return reject('auth', 'auth-required: not authenticated');
  if (event.kind === AUTH_KIND) return reject('invalid', 'invalid: AUTH events are not published; send them as AUTH');
  const problem = eventFormatProblem(event);
  if (problem !== undefined) return reject('invalid', `invalid: ${problem}`);
  if (!(await ctx.verifier.verify(event))) {
    const idMatches = getEventHash(event) === event.id;
    return reject('invalid', idMatches ? 'invalid: bad signature' : 'invalid: event id does not match its content');
  }
  const channel = channelOf(event);
  const membershipChange = MEMBERSHIP_KINDS.has(event.kind) ? membershipTargets(event) : undefined;
  if (membershipChange !== undefined) {
    if (!ctx.access.isAdmin(event.pubkey))
      return reject('scope', 'restricted: only the relay owner manages membership');
    if (membershipChange === 'invalid') {
      return reject('invalid', 'invalid: membership events need p tags of 64 hex (and an h tag for channels)');
    }
  }
  if (channel !== undefined) {
    let allowed: boolean;
    try {
      allowed = await ctx.access.canPublish(channel, event.pubkey);
    } catch (error) {
      ctx.log.error({ err: error, event_id: event.id }, 'channel membership lookup failed');
      return reject('error', 'error: could not check channel membership');
    }
    if (!allowed) return reject('scope', 'restricted: not a member of this channel');
  }

  const raw = JSON.stringify(event);
  const cls = kindClass(event.kind);
  if (cls === 'ephemeral') {
    ctx.bus.publishEvent(raw);
    await fanOut(ctx, event, raw, channel);
    conn.send(okFrame(event.id, true, ''));
    return;
  }

  const prepared: PreparedEvent = {
    event,
    raw,
    cls,
    channel,
    replaceKey: replaceKey(event, cls),
    tagvals: indexedTagValues(event),
  };
  let outcome: WriteOutcome;
  try {
    outcome =
      membershipChange === undefined
        ? await ctx.writer.write(prepared)
        : await ctx.writer.writeWith(prepared, (client) => applyMembership(client, event.kind, membershipChange));
  } catch (error) {
    ctx.log.error({ err: error, event_id: event.id }, 'storing an event failed');
    return reject('error', 'error: could not store the event');
  }
  metrics.eventProcessingSeconds.observe((performance.now() - started) / 1000);
  if (outcome !== 'stored') {
    const message =
      outcome === 'duplicate' ? 'duplicate: already have this event' : 'duplicate: have a newer version of this event';
    conn.send(okFrame(event.id, true, message));
    return;
  }
  metrics.eventsStored.inc([kindLabel(event.kind)]);
  if (membershipChange?.channel !== undefined) {
    const invalidation = { channel: membershipChange.channel, pubkeys: membershipChange.pubkeys };
    ctx.invalidateLocally(invalidation);
    ctx.bus.publishInvalidation(invalidation);
  }
  if (membershipChange !== undefined) {
    ctx.audit?.record({
      action: `membership.${event.kind}`,
      pubkey: event.pubkey,
      connId: conn.id,
      detail: { channel: membershipChange.channel ?? null, pubkeys: membershipChange.pubkeys },
    });
  }
  ctx.bus.publishEvent(raw);
  await fanOut(ctx, event, raw, channel);
  ctx.workflows?.onPersisted(event);
  conn.send(okFrame(event.id, true, ''));
}

function fanOut(ctx: RelayContext, event: NostrEvent, raw: string, channel: string | undefined): Promise<void> {
  return ctx.tracing.child('fan_out_scoped', NO_SPAN_ATTRIBUTES, async () => {
    ctx.metrics.fanoutRecipients.observe(fanOutScoped(ctx.subscriptions, event, raw, channel));
  });
}

interface MembershipTargets {
  readonly channel: string | undefined;
  readonly pubkeys: readonly string[];
}

function membershipTargets(event: NostrEvent): MembershipTargets | 'invalid' {
  const pubkeys = event.tags.filter((tag) => tag[0] === 'p').map((tag) => tag[1] ?? '');
  if (pubkeys.length === 0 || !pubkeys.every(isHex64)) return 'invalid';
  const channel = channelOf(event);
  const forChannel = event.kind === CHANNEL_ADD || event.kind === CHANNEL_REMOVE;
  if (forChannel && channel === undefined) return 'invalid';
  return { channel: forChannel ? channel : undefined, pubkeys };
}

function applyMembership(client: pg.PoolClient, kind: number, targets: MembershipTargets): Promise<void> {
  switch (kind) {
    case CHANNEL_ADD:
      return addChannelMembers(client, targets.channel!, targets.pubkeys);
    case CHANNEL_REMOVE:
      return removeChannelMembers(client, targets.channel!, targets.pubkeys);
    case RELAY_ADD:
      return addRelayMembers(client, targets.pubkeys);
    default:
      return removeRelayMembers(client, targets.pubkeys);
  }
}
