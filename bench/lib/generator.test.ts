import type { Server } from 'node:http';
import { generateSecretKey } from 'nostr-tools/pure';
import { bytesToHex } from 'nostr-tools/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchClient, connectAuthenticated } from './client.ts';
import { startEchoRelay } from './echo-relay.ts';
import { runFanout } from './fanout-run.ts';
import { runIngest } from './ingest-run.ts';
import { presign } from './presign.ts';

// The generators against the echo relay, in process: every event is sent, answered and counted exactly once.
// Counts only; the bench's figures are never asserted.

let server: Server;
let url: string;
const clients: BenchClient[] = [];

beforeAll(async () => {
  server = await startEchoRelay('127.0.0.1', 0);
  const address = server.address();
  url = `ws://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await new Promise((resolve) => server.close(resolve));
});

async function connect(): Promise<{ client: BenchClient; key: Uint8Array }> {
  const key = generateSecretKey();
  const client = await connectAuthenticated(url, url, key);
  clients.push(client);
  return { client, key };
}

describe('bench generators', () => {
  it('bench: presign signs each spec in order with unique ids', async () => {
    const key = bytesToHex(generateSecretKey());
    const [first, second] = await presign([
      { secretKeyHex: key, count: 1200, kind: 1, contentPrefix: 'a' },
      { secretKeyHex: key, count: 3, kind: 1, contentPrefix: 'b' },
    ]);
    expect(first!.ids).toHaveLength(1200);
    expect(second!.frames).toHaveLength(3);
    expect(new Set([...first!.ids, ...second!.ids]).size).toBe(1203);
    const frame = JSON.parse(first!.frames[1100]!) as [string, { id: string; content: string }];
    expect(frame[0]).toBe('EVENT');
    expect(frame[1]).toMatchObject({ id: first!.ids[1100], content: 'a #1100' });
  });

  it('bench: ingest answers every event once over pipelined connections', async () => {
    const lanes = [await connect(), await connect()];
    const loads = await presign(
      lanes.map(({ key }, index) => ({
        secretKeyHex: bytesToHex(key),
        count: 40,
        kind: 1,
        contentPrefix: `i${index}`,
      })),
    );
    const result = await runIngest({ clients: lanes.map((lane) => lane.client), loads, window: 4, maxSeconds: 60 });
    expect(result.sent).toBe(80);
    expect(result.accepted).toBe(80);
    expect(result.refusedCount).toBe(0);
    expect(result.latenciesMs).toHaveLength(80);
    expect(new Set(result.acceptedIds).size).toBe(80);
  });

  it('bench: fan-out counts one delivery per subscriber and event', async () => {
    const publisher = await connect();
    const subscribers = [await connect(), await connect(), await connect()];
    for (const { client } of subscribers) {
      const eose = new Promise<void>((resolve) => client.onFrame((text) => text.startsWith('["EOSE"') && resolve()));
      client.ws.send(JSON.stringify(['REQ', 'sub', { kinds: [1] }]));
      await eose;
    }
    const [load] = await presign([{ secretKeyHex: bytesToHex(publisher.key), count: 20, kind: 1, contentPrefix: 'f' }]);
    const result = await runFanout({
      publisher: publisher.client,
      subscribers: subscribers.map((subscriber) => subscriber.client),
      subId: 'sub',
      load: load!,
      ratePerSecond: 1000,
      drainMs: 10_000,
    });
    expect(result).toMatchObject({ sent: 20, okTrue: 20, okOther: 0, delivered: 60, expected: 60 });
  });
});
