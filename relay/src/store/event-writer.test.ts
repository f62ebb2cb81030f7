import { randomBytes } from 'node:crypto';
import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '../../test/database.ts';
import { indexedTagValues, type NostrEvent } from '../nostr/event.ts';
import { EventWriter, type PreparedEvent, UnstorableEventError } from './event-writer.ts';

let database: MigratedTestDatabase;

beforeAll(async () => {
  database = await createMigratedTestDatabase('event_writer', ['001-core.sql']);
});

afterAll(async () => {
  await database?.dispose();
});

const sk = generateSecretKey();
let sequence = 0;

function signedEvent(tags: string[][] = [], content = `writer ${sequence}`): NostrEvent {
  sequence++;
  return finalizeEvent({ kind: 1, created_at: 1_700_000_000 + sequence, tags, content }, sk);
}

function prepared(event: NostrEvent, tagvals = indexedTagValues(event)): PreparedEvent {
  return { event, raw: JSON.stringify(event), cls: 'regular', channel: undefined, replaceKey: undefined, tagvals };
}

async function storedIds(ids: readonly string[]): Promise<Set<string>> {
  const { rows } = await database.pool.query<{ id: string }>('SELECT id FROM events WHERE id = ANY($1::text[])', [ids]);
  return new Set(rows.map((row) => row.id));
}

describe('EventWriter: one refused row fails alone', () => {
  it('§4 rows Postgres refuses (NUL in an index value, an index row over its size limit) fail on their own; 150 honest neighbours are stored', async () => {
    // One writer slot: every write queues behind the first, so all of them meet in shared multi-row INSERTs.
    const writer = new EventWriter(database.pool, 1);
    const honest = Array.from({ length: 150 }, () => signedEvent([['t', 'honest']]));
    // Derived columns made by hand, as a bug or a future schema could make them: the writer must not trust them.
    const nulRow = prepared(signedEvent(), ['t:bad\u0000value']);
    // Random text: a repetitive one would be compressed under the limit.
    const hugeRow = prepared(signedEvent(), [`t:${randomBytes(4500).toString('base64')}`]);
    const writes = [
      ...honest.slice(0, 70).map((event) => writer.write(prepared(event))),
      writer.write(nulRow),
      ...honest.slice(70, 120).map((event) => writer.write(prepared(event))),
      writer.write(hugeRow),
      ...honest.slice(120).map((event) => writer.write(prepared(event))),
    ];
    const settled = await Promise.allSettled(writes);
    const outcomes = settled.map((result) => (result.status === 'fulfilled' ? result.value : 'refused'));
    expect(outcomes.filter((outcome) => outcome === 'stored')).toHaveLength(150);
    const refused = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(refused.map((error: { code?: string }) => error.code).sort()).toEqual(['22021', '54000']);
    const stored = await storedIds([...honest.map((e) => e.id), nulRow.event.id, hugeRow.event.id]);
    expect(stored.size).toBe(150);
    expect(stored.has(nulRow.event.id) || stored.has(hugeRow.event.id)).toBe(false);
  });

  it('§4 a duplicate inside one batch is a duplicate, and an event with U+0000 never reaches Postgres', async () => {
    const writer = new EventWriter(database.pool, 1);
    const event = signedEvent();
    const [first, second, third] = await Promise.all([
      writer.write(prepared(signedEvent())),
      writer.write(prepared(event)),
      writer.write(prepared(event)),
    ]);
    expect([first, second, third]).toEqual(['stored', 'stored', 'duplicate']);
    await expect(writer.write(prepared(signedEvent([], 'a\u0000b'), []))).rejects.toBeInstanceOf(UnstorableEventError);
    await expect(writer.write(prepared(signedEvent([['t', 'a\u0000b']]), []))).rejects.toBeInstanceOf(
      UnstorableEventError,
    );
  });

  it('§4 a tag value far over the index limit is indexed by its digest and stored', async () => {
    const writer = new EventWriter(database.pool, 1);
    const event = signedEvent([['t', 'v'.repeat(5000)]]);
    expect(await writer.write(prepared(event))).toBe('stored');
    expect((await storedIds([event.id])).size).toBe(1);
  });
});
