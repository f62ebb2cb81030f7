import { randomUUID } from 'node:crypto';
import { bytesToHex } from '@noble/hashes/utils.js';
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasFamily, type Message, metricValue, RawClient, scrapeUntil } from './raw-client.ts';
import { createTestServices, startTestRelay, type TestRelay, type TestServices } from './relay-fixture.ts';

// Channels are buzz's NIP-29 groups (snapshot 9ee5aee): created by kind 9007 with a UUID h tag, open or private,
// members put in and taken out by kinds 9000/9001; the relay signs the side events with its own key.

/** buzz's development key (secret key 1) when BUZZ_RELAY_PRIVATE_KEY is unset. */
const DEV_RELAY_PUBKEY = '79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';

let services: TestServices;
let a: TestRelay;
let b: TestRelay;

beforeAll(async () => {
  services = await createTestServices('channels');
  [a, b] = await Promise.all([startTestRelay(services), startTestRelay(services)]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await services?.database.drop();
});

let clock = Math.floor(Date.now() / 1000) - 600;

/** Inside buzz's ±900 s window, one second apart per event, so ids and order never collide. */
function signed(secretKey: Uint8Array, template: { kind: number; tags?: string[][]; content?: string }) {
  return finalizeEvent({ tags: [], content: '', ...template, created_at: clock++ }, secretKey);
}

async function authed(relay: TestRelay, sk: Uint8Array): Promise<RawClient> {
  const client = await RawClient.connect(relay.url);
  expect((await client.auth(sk))[2]).toBe(true);
  return client;
}

async function createChannel(client: RawClient, sk: Uint8Array, visibility: 'open' | 'private'): Promise<string> {
  const id = randomUUID();
  const create = signed(sk, {
    kind: 9007,
    tags: [
      ['h', id],
      ['name', `room ${id.slice(0, 8)}`],
      ['visibility', visibility],
    ],
  });
  expect(await client.publish(create)).toEqual(['OK', create.id, true, '']);
  return id;
}

async function admin(client: RawClient, sk: Uint8Array, kind: 9000 | 9001, channel: string, pubkey: string) {
  return client.publish(
    signed(sk, {
      kind,
      tags: [
        ['h', channel],
        ['p', pubkey],
      ],
    }),
  );
}

const post = (sk: Uint8Array, channel: string, content = 'hello') =>
  signed(sk, { kind: 9, tags: [['h', channel]], content });

const isEvent = (sub: string, id?: string) => (m: Message) =>
  m[0] === 'EVENT' && m[1] === sub && (id === undefined || (m[2] as { id: string }).id === id);

describe('channels (NIP-29)', () => {
  it('§4 kind 9007 creates a channel; a second 9007 with the id is a duplicate, a nameless or odd one is invalid', async () => {
    const sk = generateSecretKey();
    const client = await authed(a, sk);
    const id = randomUUID();
    const create = signed(sk, {
      kind: 9007,
      tags: [
        ['h', id],
        ['name', 'general'],
      ],
    });
    expect(await client.publish(create)).toEqual(['OK', create.id, true, '']);
    const again = signed(sk, {
      kind: 9007,
      tags: [
        ['h', id],
        ['name', 'general'],
      ],
    });
    expect(await client.publish(again)).toEqual(['OK', again.id, false, 'duplicate: channel already exists']);
    const nameless = signed(sk, { kind: 9007, tags: [['h', randomUUID()]] });
    expect((await client.publish(nameless))[3]).toBe('invalid: channel name is required');
    const odd = signed(sk, {
      kind: 9007,
      tags: [
        ['h', randomUUID()],
        ['name', 'x'],
        ['visibility', 'secret'],
      ],
    });
    expect((await client.publish(odd))[3]).toBe('invalid visibility: secret');
    client.close();
  });

  it('§4 anyone may post to an open channel; only members to a private one', async () => {
    const ownerKey = generateSecretKey();
    const strangerKey = generateSecretKey();
    const owner = await authed(a, ownerKey);
    const stranger = await authed(a, strangerKey);
    const open = await createChannel(owner, ownerKey, 'open');
    const closed = await createChannel(owner, ownerKey, 'private');
    expect((await stranger.publish(post(strangerKey, open)))[2]).toBe(true);
    const before = metricValue(await a.scrape(), 'buzz_events_rejected_total{reason="invalid"}') ?? 0;
    const refused = post(strangerKey, closed);
    expect(await stranger.publish(refused)).toEqual(['OK', refused.id, false, 'restricted: not a channel member']);
    const nowhere = post(strangerKey, randomUUID());
    expect((await stranger.publish(nowhere))[3]).toBe('restricted: not a channel member');
    expect(metricValue(await a.scrape(), 'buzz_events_rejected_total{reason="invalid"}')).toBe(before + 2);
    expect((await owner.publish(post(ownerKey, closed)))[2]).toBe(true);
    owner.close();
    stranger.close();
  });

  it('§4 creation stores relay-signed 39000-39002 in the channel and a 44100 notice to the creator', async () => {
    const sk = generateSecretKey();
    const client = await authed(a, sk);
    const channel = await createChannel(client, sk, 'private');
    const discovery = await client.query('d', { kinds: [39000, 39001, 39002], '#d': [channel] });
    expect(discovery.map((e) => [e.kind, e.pubkey]).sort()).toEqual([
      [39000, DEV_RELAY_PUBKEY],
      [39001, DEV_RELAY_PUBKEY],
      [39002, DEV_RELAY_PUBKEY],
    ]);
    const members = discovery.find((e) => e.kind === 39002);
    expect(members?.tags).toEqual([
      ['d', channel],
      ['p', getPublicKey(sk), '', 'owner'],
    ]);
    const notices = await client.query('n', { kinds: [44100], '#p': [getPublicKey(sk)] });
    expect(notices.map((e) => JSON.parse(e.content))).toEqual([
      { actor: getPublicKey(sk), channel_id: channel, type: 'member_added' },
    ]);
    const outsider = await authed(a, generateSecretKey());
    expect(await outsider.query('d', { kinds: [39000], '#d': [channel] })).toEqual([]);
    client.close();
    outsider.close();
  });

  it('§4 9000 puts a member in, 9001 takes her out and closes her channel subscription', async () => {
    const ownerKey = generateSecretKey();
    const carolKey = generateSecretKey();
    const carolPubkey = getPublicKey(carolKey);
    const owner = await authed(a, ownerKey);
    const carol = await authed(a, carolKey);
    const channel = await createChannel(owner, ownerKey, 'private');
    expect((await admin(carol, carolKey, 9000, channel, carolPubkey))[3]).toBe('restricted: not a channel member');
    expect((await admin(owner, ownerKey, 9000, channel, carolPubkey))[2]).toBe(true);
    await carol.query('room', { kinds: [9], '#h': [channel] });
    const welcome = post(ownerKey, channel, 'welcome');
    expect((await owner.publish(welcome))[2]).toBe(true);
    await carol.next(isEvent('room', welcome.id));
    expect((await admin(carol, carolKey, 9001, channel, getPublicKey(ownerKey)))[3]).toBe(
      'invalid: actor not authorized',
    );
    expect((await admin(owner, ownerKey, 9001, channel, carolPubkey))[2]).toBe(true);
    expect(await carol.next((m) => m[0] === 'CLOSED')).toEqual([
      'CLOSED',
      'room',
      'restricted: channel access revoked',
    ]);
    expect((await carol.publish(post(carolKey, channel)))[3]).toBe('restricted: not a channel member');
    owner.close();
    carol.close();
  });

  it('§4 live channel events reach only subscriptions with that #h in every filter; a global one gets history', async () => {
    const sk = generateSecretKey();
    const client = await authed(a, sk);
    const channel = await createChannel(client, sk, 'open');
    const first = post(sk, channel, 'first');
    await client.publish(first);
    const global = await client.query('global', { kinds: [9], authors: [getPublicKey(sk)] });
    expect(global.map((e) => e.id)).toEqual([first.id]);
    await client.query('mixed', { kinds: [9], '#h': [channel] }, { kinds: [1], authors: [getPublicKey(sk)] });
    await client.query('scoped', { kinds: [9], '#h': [channel] });
    const second = post(sk, channel, 'second');
    await client.publish(second);
    await client.next(isEvent('scoped', second.id));
    const marker = signed(sk, { kind: 1, content: 'global marker' });
    await client.publish(marker);
    await client.next(isEvent('mixed', marker.id));
    expect(
      client.received.filter(
        (m) => (m[1] === 'global' || m[1] === 'mixed') && m[0] === 'EVENT' && (m[2] as { id: string }).id === second.id,
      ),
    ).toEqual([]);
    client.close();
  });

  it('§4 REQ on a private channel by a non-member is CLOSED; COUNT skips that filter', async () => {
    const ownerKey = generateSecretKey();
    const owner = await authed(a, ownerKey);
    const channel = await createChannel(owner, ownerKey, 'private');
    await owner.publish(post(ownerKey, channel));
    const outsider = await authed(a, generateSecretKey());
    outsider.send(['REQ', 'peek', { kinds: [9], '#h': [channel] }]);
    expect(await outsider.nextOfType('CLOSED')).toEqual(['CLOSED', 'peek', 'restricted: not a channel member']);
    outsider.send(['COUNT', 'c', { kinds: [9], '#h': [channel] }]);
    expect(await outsider.nextOfType('COUNT')).toEqual(['COUNT', 'c', { count: 0 }]);
    owner.send(['COUNT', 'c', { kinds: [9], '#h': [channel] }, { kinds: [9], '#h': [channel] }]);
    expect(await owner.nextOfType('COUNT')).toEqual(['COUNT', 'c', { count: 2 }]);
    owner.close();
    outsider.close();
  });

  it('§2.3 a 40099 system message goes through Redis without the echo mark: every node counts and delivers it', async () => {
    const ownerKey = generateSecretKey();
    const owner = await authed(a, ownerKey);
    const channel = await createChannel(owner, ownerKey, 'open');
    const listener = await authed(b, generateSecretKey());
    await listener.query('sys', { kinds: [40099], '#h': [channel] });
    const beforeA = metricValue(await a.scrape(), 'buzz_multinode_fanout_total') ?? 0;
    expect((await admin(owner, ownerKey, 9000, channel, getPublicKey(generateSecretKey())))[2]).toBe(true);
    const message = await listener.next(isEvent('sys'));
    expect(JSON.parse((message[2] as { content: string }).content).type).toBe('member_joined');
    await scrapeUntil(a.scrape, (body) => (metricValue(body, 'buzz_multinode_fanout_total') ?? 0) === beforeA + 1);
    owner.close();
    listener.close();
  });

  it('§2.3 the membership cache: a miss, then hits; a change drops the entry; public events never ask', async () => {
    const relay = await startTestRelay(services);
    const ownerKey = generateSecretKey();
    const carolKey = generateSecretKey();
    const owner = await authed(relay, ownerKey);
    const carol = await authed(relay, carolKey);
    await owner.publish(signed(ownerKey, { kind: 1 }));
    expect(hasFamily(await relay.scrape(), 'buzz_membership_cache_misses_total')).toBe(false);
    const channel = await createChannel(owner, ownerKey, 'private');
    await owner.publish(post(ownerKey, channel));
    await owner.publish(post(ownerKey, channel));
    let body = await relay.scrape();
    expect([
      metricValue(body, 'buzz_membership_cache_misses_total'),
      metricValue(body, 'buzz_membership_cache_hits_total'),
    ]).toEqual([1, 1]);
    expect((await carol.publish(post(carolKey, channel)))[2]).toBe(false);
    await admin(owner, ownerKey, 9000, channel, getPublicKey(carolKey));
    expect((await carol.publish(post(carolKey, channel)))[2]).toBe(true);
    body = await relay.scrape();
    expect([
      metricValue(body, 'buzz_membership_cache_misses_total'),
      metricValue(body, 'buzz_membership_cache_hits_total'),
    ]).toEqual([3, 2]);
    owner.close();
    carol.close();
    await relay.stop();
  });

  it('§2.3 the accessible-channels cache: once per REQ and COUNT, dropped by a new open channel', async () => {
    const relay = await startTestRelay(services);
    const sk = generateSecretKey();
    const client = await authed(relay, sk);
    expect(hasFamily(await relay.scrape(), 'buzz_accessible_channels_cache_misses_total')).toBe(false);
    await client.query('one', { kinds: [1] });
    client.send(['COUNT', 'two', { kinds: [1] }]);
    await client.nextOfType('COUNT');
    await createChannel(client, sk, 'open');
    await client.query('three', { kinds: [1] });
    const body = await relay.scrape();
    expect(metricValue(body, 'buzz_accessible_channels_cache_misses_total')).toBe(2);
    expect(metricValue(body, 'buzz_accessible_channels_cache_hits_total')).toBe(1);
    client.close();
    await relay.stop();
  });
});

describe('COUNT fallback', () => {
  it('§2.3 a COUNT on an unindexed tag over more than 5000 candidates is CLOSED and counted; a narrow one is answered', async () => {
    const relay = await startTestRelay(services);
    const author = bytesToHex(generateSecretKey());
    const pool = new pg.Pool({ connectionString: services.database.url, max: 1 });
    // Rows written straight to the store: the fallback scan reads them like any stored event.
    await pool.query(
      `INSERT INTO events (id, pubkey, kind, created_at, tagvals, raw)
       SELECT md5($1 || n) || md5(n || $1), $1, 1063, 1700000000 + n, '{}',
              json_build_object('id', md5($1 || n) || md5(n || $1), 'pubkey', $1, 'kind', 1063,
                'created_at', 1700000000 + n, 'tags', json_build_array(json_build_array('label', 'x' || (n % 2))),
                'content', '', 'sig', repeat('0', 128))::text
       FROM generate_series(1, 5001) AS n`,
      [author],
    );
    await pool.end();
    const client = await authed(relay, generateSecretKey());
    expect(hasFamily(await relay.scrape(), 'buzz_count_fallback_rejections_total')).toBe(false);
    client.send(['COUNT', 'broad', { kinds: [1063], '#label': ['x1'] }]);
    expect(await client.nextOfType('CLOSED')).toEqual([
      'CLOSED',
      'broad',
      'restricted: count filter requires narrower constraints',
    ]);
    expect(metricValue(await relay.scrape(), 'buzz_count_fallback_rejections_total')).toBe(1);
    client.send(['COUNT', 'narrow', { kinds: [1063], '#label': ['x1'], until: 1700000100 }]);
    expect(await client.nextOfType('COUNT')).toEqual(['COUNT', 'narrow', { count: 50 }]);
    client.send(['COUNT', 'sql', { kinds: [1063], authors: [author] }]);
    expect(await client.nextOfType('COUNT')).toEqual(['COUNT', 'sql', { count: 5001 }]);
    expect(metricValue(await relay.scrape(), 'buzz_count_fallback_rejections_total')).toBe(1);
    client.close();
    await relay.stop();
  });
});
