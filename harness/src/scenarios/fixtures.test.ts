import { createHash } from 'node:crypto';
import type { Event } from 'nostr-tools';
import { getEventHash, getPublicKey, verifyEvent } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import { CONTRACT_FAMILIES, LATER_FAMILIES } from '../contract/families.ts';
import { loadFixtures } from './load-fixtures.ts';

const fixtures = loadFixtures();
/** A fresh copy: nostr-tools caches a verification verdict on the event object itself. */
const copy = (event: Event): Event => structuredClone(event);

describe('fixtures', () => {
  it('§4 every key pubkey is the public key of its secret key', () => {
    expect(fixtures.keys.size).toBeGreaterThanOrEqual(5);
    for (const key of fixtures.keys.values()) expect(getPublicKey(key.secretKey), key.name).toBe(key.pubkey);
  });

  it('§4 every event id and signature verify, and each event is signed by the key its pubkey names', () => {
    const pubkeys = new Set([...fixtures.keys.values()].map((key) => key.pubkey));
    const intact = [...fixtures.events.values()].filter((e) => e.broken === undefined);
    expect(intact.length).toBeGreaterThan(20);
    for (const { name, event } of intact) {
      expect(getEventHash(copy(event)), name).toBe(event.id);
      expect(verifyEvent(copy(event)), name).toBe(true);
      expect(pubkeys.has(event.pubkey), name).toBe(true);
    }
  });

  it('§4 the deliberately broken events fail verification, each in the way its name says', () => {
    const broken = [...fixtures.events.values()].filter((e) => e.broken !== undefined);
    expect(broken.map((e) => e.broken).sort()).toEqual(['id', 'signature']);
    for (const { name, event, broken: how } of broken) {
      expect(verifyEvent(copy(event)), name).toBe(false);
      expect(getEventHash(copy(event)) === event.id, name).toBe(how === 'signature');
    }
  });

  it('§4 events are signed against the load clock: distinct created_at, all in the recent past', () => {
    const now = Math.floor(Date.now() / 1000);
    const times = [...fixtures.events.values()].map((e) => e.event.created_at);
    expect(new Set(times).size).toBe(times.length);
    for (const { name, event } of fixtures.events.values()) {
      expect(event.created_at, name).toBeLessThanOrEqual(now);
      // stale-* events are dated outside buzz's ±900 s window on purpose
      if (!name.startsWith('stale-')) expect(event.created_at, name).toBeGreaterThan(now - 300);
    }
  });

  it('§2.3 blobs match their sha256, and each upload authorization names its blob', () => {
    for (const blob of fixtures.blobs.values()) {
      expect(createHash('sha256').update(blob.bytes).digest('hex'), blob.name).toBe(blob.sha256);
    }
    const shas = new Set([...fixtures.blobs.values()].map((b) => b.sha256));
    const uploads = [...fixtures.events.values()].filter((e) => e.event.kind === 24242);
    expect(uploads.length).toBe(fixtures.blobs.size);
    for (const { name, event } of uploads) {
      const x = event.tags.find((tag) => tag[0] === 'x')?.[1];
      expect(shas.has(x ?? ''), name).toBe(true);
    }
  });
});

describe('sessions', () => {
  it('§2.3 the scenarios the suite relies on are all there and every @reference resolved', () => {
    expect([...fixtures.sessions.keys()]).toEqual(
      expect.arrayContaining(['core-ingest', 'auth', 'http', 'channels', 'traces']),
    );
    for (const session of fixtures.sessions.values()) {
      expect(session.contract, session.file).toBe('v2');
      expect(session.steps.length, session.file).toBeGreaterThan(0);
      for (const value of Object.values(session.relayEnv)) expect(value, session.file).not.toMatch(/@/);
    }
  });

  it('§2.3 each session names only families of the contract table, and together they cover every client-driven one', () => {
    const covered = new Set<string>();
    for (const session of fixtures.sessions.values()) {
      for (const family of session.metrics) {
        expect(Object.hasOwn(CONTRACT_FAMILIES, family), `${session.file}: ${family}`).toBe(true);
        covered.add(family);
      }
    }
    // Timing races, failures of the relay's own stores, or a search index the suite does not run.
    const notClientDriven = [
      'buzz_ws_backpressure_disconnects_total',
      'buzz_multinode_fanout_lag_total',
      'buzz_audit_log_errors_total',
      'buzz_audit_send_errors_total',
      'buzz_search_index_seconds',
    ];
    const expected = Object.keys(CONTRACT_FAMILIES).filter(
      (f) => !notClientDriven.includes(f) && !LATER_FAMILIES.includes(f),
    );
    expect([...covered].sort()).toEqual(expected.sort());
  });
});
