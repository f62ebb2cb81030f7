import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import { channelOf, eventFormatProblem, indexedTagValues, kindClass, replaceKey } from './event.ts';
import { isIndexable, matchFilter, parseFilter } from './filter.ts';
import { parseClientFrame } from './frames.ts';
import { authEventProblem, normalizeRelayUrl } from './nip42.ts';

const sk = generateSecretKey();
const event = finalizeEvent(
  {
    kind: 1,
    created_at: 1000,
    tags: [
      ['t', 'x'],
      ['h', 'room'],
      ['label', 'long'],
    ],
    content: 'hi',
  },
  sk,
);

describe('kind classes', () => {
  it('§4 NIP-01 ranges', () => {
    expect([0, 3, 10000, 19999].map(kindClass)).toEqual(Array(4).fill('replaceable'));
    expect([20000, 29999].map(kindClass)).toEqual(['ephemeral', 'ephemeral']);
    expect([30000, 39999].map(kindClass)).toEqual(['addressable', 'addressable']);
    expect([1, 2, 4, 9999, 40000].map(kindClass)).toEqual(Array(5).fill('regular'));
    expect(replaceKey({ ...event, kind: 30000, tags: [] }, 'addressable')).toBe(`${event.pubkey}:30000:`);
  });

  it('§4 channel, indexed tags and format problems', () => {
    expect(channelOf(event)).toBe('room');
    expect(indexedTagValues(event)).toEqual(['t:x', 'h:room']);
    expect(eventFormatProblem(event)).toBeUndefined();
    expect(
      eventFormatProblem({
        ...event,
        tags: [
          ['h', 'a'],
          ['h', 'b'],
        ],
      }),
    ).toMatch(/more than one h tag/);
    expect(eventFormatProblem({ ...event, sig: 'ab' })).toMatch(/signature/);
  });
});

describe('filters', () => {
  it('§4 each field matches as NIP-01 says', () => {
    const match = (raw: object) => matchFilter(parseFilter(raw), event);
    expect(match({})).toBe(true);
    expect(match({ ids: [event.id] })).toBe(true);
    expect(match({ ids: ['0'.repeat(64)] })).toBe(false);
    expect(match({ authors: [event.pubkey] })).toBe(true);
    expect(match({ kinds: [2, 1] })).toBe(true);
    expect(match({ kinds: [] })).toBe(false);
    expect(match({ '#t': ['y', 'x'] })).toBe(true);
    expect(match({ '#t': ['y'] })).toBe(false);
    expect(match({ '#label': ['long'] })).toBe(true);
    expect(match({ since: 1000, until: 1000 })).toBe(true);
    expect(match({ since: 1001 })).toBe(false);
    expect(match({ until: 999 })).toBe(false);
    expect(match({ limit: 0 })).toBe(true);
  });

  it('§4 unindexed (multi-letter) tag queries are what the store cannot answer in SQL', () => {
    expect(isIndexable(parseFilter({ '#t': ['x'] }))).toBe(true);
    expect(isIndexable(parseFilter({ '#label': ['x'] }))).toBe(false);
  });
});

describe('frames', () => {
  it('§4 parses the five client verbs', () => {
    expect(parseClientFrame(JSON.stringify(['EVENT', event]))).toMatchObject({ ok: true, frame: { type: 'EVENT' } });
    expect(parseClientFrame('["REQ","s",{"kinds":[1]},{}]')).toMatchObject({ ok: true, frame: { subId: 's' } });
    expect(parseClientFrame('["COUNT","s",{}]')).toMatchObject({ ok: true, frame: { type: 'COUNT' } });
    expect(parseClientFrame('["CLOSE","s"]')).toEqual({ ok: true, frame: { type: 'CLOSE', subId: 's' } });
    expect(parseClientFrame(JSON.stringify(['AUTH', event]))).toMatchObject({ ok: true, frame: { type: 'AUTH' } });
    expect(parseClientFrame('["NOPE"]')).toEqual({ ok: false, reason: 'unknown message type "NOPE"' });
  });
});

describe('NIP-42', () => {
  it('§4 relay URLs are compared after normalising scheme/host case, default port and trailing slash', () => {
    expect(normalizeRelayUrl('WSS://Relay.Example.COM:443/')).toBe('wss://relay.example.com');
    expect(normalizeRelayUrl('ws://relay.test:80')).toBe('ws://relay.test');
    expect(normalizeRelayUrl('ws://relay.test:8080/path/')).toBe('ws://relay.test:8080/path');
    expect(normalizeRelayUrl('nonsense')).toBeUndefined();
  });

  it('§4 the challenge, relay and created_at rules', () => {
    const expected = { challenge: 'c1', relayUrl: 'ws://relay.test', nowSecs: 10_000 };
    const auth = (tags: string[][], createdAt = 10_000) =>
      authEventProblem(finalizeEvent({ kind: 22242, created_at: createdAt, tags, content: '' }, sk), expected);
    const good = [
      ['relay', 'ws://relay.test/'],
      ['challenge', 'c1'],
    ];
    expect(auth(good)).toBeUndefined();
    expect(auth(good, 10_060)).toBeUndefined();
    expect(auth(good, 9_939)).toMatch(/created_at/);
    expect(auth([['relay', 'ws://relay.test']])).toMatch(/challenge/);
    expect(auth([...good, ['relay', 'ws://relay.test']])).toMatch(/relay tag/);
    expect(
      auth([
        ['relay', 'ws://other.test'],
        ['challenge', 'c1'],
      ]),
    ).toMatch(/RELAY_URL/);
  });
});
