import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { Relay, useWebSocketImplementation } from 'nostr-tools/relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { authEvent, hasFamily, RawClient, signed } from './raw-client.ts';
import { createTestServices, startTestRelay, type TestRelay, type TestServices } from './relay-fixture.ts';

useWebSocketImplementation(WebSocket);

let services: TestServices;
let relay: TestRelay;

beforeAll(async () => {
  services = await createTestServices('surface');
  relay = await startTestRelay(services);
});

afterAll(async () => {
  await relay?.stop();
  await services?.database.drop();
});

async function authed(sk = generateSecretKey()): Promise<RawClient> {
  const client = await RawClient.connect(relay.url);
  const ok = await client.auth(sk);
  expect(ok[2]).toBe(true);
  return client;
}

describe('NIP-01 with nostr-tools clients', () => {
  it('§4 publish, subscribe, close and count through nostr-tools', async () => {
    const sk = generateSecretKey();
    const client = await Relay.connect(relay.url);
    await client.auth((template) => Promise.resolve(authEvent(sk, template.tags[1]![1]!, 'ws://relay.test')));
    const topic = `topic-${Math.random()}`;
    const first = signed(sk, { kind: 1, tags: [['t', topic]], content: 'one' });
    await client.publish(first);
    const seen: string[] = [];
    let eose = false;
    const sub = client.subscribe([{ '#t': [topic] }], {
      onevent: (event) => seen.push(event.id),
      oneose: () => {
        eose = true;
      },
    });
    await expect.poll(() => eose).toBe(true);
    expect(seen).toEqual([first.id]);
    const second = signed(sk, { kind: 1, tags: [['t', topic]], content: 'two' });
    await client.publish(second);
    await expect.poll(() => seen).toEqual([first.id, second.id]);
    expect(await client.count([{ '#t': [topic] }], {})).toBe(2);
    sub.close();
    const third = signed(sk, { kind: 1, tags: [['t', topic]], content: 'three' });
    await client.publish(third);
    expect(await client.count([{ '#t': [topic] }], {})).toBe(3);
    expect(seen).toEqual([first.id, second.id]);
    client.close();
  });
});

describe('filters', () => {
  it('§4 each filter field selects exactly its events: ids, authors, kinds, #tag, since, until, limit', async () => {
    const alice = generateSecretKey();
    const bob = generateSecretKey();
    const client = await authed(alice);
    const bobClient = await authed(bob);
    const tag = `f-${Math.random()}`;
    const base = Math.floor(Date.now() / 1000) - 60;
    const a1 = signed(alice, { kind: 1, tags: [['t', tag]], created_at: base + 1 });
    // A reaction: buzz stores one only when the event it reacts to is there.
    const a2 = signed(alice, {
      kind: 7,
      tags: [
        ['t', tag],
        ['e', a1.id],
      ],
      created_at: base + 2,
    });
    const b1 = signed(bob, { kind: 1, tags: [['t', tag]], created_at: base + 3 });
    for (const event of [a1, a2]) expect((await client.publish(event))[2]).toBe(true);
    expect((await bobClient.publish(b1))[2]).toBe(true);
    bobClient.close();
    const ids = async (filter: object) =>
      (await client.query(`q${Math.random()}`, { '#t': [tag], ...filter })).map((e) => e.id);

    expect(await ids({})).toEqual([b1.id, a2.id, a1.id]);
    expect(await ids({ ids: [a2.id] })).toEqual([a2.id]);
    expect(await ids({ authors: [getPublicKey(alice)] })).toEqual([a2.id, a1.id]);
    expect(await ids({ kinds: [1] })).toEqual([b1.id, a1.id]);
    expect(await ids({ '#e': [a1.id] })).toEqual([a2.id]);
    expect(await ids({ since: base + 2 })).toEqual([b1.id, a2.id]);
    expect(await ids({ until: base + 2 })).toEqual([a2.id, a1.id]);
    expect(await ids({ limit: 1 })).toEqual([b1.id]);
    expect(await ids({ limit: 0 })).toEqual([]);
    // Several filters are a union, each event once.
    const union = await client.query('union', { ids: [a1.id] }, { '#t': [tag], kinds: [1] });
    expect(union.map((e) => e.id).sort()).toEqual([a1.id, b1.id].sort());
    client.close();
  });

  it('§4 a live subscription gets only matching events, after EOSE', async () => {
    const sk = generateSecretKey();
    const client = await authed(sk);
    const tag = `live-${Math.random()}`;
    await client.query('live', { '#t': [tag], kinds: [1] });
    expect((await client.publish(signed(sk, { kind: 3, tags: [['t', tag]] })))[2]).toBe(true);
    const match = signed(sk, { kind: 1, tags: [['t', tag]] });
    await client.publish(match);
    const delivered = await client.next((m) => m[0] === 'EVENT' && m[1] === 'live');
    expect((delivered[2] as { id: string }).id).toBe(match.id);
    expect(client.received.filter((m) => m[0] === 'EVENT' && m[1] === 'live')).toHaveLength(1);
    client.close();
  });
});

