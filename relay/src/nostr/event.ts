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

/** `<letter>:<value>` for every indexed tag's first value: what a tag filter is looked up by. */
export function indexedTagValues(event: NostrEvent): string[] {
  const values: string[] = [];
  for (const tag of event.tags) {
    const name = tag[0];
    const value = tag[1];
    if (name !== undefined && value !== undefined && isIndexedTagName(name)) values.push(`${name}:${value}`);
  }
  return values;
}
