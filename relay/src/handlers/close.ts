import { closedFrame } from '../nostr/replies.ts';
import type { Connection } from '../ws/connection.ts';
import type { RelayContext } from './context.ts';

/**
 * CLOSE frame: forgets the subscription and acknowledges it with an empty CLOSED, known id or not, authenticated
 * or not (buzz-relay/src/handlers/close.rs `handle_close`). No span (CONTRACT §3.3).
 */
export function handleClose(ctx: RelayContext, conn: Connection, subId: string): void {
  ctx.subscriptions.remove(conn, subId);
  conn.send(closedFrame(subId, ''));
}