describe('kinds and duplicates', () => {
  it('§4 a duplicate gets OK true "duplicate:" and is stored once', async () => {
    const sk = generateSecretKey();
    const client = await authed(sk);
    const event = signed(sk, { kind: 1, content: 'dup' });
    expect(await client.publish(event)).toEqual(['OK', event.id, true, '']);
    expect(await client.publish(event)).toEqual(['OK', event.id, true, 'duplicate:']);
    expect(await client.query('dup', { ids: [event.id] })).toHaveLength(1);
    client.close();
  });

  it('§4 replaceable kinds keep only the newest per pubkey and kind; an older version gets OK true "duplicate:"', async () => {
    const sk = generateSecretKey();
    const client = await authed(sk);
    const now = Math.floor(Date.now() / 1000);
    const older = signed(sk, { kind: 0, content: '{"name":"old"}', created_at: now - 10 });
    const newer = signed(sk, { kind: 0, content: '{"name":"new"}', created_at: now });
    expect((await client.publish(older))[2]).toBe(true);
    expect((await client.publish(newer))[2]).toBe(true);
    expect(await client.publish(older)).toEqual(['OK', older.id, true, 'duplicate:']);
    const stored = await client.query('meta', { kinds: [0], authors: [getPublicKey(sk)] });
    expect(stored.map((e) => e.id)).toEqual([newer.id]);
    client.close();
  });

  it('§4 addressable kinds keep the newest per pubkey, kind and d tag', async () => {
    const sk = generateSecretKey();
    const client = await authed(sk);
    const now = Math.floor(Date.now() / 1000);
    const a1 = signed(sk, { kind: 30023, tags: [['d', 'a']], created_at: now - 1 });
    const a2 = signed(sk, { kind: 30023, tags: [['d', 'a']], created_at: now });
    const b1 = signed(sk, { kind: 30023, tags: [['d', 'b']], created_at: now - 1 });
    for (const event of [a1, a2, b1]) expect((await client.publish(event))[2]).toBe(true);
    const stored = await client.query('addr', { kinds: [30023], authors: [getPublicKey(sk)] });
    expect(stored.map((e) => e.id).sort()).toEqual([a2.id, b1.id].sort());
    client.close();
  });

  it('§4 ephemeral kinds reach live subscribers and are never stored', async () => {
    const sk = generateSecretKey();
    const listener = await authed();
    const publisher = await authed(sk);
    await listener.query('eph', { kinds: [20001], authors: [getPublicKey(sk)] });
    const event = signed(sk, { kind: 20001, content: 'now' });
    expect((await publisher.publish(event))[2]).toBe(true);
    await listener.next((m) => m[0] === 'EVENT' && m[1] === 'eph');
    expect(await publisher.query('eph-later', { ids: [event.id] })).toEqual([]);
    listener.close();
    publisher.close();
  });
});

