import { AUTH_KIND } from '../nostr/event.ts';
import type { EventFrame, RejectHook } from './hooks.ts';
import { KIND_GIFT_WRAP } from './kinds.ts';

// What every EVENT frame must pass before its kind decides its path (buzz-relay/src/handlers/event.rs
// `handle_event`); buzz counts the first refusal as `auth`, the others as `invalid`.

export const requireAuthenticated: RejectHook<EventFrame> = (_ctx, { conn }) =>
  conn.auth !== 'authenticated' || conn.pubkey === undefined ? 'auth-required: not authenticated' : undefined;

/** Gift wraps are signed by a throwaway key, so their author is never the sender. */
export const requireOwnEvent: RejectHook<EventFrame> = (_ctx, { event, conn }) =>
  event.pubkey !== conn.pubkey && event.kind !== KIND_GIFT_WRAP
    ? 'invalid: event pubkey does not match authenticated identity'
    : undefined;

export const refuseAuthEvent: RejectHook<EventFrame> = (_ctx, { event }) =>
  event.kind === AUTH_KIND ? 'invalid: AUTH events cannot be submitted via EVENT' : undefined;
