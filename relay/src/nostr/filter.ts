import { isIndexedTagName, type NostrEvent } from './event.ts';

/** A NIP-01 filter, validated, with sets ready for matching. Absent fields match everything. */
export interface Filter {
  readonly ids?: ReadonlySet<string>;
  readonly authors?: ReadonlySet<string>;
  readonly kinds?: ReadonlySet<number>;
  /** Tag name (without `#`) → accepted values of the tag's first value. */
  readonly tags?: ReadonlyMap<string, ReadonlySet<string>>;
  readonly since?: number;
  readonly until?: number;
  readonly limit?: number;
}

export class FilterError extends Error {
  override name = 'FilterError';
}

const HEX64 = /^[0-9a-f]{64}$/;

function stringSet(value: unknown, field: string, pattern?: RegExp): Set<string> {
  if (!Array.isArray(value)) throw new FilterError(`filter field "${field}" must be an array`);
  const set = new Set<string>();
  for (const item of value) {
    if (typeof item !== 'string') throw new FilterError(`filter field "${field}" must hold strings`);
    if (pattern !== undefined && !pattern.test(item)) {
      throw new FilterError(`filter field "${field}" must hold 64 lowercase hex characters`);
    }
    set.add(item);
  }
  return set;
}

function timestamp(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new FilterError(`filter field "${field}" must be a non-negative integer`);
  }
  return value;
}

/** Validates one filter object of a REQ or COUNT frame; unknown fields are ignored, as NIP-01 relays commonly do. */
export function parseFilter(raw: unknown): Filter {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new FilterError('a filter must be an object');
  const filter: {
    ids?: Set<string>;
    authors?: Set<string>;
    kinds?: Set<number>;
    tags?: Map<string, Set<string>>;
    since?: number;
    until?: number;
    limit?: number;
  } = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'ids') filter.ids = stringSet(value, key, HEX64);
    else if (key === 'authors') filter.authors = stringSet(value, key, HEX64);
    else if (key === 'kinds') {
      if (!Array.isArray(value)) throw new FilterError('filter field "kinds" must be an array');
      filter.kinds = new Set();
      for (const kind of value) {
        if (typeof kind !== 'number' || !Number.isInteger(kind) || kind < 0 || kind > 65535) {
          throw new FilterError('filter field "kinds" must hold integers 0–65535');
        }
        filter.kinds.add(kind);
      }
    } else if (key === 'since') filter.since = timestamp(value, key);
    else if (key === 'until') filter.until = timestamp(value, key);
    else if (key === 'limit') filter.limit = timestamp(value, key);
    else if (key.startsWith('#') && key.length > 1) {
      filter.tags ??= new Map();
      filter.tags.set(key.slice(1), stringSet(value, key));
    }
  }
  return filter;
}

export function matchFilter(filter: Filter, event: NostrEvent): boolean {
  if (filter.ids !== undefined && !filter.ids.has(event.id)) return false;
  if (filter.kinds !== undefined && !filter.kinds.has(event.kind)) return false;
  if (filter.authors !== undefined && !filter.authors.has(event.pubkey)) return false;
  if (filter.since !== undefined && event.created_at < filter.since) return false;
  if (filter.until !== undefined && event.created_at > filter.until) return false;
  if (filter.tags !== undefined) {
    for (const [name, values] of filter.tags) {
      let found = false;
      for (const tag of event.tags) {
        if (tag[0] === name && tag[1] !== undefined && values.has(tag[1])) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
  }
  return true;
}

export function matchAny(filters: readonly Filter[], event: NostrEvent): boolean {
  for (const filter of filters) if (matchFilter(filter, event)) return true;
  return false;
}

/** True when the store can answer the filter in SQL alone: every tag it asks about is an indexed one. */
export function isIndexable(filter: Filter): boolean {
  if (filter.tags === undefined) return true;
  for (const name of filter.tags.keys()) if (!isIndexedTagName(name)) return false;
  return true;
}
