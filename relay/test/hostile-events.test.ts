import { randomBytes } from 'node:crypto';
import { finalizeEvent, generateSecretKey, type NostrEvent } from 'nostr-tools/pure';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authEvent, type Message, RawClient } from './raw-client.ts';
import { createTestServices, startTestRelay, type TestRelay, type TestServices } from './relay-fixture.ts';

// Events built to hurt: fields nobody signed, JSON nested deep enough to break recursive code, values Postgres
// cannot hold. Each must get its own answer while honest clients around it carry on.

const NIP01_KEYS = ['id', 'pubkey', 'created_at', 'kind', 'tags', 'content', 'sig'];
const DEEP_NOTICE = ['NOTICE', 'invalid message: JSON nested deeper than 127 levels'];

let services: TestServices;
let relay: TestRelay;
let db: pg.Pool;

beforeAll(async () => {
  services = await createTestServices('hostile_events');
  relay = await startTestRelay(services);
  db = new pg.Pool({ connectionString: services.database.url, max: 2 });
});

afterAll(async () => {
  await db?.end();
  await relay?.stop();
  await services?.database.drop();
});

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const now = () => Math.floor(Date.now() / 1000);
let sequence = 0;

function note(secretKey: Uint8Array, tags: string[][], content = `hostile ${sequence}`): NostrEvent {
  sequence++;
  return finalizeEvent({ kind: 1, created_at: now(), tags, content }, secretKey);
}

/** The event's JSON text with `extra` spliced in as one more field, written as raw JSON. */
function withExtraField(event: NostrEvent, extra: string): string {
  return `${JSON.stringify(event).slice(0, -1)},"x":${extra},"y":{"unsigned":true}}`;
}

/** NIP-01 fields in NIP-01 order: the only form an event may be stored and served in. */
function signedForm(event: NostrEvent): string {
  const { id, pubkey, created_at, kind, tags, content, sig } = event;
  return JSON.stringify({ id, pubkey, created_at, kind, tags, content, sig });
}

async function authed(secretKey = generateSecretKey()): Promise<RawClient> {
  const client = await RawClient.connect(relay.url);
  expect((await client.auth(secretKey))[2]).toBe(true);
  return client;
}

const okFor = (client: RawClient, id: string) => client.next((m) => m[0] === 'OK' && m[1] === id);

describe('extra fields', () => {
  it('§4 an extra field is never stored, fanned out or served: readers get exactly the signed NIP-01 event', async () => {
    const sk = generateSecretKey();
    const author = await authed(sk);
    const watcher = await authed();
    watcher.send(['REQ', 'live', { kinds: [1], '#t': ['extra-field'] }]);
    await watcher.nextOfType('EOSE');
    const event = note(sk, [['t', 'extra-field']]);
    author.send(`["EVENT",${withExtraField(event, nested(100))}]`);
    expect(await okFor(author, event.id)).toEqual(['OK', event.id, true, '']);

    const live = await watcher.next((m) => m[0] === 'EVENT' && m[1] === 'live');
    expect(Object.keys(live[2] as object)).toEqual(NIP01_KEYS);
    const reader = await authed();
    const [served] = await reader.query('back', { ids: [event.id] });
    expect(JSON.stringify(served)).toBe(signedForm(event));
    const { rows } = await db.query<{ raw: string }>('SELECT raw FROM events WHERE id = $1', [event.id]);
    expect(rows.map((row) => row.raw)).toEqual([signedForm(event)]);
    for (const client of [author, watcher, reader]) client.close();
  });

  it('§4 AUTH with an extra field (100 nested levels) authenticates on its NIP-01 fields', async () => {
    const client = await RawClient.connect(relay.url);
    const event = authEvent(generateSecretKey(), await client.challenge(), 'ws://relay.test');
    client.send(`["AUTH",${withExtraField(event, nested(100))}]`);
    expect(await okFor(client, event.id)).toEqual(['OK', event.id, true, '']);
    client.close();
  });
});

