import { type NostrEvent, verifyEvent } from 'nostr-tools/pure';
import pg from 'pg';
import { kindLabel } from '../../src/metrics/labels.ts';

// What a fuzz run must leave behind: stored rows that are exactly signed NIP-01 events, and label values inside
// the contract's closed sets (CONTRACT §2.3, §2.4), whatever the frames were.

const NIP01_KEYS = ['id', 'pubkey', 'created_at', 'kind', 'tags', 'content', 'sig'];

export interface RowProblem {
  readonly id: string;
  readonly problem: string;
  /** The start of the stored JSON text, to see what got in. */
  readonly raw: string;
}

export interface StoredRowsVerdict {
  readonly rows: number;
  readonly differing: readonly RowProblem[];
}

function signedForm(event: NostrEvent): string {
  const { id, pubkey, created_at, kind, tags, content, sig } = event;
  return JSON.stringify({ id, pubkey, created_at, kind, tags, content, sig });
}

function rowProblem(row: { id: string; pubkey: string; kind: number; created_at: string; raw: string }) {
  let event: NostrEvent;
  try {
    event = JSON.parse(row.raw) as NostrEvent;
  } catch {
    return 'raw is not JSON';
  }
  if (Object.keys(event).join() !== NIP01_KEYS.join()) return `fields ${Object.keys(event).join(',')}`;
  if (row.raw !== signedForm(event)) return 'raw is not the NIP-01 serialisation of its own fields';
  if (!verifyEvent({ ...event })) return 'id or signature does not verify';
  if (row.id !== event.id || row.pubkey !== event.pubkey || row.kind !== event.kind) return 'columns disagree with raw';
  if (Number(row.created_at) !== event.created_at) return 'created_at column disagrees with raw';
  if (row.raw.includes('\\u0000')) return 'holds U+0000, which buzz cannot store';
  return undefined;
}

/** Every row of the reference relay's `events` table, judged against the signed event it claims to be. */
export async function judgeStoredRows(databaseUrl: string): Promise<StoredRowsVerdict> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; pubkey: string; kind: number; created_at: string; raw: string }>(
      'SELECT id, pubkey, kind, created_at, raw FROM events',
    );
    const differing: RowProblem[] = [];
    for (const row of rows) {
      const problem = rowProblem(row);
      if (problem !== undefined) differing.push({ id: row.id, problem, raw: row.raw.slice(0, 400) });
    }
    return { rows: rows.length, differing };
  } finally {
    await client.end();
  }
}

/**
 * A `kind` label the relay may render: `other`, or a decimal kind that the relay's own allow-list keeps
 * (relay/src/metrics/labels.ts). The suite checks that list against the contract with its own copy; here the
 * question is only whether hostile input can push a label outside it.
 */
const isAllowedKindLabel = (value: string) =>
  value === 'other' || (/^(0|[1-9]\d*)$/.test(value) && kindLabel(Number(value)) === value);

/** Closed label sets by family and label (CONTRACT §2.3); families not listed here are not judged. */
const LABEL_RULES: Readonly<Record<string, Readonly<Record<string, (value: string) => boolean>>>> = {
  buzz_events_received_total: { kind: isAllowedKindLabel },
  buzz_events_stored_total: { kind: isAllowedKindLabel },
  buzz_events_rejected_total: { reason: (v) => ['auth', 'invalid', 'scope', 'error'].includes(v) },
  buzz_auth_attempts_total: { method: (v) => v === 'nip42' },
  buzz_auth_failures_total: { reason: (v) => ['nip42_invalid', 'allowlist_denied', 'not_relay_member'].includes(v) },
  buzz_workflow_runs_total: { trigger: (v) => /^(0|[1-9]\d*)$/.test(v) && Number(v) <= 65535 },
};

/** Series whose label values fall outside the contract's sets, as `name{labels}` lines. */
export function labelSetViolations(exposition: string): string[] {
  const violations: string[] = [];
  for (const line of exposition.split('\n')) {
    const match = /^([a-z_]+?)(?:_bucket|_sum|_count)?\{(.*)\} /.exec(line);
    if (match === null) continue;
    const rules = LABEL_RULES[match[1]!];
    if (rules === undefined) continue;
    for (const [, name, value] of match[2]!.matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)) {
      const allowed = rules[name!];
      if (allowed !== undefined && !allowed(value!)) violations.push(line);
    }
  }
  return violations;
}
