import { bytesToHex } from '@noble/hashes/utils.js';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasFamily, metricValue, RawClient, signed } from './raw-client.ts';
import { createTestServices, startTestRelay, type TestRelay, type TestServices } from './relay-fixture.ts';

const ownerKey = generateSecretKey();
const owner = getPublicKey(ownerKey);

let services: TestServices;
let a: TestRelay;
let b: TestRelay;

beforeAll(async () => {
  services = await createTestServices('channels');
  [a, b] = await Promise.all([
    startTestRelay(services, { RELAY_OWNER_PUBKEY: owner }),
    startTestRelay(services, { RELAY_OWNER_PUBKEY: owner }),
  ]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await services?.database.drop();
});

async function authed(relay: TestRelay, sk: Uint8Array): Promise<RawClient> {
  const client = await RawClient.connect(relay.url);
  expect((await client.auth(sk))[2]).toBe(true);
  return client;
}

const channelName = () => `room-${Math.random().toString(36).slice(2)}`;

async function setMembership(relay: TestRelay, kind: 9000 | 9001, channel: string, pubkey: string) {
  const admin = await authed(relay, ownerKey);
  const reply = await admin.publish(
    signed(ownerKey, {
      kind,
      tags: [
        ['h', channel],
        ['p', pubkey],
      ],
    }),
  );
  expect(reply[2]).toBe(true);
  admin.close();
}

describe('channels', () => {
  it('§4 only members publish to a channel; others get restricted and rejected{reason="scope"}', async () => {
    const channel = channelName();
    const sk = generateSecretKey();
    const client = await authed(a, sk);
    const before = metricValue(await a.scrape(), 'buzz_events_rejected_total{reason="scope"}') ?? 0;
    const refused = signed(sk, { kind: 1, tags: [['h', channel]] });
    expect(await client.publish(refused)).toEqual([
      'OK',
      refused.id,
      false,
      'restricted: not a member of this channel',
    ]);
    expect(metricValue(await a.scrape(), 'buzz_events_rejected_total{reason="scope"}')).toBe(before + 1);
    await setMembership(a, 9000, channel, getPublicKey(sk));
    const accepted = signed(sk, { kind: 1, tags: [['h', channel]] });
    expect((await client.publish(accepted))[2]).toBe(true);
    client.close();
  });

  it('§4 membership events from anyone but the owner are restricted', async () => {
    const sk = generateSecretKey();
    const client = await authed(a, sk);
    const reply = await client.publish(
      signed(sk, {
        kind: 9000,
        tags: [
          ['h', channelName()],
          ['p', getPublicKey(sk)],
        ],
      }),
    );
    expect(reply[2]).toBe(false);
    expect(reply[3]).toBe('restricted: only the relay owner manages membership');
    client.close();
  });

  it('§4 REQ and COUNT see only channels the pubkey can access', async () => {
    const channel = channelName();
    const memberKey = generateSecretKey();
    const outsiderKey = generateSecretKey();
    await setMembership(a, 9000, channel, getPublicKey(memberKey));
    const member = await authed(a, memberKey);
    const secret = signed(memberKey, { kind: 1, tags: [['h', channel]], content: 'members only' });
    const open = signed(memberKey, { kind: 1, content: 'public' });
    await member.publish(secret);
    await member.publish(open);
    const filter = { authors: [getPublicKey(memberKey)] };
    expect((await member.query('m', filter)).map((e) => e.id).sort()).toEqual([secret.id, open.id].sort());
    const outsider = await authed(a, outsiderKey);
    expect((await outsider.query('o', filter)).map((e) => e.id)).toEqual([open.id]);
    outsider.send(['COUNT', 'oc', filter]);
    expect(await outsider.nextOfType('COUNT')).toEqual(['COUNT', 'oc', { count: 1 }]);
    member.send(['COUNT', 'mc', filter]);
    expect(await member.nextOfType('COUNT')).toEqual(['COUNT', 'mc', { count: 2 }]);
    // Live: the outsider's subscription does not get channel events either.
    await outsider.query('live', filter);
    await member.query('live', filter);
    const later = signed(memberKey, { kind: 1, tags: [['h', channel]], content: 'later' });
    await member.publish(later);
    await member.next((m) => m[0] === 'EVENT' && m[1] === 'live');
    const marker = signed(memberKey, { kind: 1, content: 'public marker' });
    await member.publish(marker);
    await outsider.next((m) => m[0] === 'EVENT' && m[1] === 'live' && (m[2] as { id: string }).id === marker.id);
    const seenLive = outsider.received.filter((m) => m[0] === 'EVENT' && m[1] === 'live');
    expect(seenLive.map((m) => (m[2] as { id: string }).id)).toEqual([open.id, marker.id]);
    member.close();
    outsider.close();
  });

  it('§4 a live subscription starts getting a channel once its pubkey is added, on every node', async () => {
    const channel = channelName();
    const readerKey = generateSecretKey();
    const writerKey = generateSecretKey();
    await setMembership(a, 9000, channel, getPublicKey(writerKey));
    const reader = await authed(b, readerKey);
    await reader.query('room', { '#h': [channel] });
    await setMembership(a, 9000, channel, getPublicKey(readerKey));
    const writer = await authed(a, writerKey);
    await expect
      .poll(
        async () => {
          const event = signed(writerKey, { kind: 1, tags: [['h', channel]] });
          await writer.publish(event);
          return reader.received.some((m) => m[0] === 'EVENT' && m[1] === 'room');
        },
        { timeout: 5000 },
      )
      .toBe(true);
    reader.close();
    writer.close();
  });

  it('§2.3 removal on one node is seen by the other at once (Redis invalidation), not after the 10 s TTL', async () => {
    const channel = channelName();
    const sk = generateSecretKey();
    await setMembership(a, 9000, channel, getPublicKey(sk));
    const onB = await authed(b, sk);
    expect((await onB.publish(signed(sk, { kind: 1, tags: [['h', channel]] })))[2]).toBe(true);
    expect((await onB.publish(signed(sk, { kind: 1, tags: [['h', channel]] })))[2]).toBe(true);
    await setMembership(a, 9001, channel, getPublicKey(sk));
    await expect
      .poll(async () => (await onB.publish(signed(sk, { kind: 1, tags: [['h', channel]] })))[3], { timeout: 5000 })
      .toBe('restricted: not a member of this channel');
    onB.close();
  });

  it('§2.3 the membership cache counts a miss, then hits, and nothing for public events', async () => {
    const relay = await startTestRelay(services, { RELAY_OWNER_PUBKEY: owner });
    const sk = generateSecretKey();
    const client = await authed(relay, sk);
    await client.publish(signed(sk, { kind: 1 }));
    const quiet = await relay.scrape();
    expect(hasFamily(quiet, 'buzz_membership_cache_hits_total')).toBe(false);
    expect(hasFamily(quiet, 'buzz_membership_cache_misses_total')).toBe(false);
    const channel = channelName();
    await client.publish(signed(sk, { kind: 1, tags: [['h', channel]] }));
    await client.publish(signed(sk, { kind: 1, tags: [['h', channel]] }));
    await client.publish(signed(sk, { kind: 1, tags: [['h', channel]] }));
    const body = await relay.scrape();
    expect(metricValue(body, 'buzz_membership_cache_misses_total')).toBe(1);
    expect(metricValue(body, 'buzz_membership_cache_hits_total')).toBe(2);
    expect(hasFamily(body, 'buzz_accessible_channels_cache_hits_total')).toBe(false);
    client.close();
    await relay.stop();
  });

  it('§2.3 the accessible-channels cache counts REQ and COUNT lookups: a miss, then hits', async () => {
    const relay = await startTestRelay(services, { RELAY_OWNER_PUBKEY: owner });
    const client = await authed(relay, generateSecretKey());
    expect(hasFamily(await relay.scrape(), 'buzz_accessible_channels_cache_misses_total')).toBe(false);
    await client.query('one', { kinds: [1] });
    client.send(['COUNT', 'two', { kinds: [1] }]);
    await client.nextOfType('COUNT');
    await client.query('three', { kinds: [1] });
    const body = await relay.scrape();
    expect(metricValue(body, 'buzz_accessible_channels_cache_misses_total')).toBe(1);
    expect(metricValue(body, 'buzz_accessible_channels_cache_hits_total')).toBe(2);
    expect(hasFamily(body, 'buzz_membership_cache_misses_total')).toBe(false);
    client.close();
    await relay.stop();
  });
});

describe('relay membership and allow-list', () => {
  it('§4 with BUZZ_REQUIRE_RELAY_MEMBERSHIP a non-member gets "restricted: not a relay member" until the owner adds it', async () => {
    const relay = await startTestRelay(services, { RELAY_OWNER_PUBKEY: owner, BUZZ_REQUIRE_RELAY_MEMBERSHIP: 'true' });
    const sk = generateSecretKey();
    const refused = await RawClient.connect(relay.url);
    expect((await refused.auth(sk))[3]).toBe('restricted: not a relay member');
    const body = await relay.scrape();
    expect(metricValue(body, 'buzz_auth_failures_total{reason="not_relay_member"}')).toBe(1);
    expect(hasFamily(body, 'buzz_auth_failures_total{reason="nip42_invalid"}')).toBe(false);
    const admin = await authed(relay, ownerKey);
    expect((await admin.publish(signed(ownerKey, { kind: 8000, tags: [['p', getPublicKey(sk)]] })))[2]).toBe(true);
    const member = await RawClient.connect(relay.url);
    expect((await member.auth(sk))[2]).toBe(true);
    expect((await admin.publish(signed(ownerKey, { kind: 8001, tags: [['p', getPublicKey(sk)]] })))[2]).toBe(true);
    const removed = await RawClient.connect(relay.url);
    expect((await removed.auth(sk))[3]).toBe('restricted: not a relay member');
    for (const c of [refused, admin, member, removed]) c.close();
    await relay.stop();
  });

  it('§4 a pubkey outside BUZZ_PUBKEY_ALLOWLIST is denied with auth_failures{reason="allowlist_denied"}', async () => {
    const allowed = generateSecretKey();
    const relay = await startTestRelay(services, { BUZZ_PUBKEY_ALLOWLIST: ` ${getPublicKey(allowed)} ,` });
    const stranger = await RawClient.connect(relay.url);
    expect((await stranger.auth(generateSecretKey()))[3]).toBe('restricted: pubkey not in the allow-list');
    const friend = await RawClient.connect(relay.url);
    expect((await friend.auth(allowed))[2]).toBe(true);
    const body = await relay.scrape();
    expect(metricValue(body, 'buzz_auth_failures_total{reason="allowlist_denied"}')).toBe(1);
    expect(metricValue(body, 'buzz_auth_attempts_total{method="nip42"}')).toBe(2);
    stranger.close();
    friend.close();
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
