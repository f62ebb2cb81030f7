// Signs the event templates of fixtures/events.json when the fixtures are loaded. A relay refuses events whose
// created_at is far from its clock (buzz: ±900 s), so nothing can be signed ahead of time: ids and signatures are
// new on every load, and goldens name events by their fixture name instead (the trace judge ties a name to the
// frame that carried it). Order still holds: created_at = clock − CLOCK_LEAD_SECS + `at`, so a replaceable event
// with a larger `at` is always the newer one.

import { randomUUID } from 'node:crypto';
import type { Event } from 'nostr-tools';
import { finalizeEvent } from 'nostr-tools/pure';
import type { FixtureEvent, FixtureKey } from './session-types.ts';

/** Every signed event lies this far in the past (plus `at`), well inside any relay's drift window. */
export const CLOCK_LEAD_SECS = 120;
/** `at` stays below the lead, so no fixture event is dated in the future. */
export const MAX_AT_SECS = CLOCK_LEAD_SECS - 1;
/** A negative `at` dates an event far in the past on purpose (a relay's drift window is a few minutes). */
export const MIN_AT_SECS = -86_400;

export interface EventTemplate {
  readonly name: string;
  readonly signer: FixtureKey;
  readonly at: number;
  readonly kind: number;
  /** Values of the form `@name` are references, resolved at signing time (see resolveReference). */
  readonly tags: readonly (readonly string[])[];
  readonly content: string;
  readonly broken: 'signature' | 'id' | undefined;
}

/** What a template's `@name` references can point at, besides the events signed before it. */
export interface SigningScope {
  readonly keys: ReadonlyMap<string, FixtureKey>;
  /** Channel names of events.json; each gets a fresh UUID per load, so runs never share a channel. */
  readonly channels: readonly string[];
  /** Seconds since the epoch at load time. */
  readonly now: number;
}

export interface SignedFixtures {
  readonly events: ReadonlyMap<string, FixtureEvent>;
  readonly channels: ReadonlyMap<string, string>;
}

/** Signs templates in file order; a template may refer to the id of any template before it. */
export function signTemplates(templates: readonly EventTemplate[], scope: SigningScope): SignedFixtures {
  const channels = new Map(scope.channels.map((name) => [name, randomUUID()]));
  const events = new Map<string, FixtureEvent>();
  for (const template of templates) {
    const resolve = (value: string) => resolveReference(value, { ...scope, channels, events });
    const signed = finalizeEvent(
      {
        kind: template.kind,
        created_at: scope.now - CLOCK_LEAD_SECS + template.at,
        tags: template.tags.map((tag) => tag.map(resolve)),
        content: template.content,
      },
      template.signer.secretKey,
    );
    events.set(template.name, {
      name: template.name,
      event: spoil(plain(signed), template.broken),
      broken: template.broken,
    });
  }
  return { events, channels };
}

interface ReferenceScope {
  readonly keys: ReadonlyMap<string, FixtureKey>;
  readonly channels: ReadonlyMap<string, string>;
  readonly events: ReadonlyMap<string, FixtureEvent>;
  readonly now: number;
}

/**
 * `@name` is a key (its pubkey), a channel (its UUID for this load) or an earlier event (its id); `@now+N` is the
 * load time plus N seconds as a decimal string (expirations). Anything else is taken as it is.
 */
export function resolveReference(value: string, scope: ReferenceScope): string {
  if (!value.startsWith('@')) return value;
  const clock = /^@now([+-]\d+)?$/.exec(value);
  if (clock !== null) return String(scope.now + Number(clock[1] ?? 0));
  const name = value.slice(1);
  const resolved = scope.keys.get(name)?.pubkey ?? scope.channels.get(name) ?? scope.events.get(name)?.event.id;
  if (resolved === undefined) throw new ReferenceError(`${value} names no key, channel or earlier event`);
  return resolved;
}

/** nostr-tools marks a signed event as verified on the object itself; the fixtures carry only the NIP-01 fields. */
function plain(event: Event): Event {
  const { id, pubkey, created_at, kind, tags, content, sig } = event;
  return { id, pubkey, created_at, kind, tags, content, sig };
}

function spoil(event: Event, broken: EventTemplate['broken']): Event {
  if (broken === 'signature') return { ...event, sig: flipLastHexDigit(event.sig) };
  if (broken === 'id') return { ...event, id: flipLastHexDigit(event.id) };
  return event;
}

export function flipLastHexDigit(hex: string): string {
  return hex.slice(0, -1) + (Number.parseInt(hex.slice(-1), 16) ^ 1).toString(16);
}
