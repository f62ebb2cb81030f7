import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFuzzSession } from './fuzz/fuzz-session.ts';
import { FAMILIES, hostileRecipes } from './fuzz/hostile-frames.ts';
import { judgeStoredRows, labelSetViolations } from './fuzz/verdicts.ts';
import { RawClient } from './raw-client.ts';
import { createTestServices, startTestRelay, type TestRelay, type TestServices } from './relay-fixture.ts';

// The relay's own fuzz test, small: a few hundred seeded hostile frames of every family over real WebSockets.
// `npm run bench:fuzz` runs the same generator with 10,000 frames or more against the relay as a process.
// BUZZ_FUZZ_SEED and BUZZ_FUZZ_FRAMES change the run (a failure prints its seed).

const SEED = Number(process.env.BUZZ_FUZZ_SEED ?? 20_261_203);
const FRAMES = Number(process.env.BUZZ_FUZZ_FRAMES ?? 400);
const MAX_FRAME_BYTES = 65_536;

let services: TestServices;
let relay: TestRelay;

beforeAll(async () => {
  services = await createTestServices('fuzz');
  relay = await startTestRelay(services, { BUZZ_MAX_FRAME_BYTES: String(MAX_FRAME_BYTES) });
});

afterAll(async () => {
  await relay?.stop();
  await services?.database.drop();
});

describe(`fuzz: ${FRAMES} hostile frames, seed ${SEED}`, () => {
  it('§4 the relay survives, stores only signed NIP-01 events and keeps label sets inside the contract', async () => {
    const recipes = hostileRecipes(SEED, FRAMES);
    expect(new Set(recipes.map((r) => r.family)).size).toBe(FAMILIES.length);
    const result = await runFuzzSession(recipes, {
      url: relay.url,
      relayUrl: 'ws://relay.test',
      maxFrameBytes: MAX_FRAME_BYTES,
      seed: SEED,
    });
    const stored = await judgeStoredRows(services.database.url);
    const status = (await (await fetch(`http://127.0.0.1:${relay.relay.ports.health}/_status`)).json()) as {
      failures: Record<string, number>;
    };
    console.log(
      `fuzz seed ${SEED}: ${result.sent} frames in ${(result.elapsedMs / 1000).toFixed(1)} s, ` +
        `${result.connectionsOpened} connections, replies ${JSON.stringify(result.replies)}, ` +
        `${stored.rows} rows stored, ${stored.differing.length} differ, failures ${JSON.stringify(status.failures)}`,
    );
    expect(result.malformedReplies).toEqual([]);
    expect(stored.differing).toEqual([]);
    expect(labelSetViolations(await relay.scrape())).toEqual([]);
    expect(Object.values(status.failures).every((count) => count === 0)).toBe(true);

    // Still serving: a new client authenticates, publishes and reads back.
    const client = await RawClient.connect(relay.url);
    expect((await client.auth(new Uint8Array(32).fill(9)))[2]).toBe(true);
    client.send(['COUNT', 'alive', { kinds: [1] }]);
    expect((await client.nextOfType('COUNT'))[1]).toBe('alive');
    client.close();
  }, 120_000);
});
