import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { maskTimingValues } from '../metrics/mask.ts';
import { createIsolatedDatabase, redisUrlForWorker } from '../services/isolation.ts';
import { loadFixtures } from './load-fixtures.ts';
import { type RelayEndpoint, runSession, type SessionTranscript } from './run-session.ts';
import type { Session } from './session-types.ts';
import { type LaunchedRelay, launchReferenceRelay } from './test-support/reference-relay.ts';

// Every session against the reference relay, started as a process on a fresh database, twice: each step must
// get the reply it expects, the families the session declares must be exactly the ones that appear, and the
// second run's /metrics (timing values masked) must equal the first's byte for byte.

const SETTLE_TIMEOUT_MS = 10_000;
const POLL_MS = 100;
/** Present from start-up (first pool tick), whatever clients do. */
const isPoolGauge = (family: string) => family.startsWith('buzz_db_pool_') || family.startsWith('buzz_redis_pool_');

const fixtures = loadFixtures();

interface Outcome {
  readonly transcript: SessionTranscript;
  /** Masked /metrics body per node, after the relay has settled. */
  readonly bodies: readonly string[];
  readonly families: readonly string[];
}

function familiesOf(body: string): string[] {
  return [...body.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] ?? '');
}

function connectionsActive(body: string): string | undefined {
  return /^buzz_ws_connections_active (\S+)$/m.exec(body)?.[1];
}

/**
 * Scrapes every node until none shows an open connection, the declared families are there and two scrapes in a
 * row agree (the audit log is written after the reply), or the bound passes; returns the last scrape either way.
 */
async function settledScrapes(relays: readonly LaunchedRelay[], declared: readonly string[]): Promise<string[]> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let previous: string[] = [];
  for (;;) {
    const bodies = await Promise.all(relays.map(async (r) => (await fetch(r.metricsUrl)).text()));
    const families = new Set(bodies.flatMap(familiesOf));
    const settled =
      bodies.every((b) => (connectionsActive(b) ?? '0') === '0') &&
      declared.every((f) => families.has(f)) &&
      bodies.map(maskTimingValues).join('\n') === previous.map(maskTimingValues).join('\n');
    if (settled || Date.now() > deadline) return bodies;
    previous = bodies;
    await delay(POLL_MS);
  }
}

async function runOnFreshRelays(session: Session): Promise<Outcome> {
  const services = inject('services');
  const database = await createIsolatedDatabase(services.databaseUrl, `scenario ${session.scenario}`);
  const relays: LaunchedRelay[] = [];
  try {
    // One after another: the nodes share the database, and the first one creates its schema.
    for (const _node of session.nodes) {
      relays.push(
        await launchReferenceRelay({
          databaseUrl: database.url,
          redisUrl: redisUrlForWorker(services.redisUrl),
          env: session.relayEnv,
        }),
      );
    }
    const otherNodes: Record<string, RelayEndpoint> = {};
    session.nodes.slice(1).forEach((node, i) => {
      otherNodes[node] = relays[i + 1]!.endpoint;
    });
    let transcript: SessionTranscript;
    try {
      transcript = await runSession(session, relays[0]!.endpoint, { otherNodes });
    } catch (error) {
      const logs = relays.map((r, i) => `--- relay ${session.nodes[i]} output:\n${r.output()}`).join('\n');
      throw new Error(`${(error as Error).message}\n${logs}`);
    }
    const raw = await settledScrapes(relays, session.metrics);
    const families = [...new Set(raw.flatMap(familiesOf))].filter((f) => !isPoolGauge(f)).sort();
    return { transcript, bodies: raw.map(maskTimingValues), families };
  } finally {
    await Promise.all(relays.map((r) => r.stop()));
    await database.drop();
  }
}

describe('scenario sessions against the reference relay', () => {
  for (const session of fixtures.sessions.values()) {
    it(`§2.3 ${session.scenario}: every step gets its reply, the declared families appear, and a rerun gives the same masked /metrics`, async () => {
      const first = await runOnFreshRelays(session);
      expect(first.transcript.untaken.map((m) => `${m.client}: ${m.text}`)).toEqual([]);
      expect(first.families).toEqual([...session.metrics].sort());
      const second = await runOnFreshRelays(session);
      expect(second.bodies).toEqual(first.bodies);
    }, 120_000);
  }

  it('§3.3 traces: the transcript lists one record per frame sent, with the ids the client used', async () => {
    const session = fixtures.sessions.get('traces')!;
    const { transcript } = await runOnFreshRelays(session);
    const note = fixtures.events.get('note-1')!.event;
    const authId = transcript.frames[0]?.type === 'AUTH' ? transcript.frames[0].eventId : undefined;
    expect(transcript.frames).toEqual([
      { type: 'AUTH', client: 'a', eventId: authId },
      { type: 'EVENT', client: 'a', eventId: note.id, kind: 1, fanOut: true },
      { type: 'REQ', client: 'a', subId: 'feed' },
      { type: 'COUNT', client: 'a', subId: 'tally' },
      { type: 'CLOSE', client: 'a', subId: 'feed' },
      { type: 'unparsable', client: 'a' },
    ]);
    expect(authId).toMatch(/^[0-9a-f]{64}$/);
    expect(transcript.eventIds).toEqual([authId, note.id]);
    expect(transcript.steps.map((s) => s.sent.length)).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
  }, 60_000);

  it('§4 a step whose reply differs fails with the file, the step and what arrived', async () => {
    const traces = fixtures.sessions.get('traces')!;
    const steps = traces.steps.map((step) => (step.do === 'count' ? { ...step, expect: { count: 7 } } : step));
    await expect(runOnFreshRelays({ ...traces, steps })).rejects.toThrow(
      /fixtures\/sessions\/traces\.json: step 5 \(client a count tally\): expected \["COUNT","tally",\{"count":7\}\], got \["COUNT","tally",\{"count":1\}\]/,
    );
  }, 60_000);
});
