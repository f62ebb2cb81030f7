import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { bytesToHex } from 'nostr-tools/utils';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue, RawClient, signed } from './raw-client.ts';
import { createTestServices, startTestRelay, type TestRelay, type TestServices } from './relay-fixture.ts';

// NIP-43 relay membership and the AUTH allow-list as the buzz snapshot runs them: a relay that requires membership
// (owner bootstrapped, member list published at start-up, 9030-9032 administration) and one with the allow-list
// switched on. 13534 lists made within one second of each other replace each other by chance (lowest id), so
// only the first list of a relay is asserted.

const now = () => Math.floor(Date.now() / 1000);
const owner = generateSecretKey();
const relayKey = generateSecretKey();
const hex = (sk: Uint8Array) => getPublicKey(sk);

let services: TestServices;
let relay: TestRelay;

beforeAll(async () => {
  services = await createTestServices('relay-membership');
  relay = await startTestRelay(services, {
    BUZZ_REQUIRE_RELAY_MEMBERSHIP: 'true',
    RELAY_OWNER_PUBKEY: hex(owner),
    BUZZ_RELAY_PRIVATE_KEY: bytesToHex(relayKey),
  });
});

afterAll(async () => {
  await relay?.stop();
  await services?.database.drop();
});

async function authed(sk: Uint8Array): Promise<RawClient> {
  const client = await RawClient.connect(relay.url);
  expect((await client.auth(sk))[2]).toBe(true);
  return client;
}

const admin = (kind: number, sk: Uint8Array, tags: string[][], created_at = now()) =>
  signed(sk, { kind, tags, created_at });

describe('relay membership (BUZZ_REQUIRE_RELAY_MEMBERSHIP)', () => {
  it('§4 start-up publishes a relay-signed 13534 list holding the owner; a non-member is refused', async () => {
    const client = await authed(owner);
    const [list] = await client.query('list', { kinds: [13534] });
    expect(list).toMatchObject({ pubkey: hex(relayKey), tags: [['-'], ['member', hex(owner), 'owner']] });
    const stranger = await RawClient.connect(relay.url);
    expect((await stranger.auth(generateSecretKey())).slice(2)).toEqual([false, 'restricted: not a relay member']);
    expect(metricValue(await relay.scrape(), 'buzz_auth_failures_total{reason="not_relay_member"}')).toBe(1);
    stranger.close();
    client.close();
  });

  it('§4 kind 9030 from the owner adds a member: OK true, not stored, a relay-signed 8000 stored', async () => {
    const alice = generateSecretKey();
    const client = await authed(owner);
    const add = admin(9030, owner, [['p', hex(alice)]]);
    expect(await client.publish(add)).toEqual(['OK', add.id, true, '']);
    expect(await client.query('add', { ids: [add.id] })).toEqual([]);
    const [delta] = await client.query('delta', { kinds: [8000], '#p': [hex(alice)] });
    expect(delta).toMatchObject({ pubkey: hex(relayKey), tags: [['-'], ['p', hex(alice)]] });
    expect(metricValue(await relay.scrape(), 'buzz_events_stored_total{kind="9030"}')).toBeGreaterThanOrEqual(1);
    (await authed(alice)).close();
    client.close();
  });

  it('§4 administration refusals carry buzz texts', async () => {
    const alice = generateSecretKey();
    const bob = generateSecretKey();
    const client = await authed(owner);
    expect((await client.publish(admin(9030, owner, [['p', hex(alice)]])))[2]).toBe(true);
    const aliceClient = await authed(alice);
    const cases: [RawClient, ReturnType<typeof admin>, string][] = [
      [aliceClient, admin(9030, alice, [['p', hex(bob)]]), 'invalid: actor not authorized: must be admin or owner'],
      [client, admin(9030, owner, [['p', 'not-a-key']]), 'invalid: missing or invalid p tag'],
      [
        client,
        admin(9030, owner, [
          ['p', hex(bob)],
          ['role', 'owner'],
        ]),
        'invalid: invalid role: use kind:9032',
      ],
      [client, admin(9031, owner, [['p', hex(owner)]]), 'invalid: cannot remove yourself'],
      [client, admin(9031, owner, [['p', hex(bob)]]), `invalid: member not found: ${hex(bob)}`],
      [client, admin(9032, owner, [['p', hex(alice)]]), 'invalid: missing role tag'],
      [
        client,
        admin(9032, owner, [
          ['p', hex(alice)],
          ['role', 'owner'],
        ]),
        'invalid: cannot set role to owner',
      ],
      [client, admin(9030, owner, [['p', hex(bob)]], now() - 300), 'invalid: event timestamp out of range'],
    ];
    for (const [sender, event, text] of cases) {
      const reply = await sender.publish(event);
      expect(reply.slice(2, 3)).toEqual([false]);
      expect(String(reply[3])).toMatch(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
    const promote = admin(9032, owner, [
      ['p', hex(alice)],
      ['role', 'admin'],
    ]);
    expect(await client.publish(promote)).toEqual(['OK', promote.id, true, '']);
    const remove = admin(9031, owner, [['p', hex(alice)]]);
    expect(await client.publish(remove)).toEqual(['OK', remove.id, true, '']);
    aliceClient.close();
    client.close();
  });
});

describe('the AUTH allow-list (BUZZ_PUBKEY_ALLOWLIST)', () => {
  let allowRelay: TestRelay;
  let allowServices: TestServices;

  beforeAll(async () => {
    allowServices = await createTestServices('allowlist');
    allowRelay = await startTestRelay(allowServices, { BUZZ_PUBKEY_ALLOWLIST: 'true', RELAY_OWNER_PUBKEY: hex(owner) });
  });

  afterAll(async () => {
    await allowRelay?.stop();
    await allowServices?.database.drop();
  });

  it('§4 only pubkeys in the pubkey_allowlist table authenticate; others, the owner too, fail verification', async () => {
    const alice = generateSecretKey();
    const pool = new pg.Pool({ connectionString: allowServices.database.url, max: 1 });
    await pool.query('INSERT INTO pubkey_allowlist (pubkey) VALUES ($1)', [hex(alice)]);
    await pool.end();
    for (const sk of [owner, generateSecretKey()]) {
      const client = await RawClient.connect(allowRelay.url);
      expect((await client.auth(sk)).slice(2)).toEqual([false, 'auth-required: verification failed']);
      expect((await client.auth(sk)).slice(2)).toEqual([false, 'auth-required: authentication already failed']);
      client.close();
    }
    const client = await RawClient.connect(allowRelay.url);
    expect((await client.auth(alice))[2]).toBe(true);
    client.close();
    const body = await allowRelay.scrape();
    expect(metricValue(body, 'buzz_auth_failures_total{reason="allowlist_denied"}')).toBe(2);
    expect(metricValue(body, 'buzz_auth_attempts_total{method="nip42"}')).toBe(3);
  });
});
