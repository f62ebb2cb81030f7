import { getEventHash, verifyEvent } from 'nostr-tools/pure';
import type { NostrEvent } from '../nostr/event.ts';
import type { RejectHook } from './hooks.ts';
import { isKnownKind, isRelayOnly } from './kinds.ts';

// Checks of a persistent event on its own, before its channel is known (buzz-relay/src/handlers/ingest.rs
// `ingest_event`). The signature check also serves ephemeral kinds.

/** buzz's MAX_TIMESTAMP_DRIFT_SECS: created_at may be this far from the relay's clock either way. */
const MAX_TIMESTAMP_DRIFT_SECS = 900;

/** Why the event's id or signature is wrong (buzz-core's verification texts), or undefined. */
function verificationProblem(event: NostrEvent): string | undefined {
  const computed = getEventHash(event);
  if (computed !== event.id) return `invalid event id: computed ${computed}, got ${event.id}`;
  if (!verifyEvent({ ...event })) return 'invalid schnorr signature';
  return undefined;
}

export const refuseRelayOnlyKind: RejectHook<NostrEvent> = (_ctx, event) =>
  isRelayOnly(event.kind) ? 'restricted: relay-only kind' : undefined;

/** The batch verifier says only yes or no; the event is checked again here to say why. */
export const requireValidSignature: RejectHook<NostrEvent> = async (ctx, event) =>
  (await ctx.verifier.verify(event))
    ? undefined
    : `invalid: ${verificationProblem(event) ?? 'invalid schnorr signature'}`;

export const requireTimestampWindow: RejectHook<NostrEvent> = (ctx, event) =>
  Math.abs(event.created_at - ctx.nowSecs()) > MAX_TIMESTAMP_DRIFT_SECS
    ? 'invalid: event timestamp too far from server time'
    : undefined;

export const requireKnownKind: RejectHook<NostrEvent> = (_ctx, event) =>
  isKnownKind(event.kind) ? undefined : 'restricted: unknown event kind';
