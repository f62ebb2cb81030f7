// Writes fixtures/keys.json, fixtures/events.json and fixtures/blobs.json. Run it by hand after changing a
// spec below (`node harness/src/scenarios/generate-fixtures.ts`) and commit its output; the suite only reads the
// JSON. Everything is derived, so a rerun reproduces the files: keys come from their names, created_at from a
// fixed base, and a Schnorr signature (random by design) is kept from the previous output when the event's id is
// unchanged and the signature still verifies.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Event } from 'nostr-tools';
import { finalizeEvent, getPublicKey, verifyEvent } from 'nostr-tools/pure';
import { bytesToHex } from 'nostr-tools/utils';

const FIXTURES_DIR = resolve(import.meta.dirname, '../../../fixtures');
/** 2026-01-01T00:00:00Z: every fixture event is created at this instant plus its `at`. */
const CREATED_AT_BASE = 1_767_225_600;
/** 2100-01-01T00:00:00Z: upload authorizations must not have expired when the suite runs. */
const UPLOAD_AUTH_EXPIRATION = 4_102_444_800;
const CHANNEL = 'lobby';
/** secp256k1 group order: a derived secret key must be below it. */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const KEY_NAMES: Readonly<Record<string, string>> = {
  owner: 'RELAY_OWNER_PUBKEY of every scenario: the only signer of membership events',
  alice: 'member: relay member, channel member of lobby, on the allow-list of the auth scenario',
  bob: 'on the allow-list but never a channel member',
  carol: 'on the allow-list but not a relay member; a channel member for a while in the channels scenario',
  mallory: 'on no list at all',
};

// A 1×1 PNG: a real image, so relays that decode uploads accept it.
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const BLOBS: Readonly<Record<string, { contentType: string; bytes: Buffer; description: string }>> = {
  'png-1': { contentType: 'image/png', bytes: Buffer.from(PNG_1X1, 'base64'), description: 'counts as mime image/png' },
  'text-1': {
    contentType: 'text/plain',
    bytes: Buffer.from('buzz-compat fixture: a plain text blob\n', 'utf8'),
    description: 'a type outside the mime allow-list: counts as mime other',
  },
};

interface EventSpec {
  readonly at: number;
  readonly signer: string;
  readonly kind: number;
  readonly tags?: readonly (readonly string[])[];
  readonly content: string;
  readonly description: string;
  /** Deliberately broken after signing; such an event must fail verification. */
  readonly broken?: 'signature' | 'id';
}

