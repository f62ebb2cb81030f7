import type { Event } from 'nostr-tools';
import { validateEvent, verifyEvent } from 'nostr-tools/pure';

// Blossom upload authorization (BUD-01, BUD-02): `Authorization: Nostr <base64 of a kind-24242 event>`, signed,
// with `t` = `upload` and an `expiration` in the future. Its `x` tags, when present, name the only bodies it may
// upload. Every refusal carries a reason for the client (the `X-Reason` header).

export const BLOSSOM_AUTH_KIND = 24242;

// BUD-01 wants created_at in the past; buzz tolerates this much clock skew.
const FUTURE_SKEW_SECONDS = 5;

export type UploadAuthorization =
  | { readonly ok: true; readonly event: Event; readonly allowedHashes: readonly string[] }
  | { readonly ok: false; readonly reason: string };

const refuse = (reason: string): UploadAuthorization => ({ ok: false, reason });

export function verifyUploadAuthorization(header: string | undefined, nowSeconds: number): UploadAuthorization {
  if (header === undefined || header.trim() === '') {
    return refuse('missing Authorization header: send "Nostr <base64 of a signed kind-24242 event>"');
  }
  const match = /^Nostr\s+(\S+)\s*$/i.exec(header.trim());
  if (match === null) return refuse('Authorization must use the Nostr scheme: "Nostr <base64 event>"');

  let event: unknown;
  try {
    event = JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8'));
  } catch {
    return refuse('Authorization is not the base64 encoding of a JSON Nostr event');
  }
  if (!isSignedEvent(event)) return refuse('Authorization event is not a well-formed signed Nostr event');
  if (event.kind !== BLOSSOM_AUTH_KIND) {
    return refuse(`Authorization event must be kind ${BLOSSOM_AUTH_KIND}, got kind ${event.kind}`);
  }
  if (event.created_at > nowSeconds + FUTURE_SKEW_SECONDS) {
    return refuse('Authorization event created_at is in the future');
  }

  const verbs = tagValues(event, 't');
  if (verbs.length === 0 || verbs.some((verb) => verb !== 'upload')) {
    return refuse('Authorization event needs a "t" tag of "upload" (and no other verb)');
  }
  const expirations = tagValues(event, 'expiration');
  if (expirations.length !== 1 || !/^\d+$/.test(expirations[0]!)) {
    return refuse('Authorization event needs one "expiration" tag holding a unix timestamp');
  }
  if (Number(expirations[0]) <= nowSeconds) return refuse('Authorization event has expired');

  // Last, as the costliest check: the id must be the event's hash and the signature must be the pubkey's.
  if (!verifyEvent(event)) return refuse('Authorization event id or signature is invalid');

  return { ok: true, event, allowedHashes: tagValues(event, 'x').map((hash) => hash.toLowerCase()) };
}

/** Whether the authorization covers a body with this sha256 (lowercase hex): any body when it names none. */
export function coversBody(authorization: { readonly allowedHashes: readonly string[] }, sha256: string): boolean {
  return authorization.allowedHashes.length === 0 || authorization.allowedHashes.includes(sha256);
}

function isSignedEvent(value: unknown): value is Event {
  if (!validateEvent(value)) return false;
  const { id, sig } = value as { id?: unknown; sig?: unknown };
  return typeof id === 'string' && typeof sig === 'string';
}

function tagValues(event: Event, name: string): string[] {
  const values: string[] = [];
  for (const tag of event.tags) {
    if (tag[0] === name && typeof tag[1] === 'string') values.push(tag[1]);
  }
  return values;
}
