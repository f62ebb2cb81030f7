import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { loadSuiteAdapter } from '../../src/relay-under-test/index.ts';
import { redisUrlForWorker } from '../../src/services/isolation.ts';
import { startOwnRedisServer } from './redis-server-lease.ts';

// Relays that share a Redis pub/sub namespace are one cluster: each counts the others' events as fan-in
// (buzz_multinode_fanout_total) and delivers them to its subscribers. A test file that runs several scenarios at
// once therefore gives each cluster a Redis of its own, in one of three ways:
// - the adapter says the relay names its channels by db index (redisPubSub "per-db-index", like the reference
//   relay): a db index of the suite's Redis. Leases are keys in db 0, which no relay is given, set only if absent
//   and expiring on their own if a run dies. The suite's own Redis has 64 databases: leases come from 16 upwards,
//   clear of the per-worker indexes 1-15 (redisUrlForWorker, and the relay's own tests). On an external Redis with
//   the default 16 they are taken from 15 downwards, away from the per-worker defaults (2, 3, …);
// - otherwise (redisPubSub "shared") pub/sub crosses db indexes, so each cluster gets a Redis server started for it
//   (a container or a child process, like the run's services);
// - or, when the only Redis is an external one, clusters take turns on it.

const WORKER_INDEXES = 15;
const LEASE_TTL_MS = 10 * 60_000;
const leaseKey = (index: number) => `buzz-compat:redis-db-lease:${index}`;
const SOLE_SERVER_KEY = 'buzz-compat:redis-server-lease';
/** The db index clusters taking turns on an external Redis use; the per-worker defaults start at 2. */
const SOLE_SERVER_INDEX = 1;
const POLL_MS = 100;
const RELEASE_IF_OURS = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

export interface RedisDbLease {
  /** REDIS_URL for the relays of one cluster. */
  readonly url: string;
  readonly index: number;
  release(): Promise<void>;
}

/** A Redis for one cluster that no other cluster hears, emptied first so nothing of an earlier run is left in it. */
export async function leaseRedisDb(holder: string): Promise<RedisDbLease> {
  const services = inject('services');
  const adapter = await loadSuiteAdapter();
  if (adapter.redisPubSub === 'per-db-index') return leaseDbIndex(holder, services.redisUrl);
  if (services.mode === 'external') return leaseSoleServer(holder, services.redisUrl);
  const server = await startOwnRedisServer(services.mode);
  return { url: withIndex(server.url, 0), index: 0, release: () => server.stop() };
}

async function leaseDbIndex(holder: string, adminUrl: string): Promise<RedisDbLease> {
  const workerIndex = indexOf(redisUrlForWorker(adminUrl));
  const token = tokenFor(holder);
  const admin = new Redis(withIndex(adminUrl, 0), { maxRetriesPerRequest: 2 });
  let highest = WORKER_INDEXES;
  try {
    const databases = Number(((await admin.config('GET', 'databases')) as string[])[1]);
    highest = Number.isInteger(databases) && databases > 0 ? databases - 1 : WORKER_INDEXES;
    const lowest = highest > WORKER_INDEXES ? WORKER_INDEXES + 1 : 1;
    for (let index = highest; index >= lowest; index -= 1) {
      if (index === workerIndex) continue;
      if ((await admin.set(leaseKey(index), token, 'PX', LEASE_TTL_MS, 'NX')) !== 'OK') continue;
      const url = withIndex(adminUrl, index);
      await flush(url);
      return { url, index, release: () => releaseKey(adminUrl, leaseKey(index), token) };
    }
  } finally {
    admin.disconnect();
  }
  throw new Error(
    `${holder}: no free Redis db index (up to ${highest}, except this worker's ${workerIndex}) is left to lease; ` +
      'too many scenario clusters run at once: run fewer test files in parallel (vitest --maxWorkers)',
  );
}

/**
 * The external Redis whole, for one cluster at a time: a relay that shares pub/sub across db indexes would hear
 * any other cluster on it. Waits its turn, polling, for up to `timeoutMs`.
 */
export async function leaseSoleServer(
  holder: string,
  adminUrl: string,
  timeoutMs: number = LEASE_TTL_MS,
): Promise<RedisDbLease> {
  const token = tokenFor(holder);
  const admin = new Redis(withIndex(adminUrl, 0), { maxRetriesPerRequest: 2 });
  const deadline = Date.now() + timeoutMs;
  let current: string | null = null;
  try {
    for (;;) {
      if ((await admin.set(SOLE_SERVER_KEY, token, 'PX', LEASE_TTL_MS, 'NX')) === 'OK') {
        const url = withIndex(adminUrl, SOLE_SERVER_INDEX);
        await flush(url);
        return { url, index: SOLE_SERVER_INDEX, release: () => releaseKey(adminUrl, SOLE_SERVER_KEY, token) };
      }
      current = await admin.get(SOLE_SERVER_KEY);
      if (Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    admin.disconnect();
  }
  throw new Error(
    `${holder}: waited ${timeoutMs} ms for its turn on the external Redis (held by ${current ?? 'nobody by now'}). ` +
      'The relay under test shares pub/sub channels across db indexes (adapter redisPubSub "shared"), so on one ' +
      'Redis server its clusters run one at a time. Run with containers or local services ' +
      '(BUZZ_COMPAT_SERVICES=containers or local), which give each cluster a server of its own, or run fewer test ' +
      'files in parallel (vitest --maxWorkers=1).',
  );
}

function tokenFor(holder: string): string {
  return `${holder} pid=${process.pid} ${randomUUID()}`;
}

async function releaseKey(adminUrl: string, key: string, token: string): Promise<void> {
  const client = new Redis(withIndex(adminUrl, 0), { maxRetriesPerRequest: 2 });
  try {
    await client.eval(RELEASE_IF_OURS, 1, key, token);
  } finally {
    client.disconnect();
  }
}

async function flush(url: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    await client.flushdb();
  } finally {
    client.disconnect();
  }
}

function withIndex(redisUrl: string, index: number): string {
  const url = new URL(redisUrl);
  url.pathname = `/${index}`;
  return url.toString();
}

function indexOf(redisUrl: string): number {
  return Number(new URL(redisUrl).pathname.slice(1));
}