describe('NIP-42', () => {
  it('§4 the relay sends a 64-hex challenge on connect', async () => {
    const client = await RawClient.connect(relay.url);
    expect(await client.challenge()).toMatch(/^[0-9a-f]{64}$/);
    client.close();
  });

  it('§4 a valid AUTH gets OK true, a second one "already authenticated"', async () => {
    const sk = generateSecretKey();
    const client = await RawClient.connect(relay.url);
    const ok = await client.auth(sk);
    expect(ok[2]).toBe(true);
    expect(await client.auth(sk)).toEqual(['OK', expect.any(String), false, 'auth-required: already authenticated']);
    client.close();
  });

  it('§4 the relay tag matches RELAY_URL after normalising (case, trailing slash, default port)', async () => {
    const client = await RawClient.connect(relay.url);
    expect((await client.auth(generateSecretKey(), 'WS://Relay.TEST:80/'))[2]).toBe(true);
    client.close();
  });

  const failures: [string, (challenge: string) => Partial<{ created_at: number; tags: string[][]; kind: number }>][] = [
    [
      'wrong challenge',
      () => ({
        tags: [
          ['relay', 'ws://relay.test'],
          ['challenge', 'f'.repeat(64)],
        ],
      }),
    ],
    [
      'wrong relay tag',
      (c) => ({
        tags: [
          ['relay', 'ws://elsewhere.test'],
          ['challenge', c],
        ],
      }),
    ],
    ['stale created_at', () => ({ created_at: Math.floor(Date.now() / 1000) - 120 })],
    ['future created_at', () => ({ created_at: Math.floor(Date.now() / 1000) + 120 })],
    [
      'two challenge tags',
      (c) => ({
        tags: [
          ['relay', 'ws://relay.test'],
          ['challenge', c],
          ['challenge', c],
        ],
      }),
    ],
    ['wrong kind', () => ({ kind: 22241 })],
  ];
  for (const [name, tweak] of failures) {
    it(`§4 ${name}: OK false "verification failed", then terminally failed`, async () => {
      const sk = generateSecretKey();
      const client = await RawClient.connect(relay.url);
      const challenge = await client.challenge();
      expect((await client.auth(sk, 'ws://relay.test', tweak(challenge)))[3]).toBe(
        'auth-required: verification failed',
      );
      expect((await client.auth(sk))[3]).toBe('auth-required: authentication already failed');
      const event = signed(sk, { kind: 1 });
      expect(await client.publish(event)).toEqual(['OK', event.id, false, 'auth-required: not authenticated']);
      client.close();
    });
  }

  it('§4 a bad signature on AUTH fails verification', async () => {
    const client = await RawClient.connect(relay.url);
    const event = authEvent(generateSecretKey(), await client.challenge(), 'ws://relay.test');
    client.send(['AUTH', { ...event, sig: event.sig.replace(/^./, event.sig[0] === '0' ? '1' : '0') }]);
    expect(await client.next((m) => m[0] === 'OK')).toEqual([
      'OK',
      event.id,
      false,
      'auth-required: verification failed',
    ]);
    client.close();
  });

  it('§4 before AUTH: EVENT, REQ and COUNT get the auth-required replies; CLOSE gets an empty CLOSED', async () => {
    const client = await RawClient.connect(relay.url);
    await client.challenge();
    const event = signed(generateSecretKey(), { kind: 1 });
    expect(await client.publish(event)).toEqual(['OK', event.id, false, 'auth-required: not authenticated']);
    client.send(['REQ', 'early', { kinds: [1] }]);
    expect(await client.nextOfType('NOTICE')).toEqual(['NOTICE', 'auth-required: authenticate before subscribing']);
    expect(await client.nextOfType('CLOSED')).toEqual(['CLOSED', 'early', 'auth-required: not authenticated']);
    client.send(['COUNT', 'early-count', { kinds: [1] }]);
    expect(await client.nextOfType('CLOSED')).toEqual(['CLOSED', 'early-count', 'auth-required: not authenticated']);
    client.send(['CLOSE', 'early']);
    expect(await client.nextOfType('CLOSED')).toEqual(['CLOSED', 'early', '']);
    client.send(['REQ', 'marker', {}]);
    await client.nextOfType('NOTICE');
    await client.nextOfType('CLOSED');
    expect(client.received.map((m) => m[0])).toEqual([
      'AUTH',
      'OK',
      'NOTICE',
      'CLOSED',
      'CLOSED',
      'CLOSED',
      'NOTICE',
      'CLOSED',
    ]);
    expect(await client.query('never', {}).catch((e: Error) => e.message)).toContain('auth-required');
    client.close();
  });

  it('§4 a kind-22242 event sent as EVENT is rejected as invalid', async () => {
    const sk = generateSecretKey();
    const client = await authed(sk);
    const event = authEvent(sk, 'c'.repeat(64), 'ws://relay.test');
    expect(await client.publish(event)).toEqual([
      'OK',
      event.id,
      false,
      'invalid: AUTH events cannot be submitted via EVENT',
    ]);
    client.close();
  });

  it('§4 there is no AUTH timeout (buzz snapshot): unauthenticated and failed connections stay open', async () => {
    const idle = await RawClient.connect(relay.url);
    const failed = await RawClient.connect(relay.url);
    await failed.auth(generateSecretKey(), 'ws://wrong.test');
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect([idle.isOpen, failed.isOpen]).toEqual([true, true]);
    const event = signed(generateSecretKey(), { kind: 1 });
    expect(await idle.publish(event)).toEqual(['OK', event.id, false, 'auth-required: not authenticated']);
    expect(hasFamily(await relay.scrape(), 'buzz_ws_auth_timeouts_total')).toBe(false);
    idle.close();
    failed.close();
  }, 15_000);
});
