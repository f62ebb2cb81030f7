import { fanOut } from '../ingest/dispatch.ts';
import { requireValidSignature } from '../ingest/event-checks.ts';
import type { IngestOutcome } from '../ingest/hooks.ts';
import { firstRefusal, ingestEvent } from '../ingest/ingest.ts';
import { channelIdOf, isEphemeral } from '../ingest/kinds.ts';
import { IngestRefusal } from '../ingest/refusal.ts';
import type { RejectReason } from '../metrics/instruments.ts';
import { kindLabel } from '../metrics/labels.ts';
import type { NostrEvent } from '../nostr/event.ts';
import { okFrame } from '../nostr/replies.ts';
import type { Connection } from '../ws/connection.ts';
import type { RelayContext } from './context.ts';

// An EVENT frame as buzz's WebSocket handler takes it (snapshot 9ee5aee: buzz-relay/src/handlers/event.rs
// `handle_event`): counted as received first, then refused unless it passes the pipeline's admission hooks, then
// either relayed (ephemeral kinds: no store, no ingest checks) or put through the rest of the pipeline. Only the
// pipeline's outcomes are timed, and only its accepted outcomes count as stored.

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
  const label = kindLabel(event.kind);
  metrics.eventsReceived.inc([label]);
  const reject = (reason: RejectReason, message: string) => {
    metrics.eventsRejected.inc([reason]);
    conn.send(okFrame(event.id, false, message));
  };
  const refusal = await firstRefusal(ctx, ctx.pipeline.admit, { event, conn });
  // buzz files the unauthenticated refusal under `auth`, every other one under `invalid`.
  if (refusal !== undefined) return reject(refusal.startsWith('auth-required:') ? 'auth' : 'invalid', refusal);
  if (isEphemeral(event.kind)) return relayEphemeral(ctx, conn, event);

  let outcome: IngestOutcome;
  try {
    // Admission has seen the connection authenticated, so it has its pubkey.
    outcome = await ingestEvent(ctx, event, conn.pubkey as string);
  } catch (error) {
    if (!(error instanceof IngestRefusal)) throw error;
    if (error.reason === 'error') ctx.log.error({ err: error.cause, event_id: event.id }, 'ingest failed');
    return reject(error.reason, error.message);
  }
  if (outcome.accepted) metrics.eventsStored.inc([label]);
  metrics.eventProcessingSeconds.observe((performance.now() - started) / 1000);
  conn.send(okFrame(event.id, outcome.accepted, outcome.message));
}

/**
 * Ephemeral kinds are checked only for their id, signature and channel access, and a refusal is not counted as a
 * rejection (buzz-relay/src/handlers/event.rs `handle_ephemeral_event`).
 */
async function relayEphemeral(ctx: RelayContext, conn: Connection, event: NostrEvent): Promise<void> {
  const invalid = await requireValidSignature(ctx, event);
  if (invalid !== undefined) {
    conn.send(okFrame(event.id, false, invalid));
    return;
  }
  const channel = channelIdOf(event.tags);
  if (channel !== undefined && !(await ctx.access.canPublish(channel, event.pubkey))) {
    conn.send(okFrame(event.id, false, 'restricted: not a channel member'));
    return;
  }
  const raw = JSON.stringify(event);
  ctx.bus.publishEvent(raw);
  await fanOut(ctx, event, raw, channel);
  conn.send(okFrame(event.id, true, ''));
}