const pubkeyOf = (name: string): string => getPublicKey(secretKeyOf(name));
const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function eventSpecs(): Record<string, EventSpec> {
  const blobSha = (name: string) => sha256Hex(BLOBS[name]!.bytes);
  return {
    'note-1': { at: 1, signer: 'alice', kind: 1, content: 'hello from alice', description: 'a public note' },
    'note-2': { at: 2, signer: 'alice', kind: 1, content: 'a second note from alice', description: 'a public note' },
    'note-3': { at: 3, signer: 'bob', kind: 1, content: 'a note from bob', description: 'a public note by bob' },
    'reaction-1': {
      at: 4,
      signer: 'bob',
      kind: 7,
      tags: [
        ['e', '@note-1'],
        ['p', '@alice'],
      ],
      content: '+',
      description: 'bob likes note-1',
    },
    'metadata-0': {
      at: 5,
      signer: 'alice',
      kind: 0,
      content: '{"name":"alice","about":"the oldest profile"}',
      description: 'replaceable; older than metadata-1, so it is superseded when sent after it',
    },
    'metadata-1': {
      at: 6,
      signer: 'alice',
      kind: 0,
      content: '{"name":"alice","about":"first profile"}',
      description: 'replaceable',
    },
    'metadata-2': {
      at: 7,
      signer: 'alice',
      kind: 0,
      content: '{"name":"alice","about":"second profile"}',
      description: 'replaceable; replaces metadata-1',
    },
    'article-1': {
      at: 8,
      signer: 'alice',
      kind: 30023,
      tags: [['d', 'intro']],
      content: '# Intro, first draft',
      description: 'addressable (d=intro)',
    },
    'article-2': {
      at: 9,
      signer: 'alice',
      kind: 30023,
      tags: [['d', 'intro']],
      content: '# Intro, second draft',
      description: 'addressable (d=intro); replaces article-1',
    },
    'ephemeral-1': {
      at: 10,
      signer: 'alice',
      kind: 20001,
      content: 'typing…',
      description: 'ephemeral: fanned out, never stored',
    },
    'other-kind-1': {
      at: 11,
      signer: 'alice',
      kind: 1111,
      tags: [['E', '@note-1']],
      content: 'a comment of a kind outside the allow-list',
      description: 'kind 1111 is outside the allow-list: label kind="other"',
    },
    'auth-as-event': {
      at: 12,
      signer: 'alice',
      kind: 22242,
      tags: [
        ['relay', 'ws://127.0.0.1'],
        ['challenge', '0'.repeat(64)],
      ],
      content: '',
      description: 'a NIP-42 AUTH event sent as EVENT: rejected invalid',
    },
    'bad-signature': {
      at: 13,
      signer: 'alice',
      kind: 1,
      content: 'this signature was tampered with',
      description: 'id matches the content, signature does not verify: rejected invalid',
      broken: 'signature',
    },
    'bad-id': {
      at: 14,
      signer: 'alice',
      kind: 1,
      content: 'this id was tampered with',
      description: 'id does not match the content: rejected invalid',
      broken: 'id',
    },
    'relay-member-alice': {
      at: 20,
      signer: 'owner',
      kind: 8000,
      tags: [['p', '@alice']],
      content: '',
      description: 'owner adds alice to the relay members',
    },
    'membership-add-alice': {
      at: 21,
      signer: 'owner',
      kind: 9000,
      tags: [
        ['h', CHANNEL],
        ['p', '@alice'],
      ],
      content: '',
      description: `owner adds alice to channel ${CHANNEL}`,
    },
    'channel-post-bob': {
      at: 22,
      signer: 'bob',
      kind: 9,
      tags: [['h', CHANNEL]],
      content: 'bob is not a member of this channel',
      description: 'a non-member posts to the channel: rejected scope',
    },
    'channel-post-alice-1': {
      at: 23,
      signer: 'alice',
      kind: 9,
      tags: [['h', CHANNEL]],
      content: 'alice in the lobby',
      description: 'a member posts to the channel',
    },
    'channel-post-alice-2': {
      at: 24,
      signer: 'alice',
      kind: 9,
      tags: [['h', CHANNEL]],
      content: 'alice again',
      description: 'a member posts to the channel',
    },
    'channel-post-owner': {
      at: 25,
      signer: 'owner',
      kind: 9,
      tags: [['h', CHANNEL]],
      content: 'welcome, says the owner',
      description: 'the owner posts to the channel (administrators need no membership)',
    },
    'membership-add-carol': {
      at: 26,
      signer: 'owner',
      kind: 9000,
      tags: [
        ['h', CHANNEL],
        ['p', '@carol'],
      ],
      content: '',
      description: `owner adds carol to channel ${CHANNEL}`,
    },
    'channel-post-carol-1': {
      at: 27,
      signer: 'carol',
      kind: 9,
      tags: [['h', CHANNEL]],
      content: 'carol, while a member',
      description: 'a member posts to the channel',
    },
    'membership-remove-carol': {
      at: 28,
      signer: 'owner',
      kind: 9001,
      tags: [
        ['h', CHANNEL],
        ['p', '@carol'],
      ],
      content: '',
      description: `owner removes carol from channel ${CHANNEL}`,
    },
    'channel-post-carol-2': {
      at: 29,
      signer: 'carol',
      kind: 9,
      tags: [['h', CHANNEL]],
      content: 'carol, no longer a member',
      description: 'a former member posts to the channel: rejected scope',
    },
    'membership-by-alice': {
      at: 30,
      signer: 'alice',
      kind: 9000,
      tags: [
        ['h', CHANNEL],
        ['p', '@bob'],
      ],
      content: '',
      description: 'a membership event not signed by the owner: rejected scope',
    },
    'upload-auth-png': {
      at: 40,
      signer: 'alice',
      kind: 24242,
      tags: [
        ['t', 'upload'],
        ['x', blobSha('png-1')],
        ['expiration', String(UPLOAD_AUTH_EXPIRATION)],
      ],
      content: 'Upload png-1',
      description: 'Blossom upload authorization (BUD-02) for blob png-1',
    },
    'upload-auth-text': {
      at: 41,
      signer: 'alice',
      kind: 24242,
      tags: [
        ['t', 'upload'],
        ['x', blobSha('text-1')],
        ['expiration', String(UPLOAD_AUTH_EXPIRATION)],
      ],
      content: 'Upload text-1',
      description: 'Blossom upload authorization (BUD-02) for blob text-1',
    },
  };
}

/** A fixed secret key per name: sha256 of a label, re-hashed in the (astronomically rare) case it is out of range. */
function secretKeyOf(name: string): Uint8Array {
  let digest = createHash('sha256').update(`buzz-compat fixture key: ${name}`).digest();
  while (BigInt(`0x${digest.toString('hex')}`) >= CURVE_ORDER || digest.every((b) => b === 0)) {
    digest = createHash('sha256').update(digest).digest();
  }
  return new Uint8Array(digest);
}

