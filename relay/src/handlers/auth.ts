import type { AuthFailureReason } from '../metrics/instruments.ts';
import { eventFormatProblem, type NostrEvent } from '../nostr/event.ts';
import { authEventProblem } from '../nostr/nip42.ts';
import { okFrame } from '../nostr/replies.ts';
import type { Connection } from '../ws/connection.ts';
import type { RelayContext } from './context.ts';

const NIP42 = ['nip42'];

/** AUTH frame (NIP-42, CONTRACT §4): root span `ws.auth`, child `handle_auth`. */
export function handleAuthFrame(ctx: RelayContext, conn: Connection, event: NostrEvent): Promise<void> {
  return ctx.tracing.root('ws.auth', { conn_id: conn.id }, () =>
    ctx.tracing.child('handle_auth', { event_id: event.id, conn_id: conn.id }, () => handleAuth(ctx, conn, event)),
  );
}

async function handleAuth(ctx: RelayContext, conn: Connection, event: NostrEvent): Promise<void> {
  if (conn.auth === 'authenticated') {
    conn.send(okFrame(event.id, false, 'auth-required: already authenticated'));
    return;
  }
  if (conn.auth === 'failed') {
    conn.send(okFrame(event.id, false, 'auth-required: authentication already failed'));
    return;
  }
  ctx.metrics.authAttempts.inc(NIP42);
  const problem =
    eventFormatProblem(event) ??
    authEventProblem(event, { challenge: conn.challenge, relayUrl: ctx.relayUrl, nowSecs: ctx.nowSecs() }) ??
    ((await ctx.verifier.verify(event)) ? undefined : 'bad id or signature');
  if (problem !== undefined) {
    fail(ctx, conn, event, 'nip42_invalid', 'auth-required: verification failed', problem);
    return;
  }
  const pubkey = event.pubkey;
  const { pubkeyAllowlist, requireRelayMembership } = ctx.config.access;
  // Neither gate knows an administrator: the owner passes the membership gate as a member, the allow-list only
  // with a row of its own. A lookup that fails denies, like a missing row.
  if (pubkeyAllowlist && !(await lookup(ctx, conn, () => ctx.relayMembers.isAllowlisted(pubkey)))) {
    fail(ctx, conn, event, 'allowlist_denied', 'auth-required: verification failed', 'not in pubkey_allowlist');
    return;
  }
  if (requireRelayMembership && !(await lookup(ctx, conn, () => ctx.relayMembers.isRelayMember(pubkey)))) {
    fail(ctx, conn, event, 'not_relay_member', 'restricted: not a relay member', 'not a relay member');
    return;
  }
  conn.auth = 'authenticated';
  conn.pubkey = pubkey;
  conn.send(okFrame(event.id, true, ''));
}

async function lookup(ctx: RelayContext, conn: Connection, query: () => Promise<boolean>): Promise<boolean> {
  try {
    return await query();
  } catch (error) {
    ctx.log.error({ err: error, conn_id: conn.id }, 'AUTH access lookup failed; denying');
    return false;
  }
}

/** Failure is terminal for the connection, which stays open unauthenticated (buzz has no AUTH timeout). */
function fail(
  ctx: RelayContext,
  conn: Connection,
  event: NostrEvent,
  reason: AuthFailureReason,
  reply: string,
  detail: string,
): void {
  conn.auth = 'failed';
  ctx.metrics.authFailures.inc([reason]);
  ctx.log.info({ conn_id: conn.id, reason, detail }, 'authentication failed');
  conn.send(okFrame(event.id, false, reply));
}
