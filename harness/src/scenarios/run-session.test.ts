import { describe, expect, inject, it } from 'vitest';
import { createIsolatedDatabase, redisUrlForWorker } from '../services/isolation.ts';
import { loadFixtures } from './load-fixtures.ts';
import { type RelayEndpoint, runSession, type SessionTranscript } from './run-session.ts';
import type { Session } from './session-types.ts';
import { type LaunchedRelay, launchReferenceRelay } from './test-support/reference-relay.ts';

// The runner's own behaviour against the reference relay, started as a process on a fresh database. Whether every
// session passes and what the relay counts is the suite's business (harness/suite/metrics-golden.test.ts).

const fixtures = loadFixtures();

interface Outcome {
  readonly transcript: SessionTranscript;
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
    return { transcript };
  } finally {
    await Promise.all(relays.map((r) => r.stop()));
    await database.drop();
  }
}

describe('runSession against the reference relay', () => {
  it('§3.3 traces: the transcript lists one record per frame sent, with the ids the client used', async () => {
    const session = fixtures.sessions.get('traces')!;
    const { transcript } = await runOnFreshRelays(session);
    const note = fixtures.events.get('note-1')!.event;
    const authId = transcript.frames[0]?.type === 'AUTH' ? transcript.frames[0].eventId : undefined;
    expect(transcript.frames).toEqual([
      { type: 'AUTH', client: 'a', eventId: authId },
      { type: 'EVENT', client: 'a', eventId: note.id, name: 'note-1', kind: 1, fanOut: true },
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
