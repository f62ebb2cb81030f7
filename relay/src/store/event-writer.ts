import type pg from 'pg';
import { holdsNul, indexedTagValues, type KindClass, kindClass, type NostrEvent, replaceKey } from '../nostr/event.ts';

/** An event ready for the store: serialised once, its derived columns computed once. */
export interface PreparedEvent {
  readonly event: NostrEvent;
  readonly raw: string;
  readonly cls: KindClass;
  readonly channel: string | undefined;
  readonly replaceKey: string | undefined;
  readonly tagvals: readonly string[];
}

/** The event holds U+0000, which Postgres cannot store: refused before it goes near a batch or a connection. */
export class UnstorableEventError extends Error {
  override name = 'UnstorableEventError';

  constructor() {
    super('the event holds a NUL character (U+0000), which Postgres text and jsonb cannot store');
  }
}

/** The row an event becomes, whoever stores it: a client's event or one the relay signed. */
export function prepareEvent(event: NostrEvent, channel: string | undefined): PreparedEvent {
  const cls = kindClass(event.kind);
  return {
    event,
    raw: JSON.stringify(event),
    cls,
    channel,
    replaceKey: replaceKey(event, cls),
    tagvals: indexedTagValues(event),
  };
}

/** stored: new row; duplicate: this very event was there; superseded: a newer version of it is there. */
export type WriteOutcome = 'stored' | 'duplicate' | 'superseded';

interface Pending {
  readonly prepared: PreparedEvent;
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

/**
 * SQLSTATE classes that blame the values of a row: 22 data exception (e.g. 22021, a NUL byte in text),
 * 23 integrity constraint violation, 54 program limit exceeded (e.g. 54000, an index row over its size limit).
 */
const ROW_DATA_ERROR_CLASSES = new Set(['22', '23', '54']);

function isRowDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && ROW_DATA_ERROR_CLASSES.has(code.slice(0, 2));
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
    if (holdsNul(prepared.event)) return Promise.reject(new UnstorableEventError());
    if (prepared.replaceKey !== undefined) return this.#upsert(prepared);
    return new Promise((resolve, reject) => {
      this.#queue.push({ prepared, resolve, reject });
      this.#pump();
    });
  }

  /** Stores the event and runs `apply` in the same transaction when (and only when) the row is new. */
  async writeWith(prepared: PreparedEvent, apply: (client: pg.PoolClient) => Promise<void>): Promise<WriteOutcome> {
    if (holdsNul(prepared.event)) throw new UnstorableEventError();
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
    for (const pending of batch) {
      const id = pending.prepared.event.id;
      const same = byId.get(id);
      if (same === undefined) byId.set(id, [pending]);
      else same.push(pending);
    }
    await this.#insert([...byId.values()]);
  }

  /**
   * One multi-row INSERT for these events (each with the writes waiting on it). When Postgres refuses a row's
   * data, the statement fails for every row in it, so the rows are split in halves and retried until the one
   * refused row fails alone with its own error: a bad event never fails its batch neighbours. Errors that are
   * not about one row's data (the connection, the server) fail every row at once, with no retry storm.
   */
  async #insert(rows: readonly Pending[][]): Promise<void> {
    const params: unknown[] = [];
    for (const [first] of rows) params.push(...rowParams(first!.prepared));
    let inserted: Set<string>;
    try {
      const result = await this.#pool.query<{ id: string }>({
        name: `events_insert_${rows.length}`,
        text: `INSERT INTO events (${COLUMNS}) VALUES ${placeholders(rows.length)} ON CONFLICT (id) DO NOTHING RETURNING id`,
        values: params,
      });
      inserted = new Set(result.rows.map((row) => row.id));
    } catch (error) {
      if (rows.length > 1 && isRowDataError(error)) {
        const half = Math.ceil(rows.length / 2);
        await this.#insert(rows.slice(0, half));
        await this.#insert(rows.slice(half));
        return;
      }
      for (const writes of rows) for (const pending of writes) pending.reject(error);
      return;
    }
    for (const writes of rows) {
      const stored = inserted.has(writes[0]!.prepared.event.id);
      writes.forEach((pending, i) => {
        pending.resolve(i === 0 && stored ? 'stored' : 'duplicate');
      });
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
