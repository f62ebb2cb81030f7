import type { Connection } from '../ws/connection.ts';
import type { RelayContext } from './context.ts';

/** CLOSE frame: forgets the subscription; no reply and no span (NIP-01, CONTRACT §3.3). */
export function handleClose(ctx: RelayContext, conn: Connection, subId: string): void {
  ctx.subscriptions.remove(conn, subId);
}
