import type { Counter } from '../metrics/registry.ts';

/**
 * A read-through cache with a fixed time to live and hit/miss counters. A value read from the source while an
 * invalidation happened is returned but not kept, so an invalidation can never be undone by a slow read.
 */
export class TtlCache<V> {
  readonly #ttlMs: number;
  readonly #hits: Counter;
  readonly #misses: Counter;
  readonly #now: () => number;
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  #generation = 0;

  constructor(ttlMs: number, hits: Counter, misses: Counter, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#hits = hits;
    this.#misses = misses;
    this.#now = now;
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt > this.#now()) {
      this.#hits.inc();
      return entry.value;
    }
    this.#misses.inc();
    const generation = this.#generation;
    const value = await load();
    if (generation === this.#generation) this.#entries.set(key, { value, expiresAt: this.#now() + this.#ttlMs });
    return value;
  }

  delete(key: string): void {
    this.#generation++;
    this.#entries.delete(key);
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }
}
