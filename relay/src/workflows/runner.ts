import { performance } from 'node:perf_hooks';
import type { Event } from 'nostr-tools';
import type pg from 'pg';
import type { Logger } from 'pino';
import { type DefinitionsByKind, loadEnabledDefinitions, type WorkflowDefinition } from './definitions.ts';

// Runs the enabled workflows whose trigger kind matches a persisted event; each run writes one `workflow_runs` row.
// buzz_workflow_runs_total is not counted here: buzz counts every event its engine accepts, workflow or not, so
// dispatch counts it (relay/src/ingest/dispatch.ts).

export interface WorkflowRunner {
  /** Called after an event is persisted; never blocks and never throws. */
  onPersisted(event: Event): void;
  /** Stops taking events and resolves once the runs already started have finished. */
  close(): Promise<void>;
}

export interface WorkflowRunnerOptions {
  readonly pool: pg.Pool;
  readonly log: Logger;
  /** How long loaded definitions are trusted before the next event reloads them. */
  readonly refreshMs?: number;
}

const DEFAULT_REFRESH_MS = 5000;
const RUN_OUTCOME = 'ok';

export function createWorkflowRunner({
  pool,
  log,
  refreshMs = DEFAULT_REFRESH_MS,
}: WorkflowRunnerOptions): WorkflowRunner {
  const inFlight = new Set<Promise<void>>();
  let definitions: DefinitionsByKind | undefined;
  let loadedAt = 0;
  let loading: Promise<DefinitionsByKind> | undefined;
  let closed = false;

  const isFresh = (): boolean => definitions !== undefined && performance.now() - loadedAt < refreshMs;

  // One load at a time however many events are waiting. A failed load keeps the previous definitions and is
  // not retried before the refresh interval, so a database outage costs one query per interval, not per event.
  function currentDefinitions(): Promise<DefinitionsByKind> {
    if (isFresh()) return Promise.resolve(definitions!);
    loading ??= loadEnabledDefinitions(pool)
      .catch((error: unknown) => {
        log.error({ err: error }, 'could not load workflow definitions; keeping the previous ones');
        return definitions ?? new Map<number, readonly WorkflowDefinition[]>();
      })
      .then((loaded) => {
        definitions = loaded;
        loadedAt = performance.now();
        loading = undefined;
        return loaded;
      });
    return loading;
  }

  async function run(workflow: WorkflowDefinition, event: Event): Promise<void> {
    try {
      // ON CONFLICT: an event that reaches the runner twice (a retried ingest) does not run a workflow twice.
      await pool.query(
        `INSERT INTO workflow_runs (workflow_id, event_id, outcome) VALUES ($1, $2, $3)
         ON CONFLICT ON CONSTRAINT workflow_runs_once DO NOTHING`,
        [workflow.id, event.id, RUN_OUTCOME],
      );
    } catch (error) {
      log.error({ err: error, workflowId: workflow.id, eventId: event.id }, 'workflow run failed');
    }
  }

  async function runAll(event: Event): Promise<void> {
    const matching = (await currentDefinitions()).get(event.kind) ?? [];
    for (const workflow of matching) await run(workflow, event);
  }

  function onPersisted(event: Event): void {
    if (closed) {
      log.warn({ eventId: event.id, kind: event.kind }, 'workflow runner is closed; event not considered');
      return;
    }
    // The hot path: with fresh definitions and none for this kind, nothing is queried and nothing is scheduled.
    if (isFresh() && !definitions!.has(event.kind)) return;
    const task = runAll(event).finally(() => inFlight.delete(task));
    inFlight.add(task);
  }

  async function close(): Promise<void> {
    closed = true;
    await Promise.all(inFlight);
  }

  return { onPersisted, close };
}
