import type pg from 'pg';

// Enabled workflow definitions, read from the `workflows` table and grouped by the kind that triggers them.

/** What a run does. `record` writes the run row and nothing else; the table's CHECK holds the same set. */
export type WorkflowAction = 'record';

export interface WorkflowDefinition {
  /** bigint identity, kept as the decimal text Postgres returns. */
  readonly id: string;
  readonly triggerKind: number;
  readonly action: WorkflowAction;
}

export type DefinitionsByKind = ReadonlyMap<number, readonly WorkflowDefinition[]>;

interface WorkflowRow {
  id: string;
  trigger_kind: number;
  action: WorkflowAction;
}

export async function loadEnabledDefinitions(pool: pg.Pool): Promise<DefinitionsByKind> {
  const { rows } = await pool.query<WorkflowRow>(
    'SELECT id::text AS id, trigger_kind, action FROM workflows WHERE enabled ORDER BY id',
  );
  const byKind = new Map<number, WorkflowDefinition[]>();
  for (const row of rows) {
    const definition: WorkflowDefinition = { id: row.id, triggerKind: row.trigger_kind, action: row.action };
    const forKind = byKind.get(row.trigger_kind);
    if (forKind === undefined) byKind.set(row.trigger_kind, [definition]);
    else forKind.push(definition);
  }
  return byKind;
}