/** `@name` tag values name a key (its pubkey) or an earlier spec (its id). */
function resolveTagValue(value: string, ids: ReadonlyMap<string, string>): string {
  if (!value.startsWith('@')) return value;
  const name = value.slice(1);
  if (name in KEY_NAMES) return pubkeyOf(name);
  const id = ids.get(name);
  if (id === undefined) throw new Error(`tag value ${value} names neither a key nor an earlier event`);
  return id;
}

function flipLastHexDigit(hex: string): string {
  const last = Number.parseInt(hex.slice(-1), 16);
  return hex.slice(0, -1) + (last ^ 1).toString(16);
}

function previousEvents(): Map<string, Event> {
  const file = join(FIXTURES_DIR, 'events.json');
  const previous = new Map<string, Event>();
  if (!existsSync(file)) return previous;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { events?: Record<string, { event: Event }> };
  for (const [name, entry] of Object.entries(parsed.events ?? {})) previous.set(name, entry.event);
  return previous;
}

function signEvent(spec: EventSpec, ids: ReadonlyMap<string, string>, previous: Event | undefined): Event {
  const template = {
    kind: spec.kind,
    created_at: CREATED_AT_BASE + spec.at,
    tags: (spec.tags ?? []).map(([tagName, ...values]) => [
      tagName ?? '',
      ...values.map((v) => resolveTagValue(v, ids)),
    ]),
    content: spec.content,
  };
  const fresh = finalizeEvent(template, secretKeyOf(spec.signer));
  const { id, pubkey, created_at, kind, tags, content } = fresh;
  let sig = fresh.sig;
  if (previous !== undefined) {
    // The previous output stores a signature-broken event after tampering: undo that before checking it.
    const previousSig = spec.broken === 'signature' ? flipLastHexDigit(previous.sig) : previous.sig;
    if (verifyEvent({ id, pubkey, created_at, kind, tags, content, sig: previousSig })) sig = previousSig;
  }
  const event: Event = { id, pubkey, created_at, kind, tags, content, sig };
  if (spec.broken === 'signature') return { ...event, sig: flipLastHexDigit(sig) };
  if (spec.broken === 'id') return { ...event, id: flipLastHexDigit(id) };
  return event;
}

function writeJson(name: string, value: unknown): string {
  const file = join(FIXTURES_DIR, name);
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

function generate(): void {
  const keys: Record<string, { description: string; secretKey: string; pubkey: string }> = {};
  for (const [name, description] of Object.entries(KEY_NAMES)) {
    keys[name] = { description, secretKey: bytesToHex(secretKeyOf(name)), pubkey: pubkeyOf(name) };
  }
  const blobs: Record<string, { description: string; contentType: string; sha256: string; base64: string }> = {};
  for (const [name, blob] of Object.entries(BLOBS)) {
    blobs[name] = {
      description: blob.description,
      contentType: blob.contentType,
      sha256: sha256Hex(blob.bytes),
      base64: blob.bytes.toString('base64'),
    };
  }
  const previous = previousEvents();
  const ids = new Map<string, string>();
  const events: Record<string, { description: string; signer: string; broken?: string; event: Event }> = {};
  for (const [name, spec] of Object.entries(eventSpecs())) {
    const event = signEvent(spec, ids, previous.get(name));
    ids.set(name, event.id);
    events[name] = {
      description: spec.description,
      signer: spec.signer,
      ...(spec.broken === undefined ? {} : { broken: spec.broken }),
      event,
    };
  }
  const written = [
    writeJson('keys.json', {
      description:
        'Fixed test keys (never use them anywhere else). secretKey = sha256("buzz-compat fixture key: <name>"). Written by harness/src/scenarios/generate-fixtures.ts.',
      keys,
    }),
    writeJson('blobs.json', {
      description: 'Media bodies for upload steps. Written by harness/src/scenarios/generate-fixtures.ts.',
      blobs,
    }),
    writeJson('events.json', {
      description: `Pre-signed events with fixed created_at (${CREATED_AT_BASE} + n), so their ids are the same on every run. "broken" events are tampered with on purpose and must fail verification. Written by harness/src/scenarios/generate-fixtures.ts.`,
      createdAtBase: CREATED_AT_BASE,
      events,
    }),
  ];
  // The repository's formatter owns the layout of JSON files; running it here keeps `npm run lint` clean.
  execFileSync(resolve(import.meta.dirname, '../../../node_modules/.bin/biome'), ['format', '--write', ...written], {
    stdio: 'inherit',
  });
  const reused = [...previous.keys()].filter((name) => previous.get(name)?.sig === events[name]?.event.sig).length;
  console.log(`wrote ${written.join(', ')} (${Object.keys(events).length} events, ${reused} signatures kept)`);
}

generate();
