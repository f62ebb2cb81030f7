import type pg from 'pg';
import type { KindClass, NostrEvent } from '../nostr/event.ts';

/** An event ready for the store: serialised once, its derived columns computed once. */
export interface PreparedEvent {
  readonly event: NostrEvent;
  readonly raw: string;
  readonly cls: KindClass;
  readonly channel: string | undefined;
  readonly replaceKey: string | undefined;
  readonly tagvals: readonly string[];
}

/** stored: new row; duplicate: this very event was there; superseded: a newer version of it is there. */
export type WriteOutcome = 'stored' | 'duplicate' | 'superseded';

interface Pending {
  readonly prepared: PreparedEvent;
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

const COLUMNS = 'id, pubkey, kind, created_at, channel, tagvals, raw, replace_key';
const PARAMS_PER_ROW = 8;
const MAX_BATCH = 200;

function rowParams(p: PreparedEvent): unknown[] {
  const e = p.event;
  return [e.id, e.pubkey, e.kind, e.created_at, p.channel ?? null, p.tagvals, p.raw, p.replaceKey ?? null];
}

function placeholders(rows: number): string {
  const groups: string[] = [];
  for (let r = 0; r < rows; r++) {
    const base = r * PARAMS_PER_ROW;
    const cells: string[] = [];
    for (let c = 1; c <= PARAMS_PER_ROW; c++) cells.push(`$${base + c}`);
    groups.push(`(${cells.join(',')})`);
  }
  return groups.join(',');
}

const UPSERT_REPLACEABLE = `INSERT INTO events (${COLUMNS}) VALUES (${placeholders(1).slice(1, -1)})
  ON CONFLICT (replace_key) WHERE replace_key IS NOT NULL DO UPDATE SET
    id = excluded.id, pubkey = excluded.pubkey, kind = excluded.kind, created_at = excluded.created_at,
    channel = excluded.channel, tagvals = excluded.tagvals, raw = excluded.raw, stored_at = now()
  WHERE excluded.created_at > events.created_at
     OR (excluded.created_at = events.created_at AND excluded.id < events.id)
  RETURNING id`;

/**
 * Writes events durably: a write resolves only after its row is committed. Regular events are group-committed:
 * writes that arrive while earlier batches are in flight wait and go together in one multi-row INSERT, so the
 * commit (and its WAL flush) is shared, with no timer and no added latency when the relay is idle.
 * Replaceable and addressable events are single upserts that keep the newest per (pubkey, kind[, d]).
 */
export class EventWriter {
  readonly #pool: pg.Pool;
  readonly #maxInFlight: number;
  #queue: Pending[] = [];
  #inFlight = 0;

  constructor(pool: pg.Pool, maxInFlight: number) {
    this.#pool = pool;
    this.#maxInFlight = Math.max(1, maxInFlight);
  }

  write(prepared: PreparedEvent): Promise<WriteOutcome> {
    if (prepared.replaceKey !== undefined) return this.#upsert(prepared);
    return new Promise((resolve, reject) => {
      this.#queue.push({ prepared, resolve, reject });
      this.#pump();
    });
  }

  /** Stores the event and runs `apply` in the same transaction when (and only when) the row is new. */
  async writeWith(prepared: PreparedEvent, apply: (client: pg.PoolClient) => Promise<void>): Promise<WriteOutcome> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await client.query(
        `INSERT INTO events (${COLUMNS}) VALUES (${placeholders(1).slice(1, -1)}) ON CONFLICT (id) DO NOTHING RETURNING id`,
        rowParams(prepared),
      );
      if (result.rowCount === 1) await apply(client);
      await client.query('COMMIT');
      return result.rowCount === 1 ? 'stored' : 'duplicate';
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** Resolves when every accepted write has settled. */
  async idle(): Promise<void> {
    while (this.#inFlight > 0 || this.#queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length > 0) {
      const batch = this.#queue.length <= MAX_BATCH ? this.#queue : this.#queue.slice(0, MAX_BATCH);
      this.#queue = this.#queue.length <= MAX_BATCH ? [] : this.#queue.slice(MAX_BATCH);
      this.#inFlight++;
      this.#flush(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  async #flush(batch: Pending[]): Promise<void> {
    // The same event twice in one batch: the first write decides, the others are duplicates of it.
    const byId = new Map<string, Pending[]>();
    const rows: PreparedEvent[] = [];
    for (const pending of batch) {
      const id = pending.prepared.event.id;
      const same = byId.get(id);
      if (same === undefined) {
        byId.set(id, [pending]);
        rows.push(pending.prepared);
      } else same.push(pending);
    }
    const params: unknown[] = [];
    for (const row of rows) params.push(...rowParams(row));
    try {
      const result = await this.#pool.query<{ id: string }>({
        name: `events_insert_${rows.length}`,
        text: `INSERT INTO events (${COLUMNS}) VALUES ${placeholders(rows.length)} ON CONFLICT (id) DO NOTHING RETURNING id`,
        values: params,
      });
      const inserted = new Set(result.rows.map((row) => row.id));
      for (const [id, writes] of byId) {
        writes.forEach((pending, i) => {
          pending.resolve(i === 0 && inserted.has(id) ? 'stored' : 'duplicate');
        });
      }
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }

  async #upsert(prepared: PreparedEvent): Promise<WriteOutcome> {
    const result = await this.#pool.query({
      name: 'events_upsert',
      text: UPSERT_REPLACEABLE,
      values: rowParams(prepared),
    });
    if (result.rowCount === 1) return 'stored';
    const current = await this.#pool.query<{ id: string }>('SELECT id FROM events WHERE replace_key = $1', [
      prepared.replaceKey,
    ]);
    return current.rows[0]?.id === prepared.event.id ? 'duplicate' : 'superseded';
  }
}
