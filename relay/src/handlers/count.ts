import type { Filter } from '../nostr/filter.ts';
import { closedFrame, countFrame } from '../nostr/replies.ts';
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
  try {
    const scope = await ctx.access.scopeFor(conn.pubkey);
    const result = await ctx.queries.count(filters, scope);
    if (!result.ok) {
      ctx.metrics.countFallbackRejections.inc();
      conn.send(closedFrame(subId, 'restricted: count filter requires narrower constraints'));
      return;
    }
    conn.send(countFrame(subId, result.count));
  } catch (error) {
    ctx.log.error({ err: error, conn_id: conn.id, sub_id: subId }, 'counting events failed');
    conn.send(closedFrame(subId, 'error: could not count events'));
  }
}
