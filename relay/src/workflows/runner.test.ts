import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '../../test/database.ts';
import { createWorkflowRunner } from './runner.ts';

const log = pino({ level: 'silent' });
let db: MigratedTestDatabase;

beforeAll(async () => {
  db = await createMigratedTestDatabase('workflows', ['003-workflows.sql']);
});

afterAll(async () => {
  await db?.dispose();
});

// Kinds are unique per test so that one test's definitions never match another's events.
let nextKind = 40_000;
const uniqueKind = (): number => nextKind++;

function signedEvent(kind: number) {
  return finalizeEvent(
    { kind, created_at: Math.floor(Date.now() / 1000), tags: [], content: 'workflow test' },
    generateSecretKey(),
  );
}

async function defineWorkflow(triggerKind: number, enabled = true): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    "INSERT INTO workflows (trigger_kind, action, enabled) VALUES ($1, 'record', $2) RETURNING id::text AS id",
    [triggerKind, enabled],
  );
  return rows[0]!.id;
}

async function runsOf(eventId: string): Promise<Array<{ workflow_id: string; outcome: string }>> {
  const { rows } = await db.pool.query(
    'SELECT workflow_id::text AS workflow_id, outcome FROM workflow_runs WHERE event_id = $1 ORDER BY workflow_id',
    [eventId],
  );
  return rows;
}

describe('workflow runner', () => {
  it('a workflow whose trigger is the event kind runs once and writes its row', async () => {
    const kind = uniqueKind();
    const workflowId = await defineWorkflow(kind);
    const runner = createWorkflowRunner({ pool: db.pool, log });

    const event = signedEvent(kind);
    runner.onPersisted(event);
    await runner.close();

    expect(await runsOf(event.id)).toEqual([{ workflow_id: workflowId, outcome: 'ok' }]);
    const ranAt = await db.pool.query('SELECT ran_at FROM workflow_runs WHERE event_id = $1', [event.id]);
    expect(ranAt.rows[0].ran_at).toBeInstanceOf(Date);
  });

  it('events of other kinds and disabled workflows write no row', async () => {
    const kind = uniqueKind();
    const disabledKind = uniqueKind();
    await defineWorkflow(kind);
    await defineWorkflow(disabledKind, false);
    const runner = createWorkflowRunner({ pool: db.pool, log });

    const other = signedEvent(uniqueKind());
    const disabled = signedEvent(disabledKind);
    runner.onPersisted(other);
    runner.onPersisted(disabled);
    await runner.close();

    expect(await runsOf(other.id)).toEqual([]);
    expect(await runsOf(disabled.id)).toEqual([]);
  });

  it('every workflow of the kind runs, once per event even if it arrives twice', async () => {
    const kind = uniqueKind();
    const first = await defineWorkflow(kind);
    const second = await defineWorkflow(kind);
    const runner = createWorkflowRunner({ pool: db.pool, log });

    const event = signedEvent(kind);
    runner.onPersisted(event);
    runner.onPersisted(event);
    await runner.close();

    expect(await runsOf(event.id)).toEqual([
      { workflow_id: first, outcome: 'ok' },
      { workflow_id: second, outcome: 'ok' },
    ]);
  });

  it.each([
    { refreshMs: 3_600_000, newWorkflowRuns: false },
    { refreshMs: 0, newWorkflowRuns: true },
  ])(
    'definitions are cached for refreshMs=$refreshMs (a new workflow runs: $newWorkflowRuns)',
    async ({ refreshMs, newWorkflowRuns }) => {
      const loadedKind = uniqueKind();
      const laterKind = uniqueKind();
      await defineWorkflow(loadedKind);
      const runner = createWorkflowRunner({ pool: db.pool, log, refreshMs });

      // The first event loads the definitions; its run row shows the load is done.
      const first = signedEvent(loadedKind);
      runner.onPersisted(first);
      for (let attempt = 0; attempt < 500 && (await runsOf(first.id)).length === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(await runsOf(first.id)).toHaveLength(1);

      const laterWorkflow = await defineWorkflow(laterKind);
      const later = signedEvent(laterKind);
      runner.onPersisted(later);
      await runner.close();

      expect(await runsOf(later.id)).toEqual(newWorkflowRuns ? [{ workflow_id: laterWorkflow, outcome: 'ok' }] : []);
    },
  );

  it('a closed runner takes no more events', async () => {
    const kind = uniqueKind();
    await defineWorkflow(kind);
    const runner = createWorkflowRunner({ pool: db.pool, log });
    await runner.close();

    const event = signedEvent(kind);
    runner.onPersisted(event);

    expect(await runsOf(event.id)).toEqual([]);
  });

  it('a definition the table refuses names the rule it breaks', async () => {
    await expect(
      db.pool.query("INSERT INTO workflows (trigger_kind, action) VALUES (1, 'delete-everything')"),
    ).rejects.toThrow(/workflows_action_known/);
    await expect(
      db.pool.query("INSERT INTO workflows (trigger_kind, action) VALUES (70000, 'record')"),
    ).rejects.toThrow(/workflows_trigger_kind_range/);
  });

  it('a definitions load that fails is logged and runs nothing, and the runner still closes', async () => {
    const empty = await createMigratedTestDatabase('workflows_missing', []);
    try {
      const messages: string[] = [];
      const capturing = pino({ level: 'error' }, { write: (line: string) => messages.push(JSON.parse(line).msg) });
      const runner = createWorkflowRunner({ pool: empty.pool, log: capturing });
      runner.onPersisted(signedEvent(uniqueKind()));
      await runner.close();
      expect(messages).toEqual(['could not load workflow definitions; keeping the previous ones']);
    } finally {
      await empty.dispose();
    }
  });
});
