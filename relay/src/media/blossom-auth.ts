import type { Event } from 'nostr-tools';
import { validateEvent, verifyEvent } from 'nostr-tools/pure';

// Blossom upload authorization as the buzz snapshot checks it: `Authorization: Nostr <base64 or base64url of a
// kind-24242 event>`, signed, with non-empty content, `t` = `upload` only, an `expiration` in the future, and
// `x` tags naming the bodies it may upload (the `X-SHA-256` header must be one of them, and so must the body's
// hash once read). Every failure answers buzz's one text; the reason goes to the log only.

export const BLOSSOM_AUTH_KIND = 24242;

// buzz tolerates this much clock skew into the future.
const FUTURE_SKEW_SECONDS = 5;
// Image and file uploads: the authorization must be at most ten minutes old.
const MAX_AGE_SECONDS = 600;

export type UploadAuthorization =
  | { readonly ok: true; readonly event: Event; readonly allowedHashes: readonly string[] }
  | { readonly ok: false; readonly reason: string };

const refuse = (reason: string): UploadAuthorization => ({ ok: false, reason });

export function verifyUploadAuthorization(
  header: string | undefined,
  declaredSha256: string | undefined,
  nowSeconds: number,
): UploadAuthorization {
  const match = /^Nostr\s+(\S+)\s*$/.exec(header?.trim() ?? '');
  if (match === null) return refuse('missing or non-Nostr Authorization header');

  let event: unknown;
  try {
    // Buffer's base64 decoder reads the standard and the URL-safe alphabet, padded or not.
    event = JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8'));
  } catch {
    return refuse('Authorization is not base64 of a JSON event');
  }
  if (!isSignedEvent(event) || !verifyEvent(event)) return refuse('Authorization event does not verify');
  if (event.kind !== BLOSSOM_AUTH_KIND) return refuse(`Authorization event is kind ${event.kind}`);
  if (event.content === '') return refuse('Authorization event content is empty');
  if (event.created_at > nowSeconds + FUTURE_SKEW_SECONDS) return refuse('Authorization created_at is in the future');
  if (event.created_at < nowSeconds - MAX_AGE_SECONDS) return refuse('Authorization is older than ten minutes');

  const verbs = tagValues(event, 't');
  if (verbs.length === 0 || verbs.some((verb) => verb !== 'upload')) return refuse('Authorization t is not upload');
  const expiration = Number(tagValues(event, 'expiration')[0]);
  if (!Number.isSafeInteger(expiration) || expiration <= nowSeconds) return refuse('Authorization has expired');

  const allowedHashes = tagValues(event, 'x');
  if (declaredSha256 === undefined || !/^[0-9a-f]{64}$/.test(declaredSha256)) {
    return refuse('X-SHA-256 header is missing or not 64 lowercase hex');
  }
  if (!allowedHashes.includes(declaredSha256)) return refuse('X-SHA-256 is not among the x tags');
  return { ok: true, event, allowedHashes };
}

/** Whether the authorization names a body with this sha256 (lowercase hex) in an `x` tag. */
export function coversBody(authorization: { readonly allowedHashes: readonly string[] }, sha256: string): boolean {
  return authorization.allowedHashes.includes(sha256);
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
