import { finalizeEvent, getPublicKey } from 'nostr-tools/pure';
import { hexToBytes } from 'nostr-tools/utils';
import type { NostrEvent } from '../nostr/event.ts';

// The key the relay signs its own events with (channel discovery, system messages, membership notifications):
// BUZZ_RELAY_PRIVATE_KEY, else the fixed development key buzz falls back to (secret key 1; snapshot 9ee5aee:
// buzz-relay/src/main.rs).

const DEV_SECRET_KEY = `${'0'.repeat(63)}1`;

export interface RelaySigner {
  readonly pubkey: string;
  sign(template: { kind: number; created_at: number; tags: string[][]; content: string }): NostrEvent;
}

export function relaySigner(privateKeyHex: string | undefined): RelaySigner {
  const secret = hexToBytes(privateKeyHex ?? DEV_SECRET_KEY);
  const pubkey = getPublicKey(secret);
  return {
    pubkey,
    sign(template) {
      const { id, created_at, kind, tags, content, sig } = finalizeEvent(template, secret);
      return { id, pubkey, created_at, kind, tags, content, sig };
    },
  };
}
