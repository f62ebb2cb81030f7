import type pg from 'pg';
import { isIndexedTagName, type NostrEvent, tagIndexKey } from '../nostr/event.ts';
import { type Filter, isIndexable, matchFilter } from '../nostr/filter.ts';

/** Which channels a reader may see: every one (administrators) or the listed ones; public events always. */
export type ChannelScope = { readonly all: true } | { readonly all: false; readonly channels: readonly string[] };

/** Most events one filter returns, whatever its limit asks for (NIP-11 `max_limit`). */
export const MAX_LIMIT = 500;
/** Most candidate rows a filter the SQL cannot fully express may scan (COUNT rejects beyond it). */
export const FALLBACK_SCAN_CAP = 5000;

export interface StoredRow {
  readonly id: string;
  readonly raw: string;
}

export type CountResult =
  | { readonly ok: true; readonly count: number }
  | { readonly ok: false; readonly tooBroad: true };

/** WHERE text for everything SQL can check of a filter; tag conditions on unindexed tags are left to matchFilter. */
function whereClause(filter: Filter, scope: ChannelScope, params: unknown[]): string {
  const conditions: string[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.ids !== undefined) conditions.push(`id = ANY(${param([...filter.ids])}::text[])`);
  if (filter.authors !== undefined) conditions.push(`pubkey = ANY(${param([...filter.authors])}::text[])`);
  if (filter.kinds !== undefined) conditions.push(`kind = ANY(${param([...filter.kinds])}::int[])`);
  if (filter.since !== undefined) conditions.push(`created_at >= ${param(filter.since)}`);
  if (filter.until !== undefined) conditions.push(`created_at <= ${param(filter.until)}`);
  if (filter.tags !== undefined) {
    for (const [name, values] of filter.tags) {
      if (!isIndexedTagName(name)) continue;
      // No stored event holds U+0000 (the writer refuses them, as buzz's store does), so such a value matches
      // nothing; sent to Postgres it would fail the whole query instead.
      const keys = [...values].filter((value) => !value.includes('\0')).map((value) => tagIndexKey(name, value));
      conditions.push(keys.length === 0 ? 'FALSE' : `tagvals && ${param(keys)}::text[]`);
    }
  }
  if (!scope.all) conditions.push(`(channel IS NULL OR channel = ANY(${param(scope.channels)}::text[]))`);
  return conditions.length === 0 ? 'TRUE' : conditions.join(' AND ');
}

export class EventQueries {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Stored events for one REQ filter, newest first (ties: lowest id first), at most min(limit, MAX_LIMIT). */
  async query(filter: Filter, scope: ChannelScope): Promise<StoredRow[]> {
    const limit = Math.min(filter.limit ?? MAX_LIMIT, MAX_LIMIT);
    if (limit === 0) return [];
    const params: unknown[] = [];
    const where = whereClause(filter, scope, params);
    if (isIndexable(filter)) {
      const { rows } = await this.#pool.query<StoredRow>(
        `SELECT id, raw FROM events WHERE ${where} ORDER BY created_at DESC, id LIMIT ${limit}`,
        params,
      );
      return rows;
    }
    const { rows } = await this.#pool.query<StoredRow>(
      `SELECT id, raw FROM events WHERE ${where} ORDER BY created_at DESC, id LIMIT ${FALLBACK_SCAN_CAP}`,
      params,
    );
    return rows.filter((row) => matchFilter(filter, JSON.parse(row.raw) as NostrEvent)).slice(0, limit);
  }

  /**
   * NIP-45 count over the union of the filters (limits ignored). SQL counts when every filter is indexable;
   * otherwise each filter's SQL-expressible part yields candidates that are matched here, and more than
   * FALLBACK_SCAN_CAP candidates for one filter makes the count too broad to answer.
   */
  async count(filters: readonly Filter[], scope: ChannelScope): Promise<CountResult> {
    if (filters.every(isIndexable)) {
      const params: unknown[] = [];
      const sql =
        filters.length === 1
          ? `SELECT count(*)::int AS n FROM events WHERE ${whereClause(filters[0]!, scope, params)}`
          : `SELECT count(*)::int AS n FROM (${filters
              .map((filter) => `SELECT id FROM events WHERE ${whereClause(filter, scope, params)}`)
              .join(' UNION ')}) matched`;
      const { rows } = await this.#pool.query<{ n: number }>(sql, params);
      return { ok: true, count: rows[0]?.n ?? 0 };
    }
    const matched = new Set<string>();
    for (const filter of filters) {
      const params: unknown[] = [];
      const { rows } = await this.#pool.query<StoredRow>(
        `SELECT id, raw FROM events WHERE ${whereClause(filter, scope, params)} LIMIT ${FALLBACK_SCAN_CAP + 1}`,
        params,
      );
      if (rows.length > FALLBACK_SCAN_CAP) return { ok: false, tooBroad: true };
      for (const row of rows) if (matchFilter(filter, JSON.parse(row.raw) as NostrEvent)) matched.add(row.id);
    }
    return { ok: true, count: matched.size };
  }
}
