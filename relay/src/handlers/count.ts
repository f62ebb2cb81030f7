import { channelOfFilter } from '../channels/filter-channel.ts';
import type { Filter } from '../nostr/filter.ts';
import { closedFrame, countFrame } from '../nostr/replies.ts';
import type { ChannelScope } from '../store/event-queries.ts';
import type { Connection } from '../ws/connection.ts';
import type { RelayContext } from './context.ts';

/** COUNT frame (NIP-45): root span `ws.count` (CONTRACT §3.3). */
export function handleCountFrame(
  ctx: RelayContext,
  conn: Connection,
  subId: string,
  filters: readonly Filter[],
): Promise<void> {
  return ctx.tracing.root('ws.count', { conn_id: conn.id, sub_id: subId }, () =>
    handleCount(ctx, conn, subId, filters),
  );
}

async function handleCount(ctx: RelayContext, conn: Connection, subId: string, filters: readonly Filter[]) {
  if (conn.auth !== 'authenticated' || conn.pubkey === undefined) {
    conn.send(closedFrame(subId, 'auth-required: not authenticated'));
    return;
  }
  let accessible: readonly string[];
  try {
    accessible = await ctx.access.accessibleChannels(conn.pubkey);
  } catch (error) {
    ctx.log.error({ err: error, conn_id: conn.id }, 'accessible channels lookup failed');
    conn.send(closedFrame(subId, 'error: database error'));
    return;
  }
  const scope: ChannelScope = { all: false, channels: accessible };
  try {
    // buzz (count.rs) counts filter by filter and adds up; a filter naming a channel out of reach counts nothing.
    let total = 0;
    for (const filter of filters) {
      const channel = channelOfFilter(filter);
      if (channel !== undefined && !accessible.includes(channel)) continue;
      const result = await ctx.queries.count([filter], scope);
      if (!result.ok) {
        ctx.metrics.countFallbackRejections.inc();
        conn.send(closedFrame(subId, 'restricted: count filter requires narrower constraints'));
        return;
      }
      total += result.count;
    }
    conn.send(countFrame(subId, total));
  } catch (error) {
    ctx.log.error({ err: error, conn_id: conn.id, sub_id: subId }, 'counting events failed');
    conn.send(closedFrame(subId, 'error: could not count events'));
  }
}
