import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from 'nostr-tools/utils';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES_DIR, FixtureError, loadFixtures, loadSession } from './load-fixtures.ts';

// Each case is a fixtures folder with the real keys, events and blobs and one hand-written session.
const made: string[] = [];

function fixturesWith(sessions: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'buzz-compat-fixtures-'));
  made.push(root);
  const dir = join(root, 'fixtures');
  mkdirSync(join(dir, 'sessions'), { recursive: true });
  for (const file of ['keys.json', 'events.json', 'blobs.json'])
    copyFileSync(join(FIXTURES_DIR, file), join(dir, file));
  for (const [name, content] of Object.entries(sessions)) {
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    writeFileSync(join(dir, 'sessions', `${name}.json`), text);
  }
  return dir;
}

function problemsOf(dir: string): readonly string[] {
  try {
    loadFixtures(dir);
  } catch (error) {
    if (error instanceof FixtureError) return error.problems;
    throw error;
  }
  throw new Error('expected the fixtures to be rejected');
}

const session = (steps: unknown[], extra: Record<string, unknown> = {}) => ({
  scenario: 'broken',
  contract: 'v2',
  steps,
  ...extra,
});

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadFixtures', () => {
  it('§4 resolves @references: keys in relayEnv and filters, events in filters and expectations', () => {
    const dir = fixturesWith({
      ok: {
        scenario: 'ok',
        contract: 'v2',
        relayEnv: {
          RELAY_OWNER_PUBKEY: '@owner',
          BUZZ_PUBKEY_ALLOWLIST: '@alice,@bob',
          BUZZ_RELAY_PRIVATE_KEY: '@secret:relay',
          OTHER: 'plain',
        },
        steps: [
          { client: 'a', do: 'connect' },
          {
            client: 'a',
            do: 'req',
            sub: 's',
            filters: [{ authors: ['@alice'], ids: ['@note-1'] }],
            expect: { events: ['note-1'] },
          },
          { do: 'http', path: '/media/{blob:png-1}' },
        ],
      },
    });
    const fixtures = loadFixtures(dir);
    const ok = fixtures.sessions.get('ok')!;
    const alice = fixtures.keys.get('alice')!.pubkey;
    expect(ok.relayEnv).toEqual({
      RELAY_OWNER_PUBKEY: fixtures.keys.get('owner')!.pubkey,
      BUZZ_PUBKEY_ALLOWLIST: `${alice},${fixtures.keys.get('bob')!.pubkey}`,
      BUZZ_RELAY_PRIVATE_KEY: bytesToHex(fixtures.keys.get('relay')!.secretKey),
      OTHER: 'plain',
    });
    const req = ok.steps[1]!;
    expect(req.do === 'req' && req.filters).toEqual([
      { authors: [alice], ids: [fixtures.events.get('note-1')!.event.id] },
    ]);
    expect(req.do === 'req' && req.expect).toEqual({ eose: true, events: [fixtures.events.get('note-1')] });
    const http = ok.steps[2]!;
    expect(http.do === 'http' && http.path).toBe(`/media/${fixtures.blobs.get('png-1')!.sha256}`);
    expect(ok.nodes).toEqual(['main']);
  });

  it('§4 a step problem names the file, the step number and what is wrong', () => {
    const dir = fixturesWith({
      broken: session([
        { client: 'a', do: 'connect' },
        { client: 'a', do: 'publish', event: 'note-9', expect: { ok: true } },
      ]),
    });
    expect(problemsOf(dir)).toEqual([
      'fixtures/sessions/broken.json: step 2 (client a publish note-9): "event": no event "note-9" in events.json',
    ]);
  });

  it('§4 every problem of every file is reported at once, one line each', () => {
    const dir = fixturesWith({
      broken: session(
        [
          { client: 'a', do: 'conect' },
          { client: 'a', do: 'auth', as: 'eve' },
          { client: 'a', do: 'publish', event: 'note-1', expcet: { ok: true } },
          { client: 'a', do: 'req', sub: 's', filters: [{ authors: ['@nobody'] }] },
          { client: 'a', do: 'connect', node: 'elsewhere' },
          { client: 'a', do: 'auth', as: 'alice', variant: 'sloppy' },
          { client: 'a', do: 'count', sub: 'c', filters: [{}], expect: { count: -1 } },
          { client: 'a', do: 'await-close', timeoutMs: 0 },
        ],
        { relayEnv: { RELAY_OWNER_PUBKEY: '@eve', BUZZ_RELAY_PRIVATE_KEY: '@secret:eve' } },
      ),
      'not-json': '{ "scenario": ',
      misnamed: { scenario: 'other-name', contract: 'v2', steps: [] },
    });
    const problems = problemsOf(dir);
    const expected = [
      'fixtures/sessions/broken.json: step 1 (client a conect): "do" must be one of',
      'fixtures/sessions/broken.json: step 2 (client a auth eve): "as": no key "eve" in keys.json',
      'fixtures/sessions/broken.json: step 3 (client a publish note-1): unknown field "expcet"',
      'fixtures/sessions/broken.json: step 4 (client a req s): filter value @nobody names no key, channel or event',
      'fixtures/sessions/broken.json: step 5 (client a connect): "node": "elsewhere" is not one of the session\'s nodes (main)',
      'fixtures/sessions/broken.json: step 6 (client a auth alice sloppy): "variant" must be one of valid,',
      'fixtures/sessions/broken.json: step 7 (client a count c): "expect.count" must be a whole number',
      'fixtures/sessions/broken.json: step 8 (client a await-close): "timeoutMs" must be a positive whole number',
      'fixtures/sessions/broken.json: relayEnv.RELAY_OWNER_PUBKEY: @eve names no key of keys.json',
      'fixtures/sessions/broken.json: relayEnv.BUZZ_RELAY_PRIVATE_KEY: @secret:eve names no key of keys.json',
      'fixtures/sessions/misnamed.json: "scenario" is "other-name" but the file is named misnamed.json',
      'fixtures/sessions/not-json.json: is not valid JSON',
    ];
    expect(problems).toHaveLength(expected.length);
    for (const start of expected)
      expect(
        problems.some((p) => p.startsWith(start)),
        start,
      ).toBe(true);
  });

  it('§4 a broken shared file names the file and the entry', () => {
    const dir = fixturesWith({});
    writeFileSync(join(dir, 'keys.json'), JSON.stringify({ keys: { alice: { secretKey: 'xyz', pubkey: 'abc' } } }));
    writeFileSync(join(dir, 'blobs.json'), '[]');
    const problems = problemsOf(dir);
    expect(problems).toContain('fixtures/keys.json: keys.alice.secretKey must be 64 lowercase hex characters');
    expect(problems).toContain('fixtures/blobs.json: expected an object with a "blobs" object');
  });

  it('§4 loadSession names the sessions there are when asked for one that is not', () => {
    expect(() => loadSession('no-such-scenario')).toThrow(/no session "no-such-scenario".*core-ingest/);
    expect(loadSession('traces').scenario).toBe('traces');
  });
});
