import type { SearchConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Counter, Histogram } from '../metrics/registry.ts';
import type { NostrEvent } from '../nostr/event.ts';

// Sends every dispatched event to a Typesense-compatible search index, as buzz does (snapshot 9ee5aee:
// buzz-relay/src/state.rs, the search index worker; buzz-search). Publishing never waits for it: a bounded queue is
// worked off one request at a time, a success is timed in buzz_search_index_seconds and every failure (the index
// unreachable, an error status, the queue full) counts once in buzz_search_index_errors_total.

/** buzz's channel between dispatch and the index worker holds 1000 events. */
const QUEUE_CAPACITY = 1000;
const REQUEST_TIMEOUT_MS = 5000;

export interface SearchIndexer {
  index(event: NostrEvent): void;
  /** Creates the collection if it is missing; a failure is logged and start-up goes on (search is optional). */
  ensureCollection(): Promise<void>;
  /** Stops taking events; resolves when the queue is worked off or after `deadlineMs`. */
  close(deadlineMs: number): Promise<void>;
}

export interface SearchIndexerOptions {
  readonly config: SearchConfig;
  readonly log: Logger;
  readonly errors: Counter;
  readonly seconds: Histogram;
}

export function createSearchIndexer({ config, log, errors, seconds }: SearchIndexerOptions): SearchIndexer {
  const queue: NostrEvent[] = [];
  let working: Promise<void> | undefined;
  let closed = false;
  const base = config.url.replace(/\/+$/, '');
  const headers = { 'content-type': 'application/json', 'x-typesense-api-key': config.apiKey };

  async function send(event: NostrEvent): Promise<void> {
    const started = performance.now();
    const document = {
      id: event.id,
      pubkey: event.pubkey,
      kind: event.kind,
      created_at: event.created_at,
      content: event.content,
    };
    try {
      const response = await fetch(`${base}/collections/${config.collection}/documents?action=upsert`, {
        method: 'POST',
        headers,
        body: JSON.stringify(document),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      seconds.observe((performance.now() - started) / 1000);
    } catch (error) {
      errors.inc();
      log.error({ event_id: event.id, err: (error as Error).message }, 'search index failed');
    }
  }

  async function work(): Promise<void> {
    for (let event = queue.shift(); event !== undefined; event = queue.shift()) await send(event);
    working = undefined;
  }

  return {
    index(event) {
      if (closed || queue.length >= QUEUE_CAPACITY) {
        errors.inc();
        return;
      }
      queue.push(event);
      working ??= work();
    },
    async ensureCollection() {
      try {
        const response = await fetch(`${base}/collections/${config.collection}`, {
          headers,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        await response.arrayBuffer();
      } catch (error) {
        log.error({ err: (error as Error).message }, 'search collection setup failed (non-fatal)');
      }
    },
    async close(deadlineMs) {
      closed = true;
      if (working === undefined) return;
      await Promise.race([working, new Promise((resolve) => setTimeout(resolve, deadlineMs).unref())]);
    },
  };
}