describe('deeply nested frames (the issue-11 crash)', () => {
  it('§4 EVENT and AUTH with 20,000 nested levels get NOTICE; the sender and every other connection carry on', async () => {
    const bystanderKey = generateSecretKey();
    const bystander = await authed(bystanderKey);
    bystander.send(['REQ', 'watch', { kinds: [1], '#t': ['after-the-storm'] }]);
    await bystander.nextOfType('EOSE');

    const publisherKey = generateSecretKey();
    const publisher = await authed(publisherKey);
    const deepEvent = note(publisherKey, [['t', 'deep']]);
    publisher.send(`["EVENT",${withExtraField(deepEvent, nested(20_000))}]`);
    expect(await publisher.nextOfType('NOTICE')).toEqual(DEEP_NOTICE);

    const stranger = await RawClient.connect(relay.url);
    const strangerKey = generateSecretKey();
    const deepAuth = authEvent(strangerKey, await stranger.challenge(), 'ws://relay.test');
    stranger.send(`["AUTH",${withExtraField(deepAuth, nested(20_000))}]`);
    expect(await stranger.nextOfType('NOTICE')).toEqual(DEEP_NOTICE);
    // The refused frame left the AUTH state alone: a plain AUTH still works.
    expect((await stranger.auth(strangerKey))[2]).toBe(true);

    const after = note(bystanderKey, [['t', 'after-the-storm']]);
    expect(await bystander.publish(after)).toEqual(['OK', after.id, true, '']);
    expect((await bystander.next((m) => m[0] === 'EVENT' && m[1] === 'watch'))[2]).toMatchObject({ id: after.id });
    expect([bystander.isOpen, publisher.isOpen, stranger.isOpen]).toEqual([true, true, true]);
    const { rows } = await db.query('SELECT id FROM events WHERE id = $1', [deepEvent.id]);
    expect(rows).toEqual([]);
    for (const client of [bystander, publisher, stranger]) client.close();
  });
});

describe('values the store cannot hold', () => {
  it('§4 one NUL-byte event and one oversized-tag event among 150 concurrent honest events: all 150 succeed', async () => {
    const keys = Array.from({ length: 10 }, () => generateSecretKey());
    const clients = await Promise.all(keys.map((sk) => authed(sk)));
    const honest = keys.flatMap((sk, c) =>
      Array.from({ length: 15 }, (_, i) => ({ client: clients[c]!, event: note(sk, [['t', 'crowd']], `c${c} e${i}`) })),
    );
    const nulTag = note(keys[0]!, [['t', 'nul\u0000byte']]);
    const nulContent = note(keys[1]!, [], 'nul\u0000content');
    // Incompressible and far over the ~2.7 KB an index entry holds; buzz stores tags of any length.
    const bigValue = randomBytes(4000).toString('base64');
    const bigTag = note(keys[2]!, [['t', bigValue]]);
    const replies = new Map<string, Promise<Message>>();
    const send = (client: RawClient, event: NostrEvent) => {
      replies.set(event.id, okFor(client, event.id));
      client.send(['EVENT', event]);
    };
    for (const { client, event } of honest.slice(0, 60)) send(client, event);
    send(clients[0]!, nulTag);
    for (const { client, event } of honest.slice(60, 110)) send(client, event);
    send(clients[1]!, nulContent);
    send(clients[2]!, bigTag);
    for (const { client, event } of honest.slice(110)) send(client, event);

    const honestReplies = await Promise.all(honest.map(({ event }) => replies.get(event.id)!));
    expect(honestReplies.filter((reply) => reply[2] === true && reply[3] === '')).toHaveLength(150);
    for (const refused of [nulTag, nulContent]) {
      const [, , accepted, message] = await replies.get(refused.id)!;
      expect(accepted).toBe(false);
      expect(String(message)).toMatch(/^error: /);
    }
    expect(await replies.get(bigTag.id)!).toEqual(['OK', bigTag.id, true, '']);
    expect((await clients[3]!.query('big', { kinds: [1], '#t': [bigValue] })).map((e) => e.id)).toEqual([bigTag.id]);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE id = ANY($1::text[])', [
      [...honest.map(({ event }) => event.id), nulTag.id, nulContent.id],
    ]);
    expect(rows[0]!.n).toBe(150);
    for (const client of clients) client.close();
  });

  it('§4 an addressable event whose d tag is over 1024 bytes is refused as invalid, like buzz', async () => {
    const sk = generateSecretKey();
    const client = await authed(sk);
    const event = finalizeEvent({ kind: 30023, created_at: now(), tags: [['d', 'd'.repeat(1025)]], content: '' }, sk);
    expect(await client.publish(event)).toEqual([
      'OK',
      event.id,
      false,
      'invalid: the d tag is 1025 bytes; at most 1024 are allowed',
    ]);
    client.close();
  });

  it('§4 a NUL byte in a tag filter matches nothing: REQ gets EOSE and COUNT 0, as buzz answers, not an error', async () => {
    const client = await authed();
    for (const name of ['#t', '#e', '#d', '#p']) {
      expect(await client.query(`nul${name}`, { kinds: [1], [name]: ['a\u0000b'] })).toEqual([]);
      client.send(['COUNT', `count${name}`, { kinds: [1], [name]: ['a\u0000b', 'other'] }]);
      expect(await client.next((m) => m[1] === `count${name}`)).toEqual(['COUNT', `count${name}`, { count: 0 }]);
    }
    client.close();
  });
});
