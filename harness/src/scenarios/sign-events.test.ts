import { getPublicKey, verifyEvent } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import type { FixtureKey } from './session-types.ts';
import { CLOCK_LEAD_SECS, type EventTemplate, signTemplates } from './sign-events.ts';

const secretKey = new Uint8Array(32).fill(7);
const alice: FixtureKey = { name: 'alice', secretKey, pubkey: getPublicKey(secretKey) };
const keys = new Map([['alice', alice]]);
const NOW = 1_900_000_000;

const template = (name: string, extra: Partial<EventTemplate> = {}): EventTemplate => ({
  name,
  signer: alice,
  at: 1,
  kind: 1,
  tags: [],
  content: name,
  broken: undefined,
  ...extra,
});

describe('signTemplates', () => {
  it('§4 dates every event the lead before the clock plus its at, and signs it', () => {
    const { events } = signTemplates([template('a', { at: 5 })], { keys, channels: [], now: NOW });
    const a = events.get('a')!.event;
    expect(a.created_at).toBe(NOW - CLOCK_LEAD_SECS + 5);
    expect(verifyEvent(structuredClone(a))).toBe(true);
  });

  it('§4 resolves keys, channels, earlier events and @now+N in tags', () => {
    const { events, channels } = signTemplates(
      [
        template('first'),
        template('second', {
          tags: [
            ['p', '@alice'],
            ['h', '@general'],
            ['e', '@first'],
            ['expiration', '@now+3600'],
            ['t', 'plain'],
          ],
        }),
      ],
      { keys, channels: ['general'], now: NOW },
    );
    expect(channels.get('general')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(events.get('second')!.event.tags).toEqual([
      ['p', alice.pubkey],
      ['h', channels.get('general')],
      ['e', events.get('first')!.event.id],
      ['expiration', String(NOW + 3600)],
      ['t', 'plain'],
    ]);
  });

  it('§4 every load has new ids and new channel UUIDs', () => {
    const sign = () =>
      signTemplates([template('a', { tags: [['h', '@general']] })], { keys, channels: ['general'], now: NOW });
    const [one, two] = [sign(), sign()];
    expect(one.events.get('a')!.event.id).not.toBe(two.events.get('a')!.event.id);
  });

  it('§4 a reference to a later event or an unknown name is an error that names it', () => {
    expect(() =>
      signTemplates([template('a', { tags: [['e', '@b']] }), template('b')], { keys, channels: [], now: NOW }),
    ).toThrow('@b names no key, channel or earlier event');
  });

  it('§4 broken templates fail verification in the way they name', () => {
    const { events } = signTemplates([template('sig', { broken: 'signature' }), template('id', { broken: 'id' })], {
      keys,
      channels: [],
      now: NOW,
    });
    expect(verifyEvent(structuredClone(events.get('sig')!.event))).toBe(false);
    expect(verifyEvent(structuredClone(events.get('id')!.event))).toBe(false);
  });
});
