// Writes fixtures/keys.json and fixtures/blobs.json. Run it by hand after changing a spec below
// (`node harness/src/scenarios/generate-fixtures.ts`) and commit its output; the suite only reads the JSON.
// Everything is derived, so a rerun reproduces the files: keys come from their names. Events are not written
// here: fixtures/events.json holds templates, signed at load time (sign-events.ts).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getPublicKey } from 'nostr-tools/pure';
import { bytesToHex } from 'nostr-tools/utils';

const FIXTURES_DIR = resolve(import.meta.dirname, '../../../fixtures');
/** secp256k1 group order: a derived secret key must be below it. */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const KEY_NAMES: Readonly<Record<string, string>> = {
  owner: 'RELAY_OWNER_PUBKEY of every scenario: the only signer of membership events',
  alice: 'member: relay member, channel member of lobby, on the allow-list of the auth scenario',
  bob: 'on the allow-list but never a channel member',
  carol: 'on the allow-list but not a relay member; a channel member for a while in the channels scenario',
  mallory: 'on no list at all',
  relay: 'BUZZ_RELAY_PRIVATE_KEY of the scenarios that require relay membership: the signer of the NIP-43 events',
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

const pubkeyOf = (name: string): string => getPublicKey(secretKeyOf(name));
const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A fixed secret key per name: sha256 of a label, re-hashed in the (astronomically rare) case it is out of range. */
function secretKeyOf(name: string): Uint8Array {
  let digest = createHash('sha256').update(`buzz-compat fixture key: ${name}`).digest();
  while (BigInt(`0x${digest.toString('hex')}`) >= CURVE_ORDER || digest.every((b) => b === 0)) {
    digest = createHash('sha256').update(digest).digest();
  }
  return new Uint8Array(digest);
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
  ];
  // The repository's formatter owns the layout of JSON files; running it here keeps `npm run lint` clean.
  execFileSync(resolve(import.meta.dirname, '../../../node_modules/.bin/biome'), ['format', '--write', ...written], {
    stdio: 'inherit',
  });
  console.log(`wrote ${written.join(', ')}`);
}

generate();
