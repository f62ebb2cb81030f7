import { Redis } from 'ioredis';
import pg from 'pg';
import { s3Request } from './s3-client.ts';
import { type ObjectStoreEndpoint, ServicesError } from './types.ts';

const POLL_MS = 100;

async function poll(
  what: string,
  timeoutMs: number,
  attempt: () => Promise<void>,
  exited: () => boolean,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (exited()) throw new ServicesError(`${what} exited during start-up:\n${output()}`);
    try {
      await attempt();
      return;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new ServicesError(`${what} did not accept connections within ${timeoutMs} ms (${lastError}):\n${output()}`);
}

export function waitForPostgres(url: string, timeoutMs: number, exited: () => boolean, output: () => string) {
  return poll(
    `Postgres at ${url}`,
    timeoutMs,
    async () => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
      } finally {
        await client.end().catch(() => {});
      }
    },
    exited,
    output,
  );
}

export function waitForRedis(url: string, timeoutMs: number, exited: () => boolean, output: () => string) {
  return poll(
    `Redis at ${url}`,
    timeoutMs,
    async () => {
      const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      // connect() rejects with the same error; the event would otherwise be reported as unhandled.
      client.on('error', () => {});
      try {
        await client.connect();
        await client.ping();
      } finally {
        client.disconnect();
      }
    },
    exited,
    output,
  );
}

/** Ready once a signed ListBuckets answers 200: the server is up and takes these credentials. */
export function waitForObjectStore(
  store: ObjectStoreEndpoint,
  timeoutMs: number,
  exited: () => boolean,
  output: () => string,
) {
  return poll(
    `the object store at ${store.url}`,
    timeoutMs,
    async () => {
      const response = await s3Request(store, 'GET', '/', { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.status !== 200) throw new Error(`ListBuckets answered HTTP ${response.status}`);
    },
    exited,
    output,
  );
}
