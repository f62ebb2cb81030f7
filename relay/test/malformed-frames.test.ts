import { readFileSync } from 'node:fs';
import { generateSecretKey } from 'nostr-tools/pure';
import { hexToBytes } from 'nostr-tools/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue, RawClient } from './raw-client.ts';
import { createTestServices, startTestRelay, type TestRelay, type TestServices } from './relay-fixture.ts';

interface MalformedCase {
  readonly name: string;
  readonly frame?: string;
  readonly binaryBase64?: string;
  readonly oversizeBytes?: number;
  readonly reply: string;
  readonly survives: boolean;
  readonly authenticated: boolean;
}

const CORPORA = ['malformed.json', 'crash.json'] as const;
// The corpus events are signed with this key. Authenticating as their author lets a bad id or sig reach the
// verifier: buzz compares the pubkey with the authenticated one before it verifies anything.
const CORPUS_KEY = hexToBytes('07'.repeat(32));

function readCorpus(file: string): MalformedCase[] {
  return (
    JSON.parse(readFileSync(new URL(`../../fixtures/frames/${file}`, import.meta.url), 'utf8')) as {
      cases: MalformedCase[];
    }
  ).cases;
}

function frameOf(c: MalformedCase): string | Buffer {
  if (c.binaryBase64 !== undefined) return Buffer.from(c.binaryBase64, 'base64');
  if (c.oversizeBytes !== undefined) {
    const shell = '["EVENT",{"content":""}]';
    return shell.replace('""', `"${'x'.repeat(c.oversizeBytes - shell.length)}"`);
  }
  return c.frame ?? '';
}

let services: TestServices;
let relay: TestRelay;

beforeAll(async () => {
  services = await createTestServices('malformed');
  relay = await startTestRelay(services);
});

afterAll(async () => {
  await relay?.stop();
  await services?.database.drop();
});

for (const file of CORPORA) {
  describe(`malformed frame corpus (fixtures/frames/${file})`, () => {
    for (const c of readCorpus(file)) {
      it(`§4 ${c.name}`, async () => {
        const client = await RawClient.connect(relay.url);
        await client.challenge();
        if (c.authenticated) expect((await client.auth(CORPUS_KEY))[2]).toBe(true);
        const before = client.received.length;
        client.send(frameOf(c));
        const reply = await client.next((m) => client.received.indexOf(m) >= before);
        expect(JSON.stringify(reply)).toMatch(new RegExp(c.reply));
        if (c.survives) {
          client.send(['CLOSE', 'probe']);
          client.send(['COUNT', 'probe', { kinds: [1] }]);
          await client.next((m) => m[1] === 'probe');
          expect(client.isOpen).toBe(true);
        } else {
          await client.closed;
        }
        client.close();
      });
    }
  });
}

describe('after the corpora', () => {
  it('§4 nothing of the corpus was stored and the relay still serves', async () => {
    const client = await RawClient.connect(relay.url);
    await client.auth(generateSecretKey());
    expect(await client.query('all', {})).toEqual([]);
    const body = await relay.scrape();
    expect(metricValue(body, 'buzz_events_stored_total{kind="1"}')).toBeUndefined();
    client.close();
  });
});
