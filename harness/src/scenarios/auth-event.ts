// The kind-22242 event of an `auth` step (NIP-42), built with nostr-tools from the relay's challenge and
// RELAY_URL, and spoiled on purpose for the failure variants.

import type { Event } from 'nostr-tools';
import { makeAuthEvent } from 'nostr-tools/nip42';
import { finalizeEvent } from 'nostr-tools/pure';
import type { AuthVariant, FixtureKey } from './session-types.ts';

/** Far outside the ±60 s window of CONTRACT §4. */
const STALE_BY_SECS = 600;
const WRONG_RELAY_URL = 'ws://wrong-relay.invalid';

export function buildAuthEvent(key: FixtureKey, challenge: string, relayUrl: string, variant: AuthVariant): Event {
  const template = makeAuthEvent(variant === 'wrong-relay' ? WRONG_RELAY_URL : relayUrl, challenge);
  if (variant === 'wrong-challenge') {
    template.tags = template.tags.map((tag) =>
      tag[0] === 'challenge' ? ['challenge', otherChallenge(challenge)] : tag,
    );
  }
  if (variant === 'stale') template.created_at -= STALE_BY_SECS;
  const event = finalizeEvent(template, key.secretKey);
  const { id, pubkey, created_at, kind, tags, content, sig } = event;
  const signed: Event = { id, pubkey, created_at, kind, tags, content, sig };
  return variant === 'bad-signature' ? { ...signed, sig: flipLastHexDigit(sig) } : signed;
}

/** A well-formed challenge that is not the relay's. */
function otherChallenge(challenge: string): string {
  return challenge === '0'.repeat(64) ? '1'.repeat(64) : '0'.repeat(64);
}

function flipLastHexDigit(hex: string): string {
  return hex.slice(0, -1) + (Number.parseInt(hex.slice(-1), 16) ^ 1).toString(16);
}
