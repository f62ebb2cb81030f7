import { channelOfSubscription } from '../channels/filter-channel.ts';
import type { Filter } from '../nostr/filter.ts';
import { closedFrame, eoseFrame, noticeFrame } from '../nostr/replies.ts';
import type { ChannelScope } from '../store/event-queries.ts';
import { Subscription } from '../subscriptions/subscription.ts';
import type { Connection } from '../ws/connection.ts';
import type { RelayContext } from './context.ts';

/** REQ frame: root span `ws.req` (CONTRACT §3.3). */
export function handleReqFrame(
  ctx: RelayContext,
  conn: Connection,
  subId: string,
  filters: readonly Filter[],
): Promise<void> {
  return ctx.tracing.root('ws.req', { conn_id: conn.id, sub_id: subId }, () => handleReq(ctx, conn, subId, filters));
}

async function handleReq(ctx: RelayContext, conn: Connection, subId: string, filters: readonly Filter[]) {
  if (conn.auth !== 'authenticated' || conn.pubkey === undefined) {
    conn.send(noticeFrame('auth-required: authenticate before subscribing'));
    conn.send(closedFrame(subId, 'auth-required: not authenticated'));
    return;
  }
  let scope: ChannelScope;
  try {
    scope = { all: false, channels: await ctx.access.accessibleChannels(conn.pubkey) };
  } catch (error) {
    ctx.log.error({ err: error, conn_id: conn.id }, 'accessible channels lookup failed');
    conn.send(closedFrame(subId, 'error: database error'));
    return;
  }
  // buzz (req.rs): a subscription naming one channel in every filter is that channel's, and needs access to it.
  const channel = channelOfSubscription(filters);
  if (channel !== undefined && !scope.channels.includes(channel)) {
    conn.send(closedFrame(subId, 'restricted: not a channel member'));
    return;
  }
  // The connection may have gone during the lookup; its cleanup has run already and would never remove this one.
  if (conn.closed) return;
  // Registered before the stored events are read, so nothing published meanwhile is missed.
  const subscription = new Subscription(conn, subId, filters, channel);
  if (ctx.subscriptions.add(subscription) === 'limit') {
    const limit = ctx.config.limits.maxSubscriptionsPerConnection;
    conn.send(closedFrame(subId, `blocked: too many subscriptions (limit ${limit})`));
    return;
  }
  const sent = new Set<string>();
  try {
    for (const filter of filters) {
      const rows = await ctx.queries.query(filter, scope);
      for (const row of rows) {
        if (sent.has(row.id)) continue;
        sent.add(row.id);
        conn.send(`${subscription.framePrefix}${row.raw}]`);
      }
    }
  } catch (error) {
    ctx.log.error({ err: error, conn_id: conn.id, sub_id: subId }, 'querying stored events failed');
    ctx.subscriptions.remove(conn, subId);
    conn.send(closedFrame(subId, 'error: could not query stored events'));
    return;
  }
  conn.send(eoseFrame(subId));
  subscription.goLive(sent);
}
