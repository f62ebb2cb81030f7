import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerifier, type Verifier } from './verify.ts';

const event = finalizeEvent({ kind: 1, created_at: 1000, tags: [['t', 'x']], content: 'signed' }, generateSecretKey());

describe.each([0, 1])('verifier with %i threads', (threads) => {
  let verifier: Verifier;
  const failures: unknown[] = [];

  beforeAll(async () => {
    verifier = await startVerifier(threads, (error) => failures.push(error));
  });

  afterAll(async () => {
    await verifier?.close();
  });

  it('§4 accepts a signed event and refuses a changed one', async () => {
    expect(await verifier.verify(event)).toBe(true);
    expect(await verifier.verify({ ...event, content: 'changed' })).toBe(false);
  });

  it('§4 an empty or shortened id is refused (nostr-wasm alone compares only the bytes the id has)', async () => {
    for (const id of ['', event.id.slice(0, 8), event.id.slice(0, 63), `${event.id}00`]) {
      expect(await verifier.verify({ ...event, id })).toBe(false);
    }
    expect(await verifier.verify({ ...event, sig: event.sig.slice(0, 64) })).toBe(false);
    expect(await verifier.verify({ ...event, pubkey: event.pubkey.slice(0, 10) })).toBe(false);
    expect(failures).toEqual([]);
  });
});
