import { createHash } from 'node:crypto';
import type { Event } from 'nostr-tools';

export type NostrEvent = Event;

export type KindClass = 'regular' | 'replaceable' | 'ephemeral' | 'addressable';

/** NIP-01 kind ranges. */
export function kindClass(kind: number): KindClass {
  if (kind === 0 || kind === 3 || (kind >= 10000 && kind < 20000)) return 'replaceable';
  if (kind >= 20000 && kind < 30000) return 'ephemeral';
  if (kind >= 30000 && kind < 40000) return 'addressable';
  return 'regular';
}

export const AUTH_KIND = 22242;

const HEX64 = /^[0-9a-f]{64}$/;
const HEX128 = /^[0-9a-f]{128}$/;

export function isHex64(value: string): boolean {
  return HEX64.test(value);
}

/** Why an event is malformed beyond its JSON types, or undefined; the text follows `invalid: `. */
export function eventFormatProblem(event: NostrEvent): string | undefined {
  if (!HEX64.test(event.id)) return 'event id must be 64 lowercase hex characters';
  if (!HEX64.test(event.pubkey)) return 'pubkey must be 64 lowercase hex characters';
  if (!HEX128.test(event.sig)) return 'signature must be 128 lowercase hex characters';
  let channels = 0;
  for (const tag of event.tags) if (tag[0] === 'h') channels++;
  if (channels > 1) return 'an event belongs to at most one channel (more than one h tag)';
  return undefined;
}

export function firstTagValue(event: NostrEvent, name: string): string | undefined {
  for (const tag of event.tags) if (tag[0] === name) return tag[1];
  return undefined;
}

/** The channel an event belongs to: its `h` tag (CHANNELS in relay/README.md). */
export function channelOf(event: NostrEvent): string | undefined {
  return firstTagValue(event, 'h');
}

/** The identity a replaceable or addressable event replaces by; undefined for the other classes. */
export function replaceKey(event: NostrEvent, cls: KindClass): string | undefined {
  if (cls === 'replaceable') return `${event.pubkey}:${event.kind}`;
  if (cls === 'addressable') return `${event.pubkey}:${event.kind}:${firstTagValue(event, 'd') ?? ''}`;
  return undefined;
}

/** Tag names the store indexes: single letters, as NIP-01 filters address them. */
export function isIndexedTagName(name: string): boolean {
  return name.length === 1 && ((name >= 'a' && name <= 'z') || (name >= 'A' && name <= 'Z'));
}

/**
 * Tag values up to this many UTF-8 bytes are indexed as they are. A longer one is indexed by its sha256: a GIN or
 * btree entry holds at most about 2.7 KB, and buzz stores tags of any length (its tags are jsonb, not indexed).
 */
export const MAX_INDEXED_TAG_VALUE_BYTES = 512;

/**
 * What a tag filter looks a (tag name, value) up by: `<letter>:<value>`, or `<letter>#<sha256 hex of value>` for a
 * long value (no short key has `#` second, since tag names are one letter).
 */
export function tagIndexKey(name: string, value: string): string {
  if (value.length * 3 <= MAX_INDEXED_TAG_VALUE_BYTES || Buffer.byteLength(value) <= MAX_INDEXED_TAG_VALUE_BYTES) {
    return `${name}:${value}`;
  }
  return `${name}#${createHash('sha256').update(value).digest('hex')}`;
}

/** The index keys of every indexed tag's first value: what a tag filter is looked up by. */
export function indexedTagValues(event: NostrEvent): string[] {
  const values: string[] = [];
  for (const tag of event.tags) {
    const name = tag[0];
    const value = tag[1];
    if (name !== undefined && value !== undefined && isIndexedTagName(name)) values.push(tagIndexKey(name, value));
  }
  return values;
}

/** Longest `d` tag an addressable event may carry, in UTF-8 bytes (buzz: 1024, `D_TAG_MAX_LEN`). */
export const MAX_D_TAG_BYTES = 1024;

/** Why buzz's store refuses this event as `invalid:` (the text that follows it), or undefined. */
export function storageProblem(event: NostrEvent): string | undefined {
  if (kindClass(event.kind) === 'addressable') {
    const bytes = Buffer.byteLength(firstTagValue(event, 'd') ?? '');
    if (bytes > MAX_D_TAG_BYTES) return `the d tag is ${bytes} bytes; at most ${MAX_D_TAG_BYTES} are allowed`;
  }
  return undefined;
}

/**
 * True when content or a tag holds U+0000, which Postgres text and jsonb cannot hold: buzz's insert of such an
 * event fails (it answers `error:`), and so does the writer here, before the row reaches a batch.
 */
export function holdsNul(event: NostrEvent): boolean {
  return event.content.includes('\0') || event.tags.some((tag) => tag.some((item) => item.includes('\0')));
}
