import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { redisUrlForWorker } from '../../src/services/isolation.ts';

// Relays that share a Redis pub/sub namespace are one cluster: each counts the others' events as fan-in
// (buzz_multinode_fanout_total) and delivers them to its subscribers. A test file that runs several scenarios at
// once therefore gives each its own db index of the shared Redis (the reference relay names its channels by the
// index). Leases are keys in db 0, which no relay is given, set only if absent and expiring on their own if a
// run dies. The suite's own Redis has 64 databases: leases come from 16 upwards of that, clear of the per-worker
// indexes 1-15 (redisUrlForWorker, and the relay's own tests). On an external Redis with the default 16 they are
// taken from 15 downwards, away from the per-worker defaults (2, 3, …).

const WORKER_INDEXES = 15;
const LEASE_TTL_MS = 10 * 60_000;
const leaseKey = (index: number) => `buzz-compat:redis-db-lease:${index}`;
const RELEASE_IF_OURS = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

export interface RedisDbLease {
  /** REDIS_URL for the relays of one cluster. */
  readonly url: string;
  readonly index: number;
  release(): Promise<void>;
}

/** A db index of the suite's Redis for one cluster, emptied first so nothing of an earlier run is left in it. */
export async function leaseRedisDb(holder: string): Promise<RedisDbLease> {
  const adminUrl = inject('services').redisUrl;
  const workerIndex = indexOf(redisUrlForWorker(adminUrl));
  const token = `${holder} pid=${process.pid} ${randomUUID()}`;
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
      return {
        url,
        index,
        release: async () => {
          const client = new Redis(withIndex(adminUrl, 0), { maxRetriesPerRequest: 2 });
          try {
            await client.eval(RELEASE_IF_OURS, 1, leaseKey(index), token);
          } finally {
            client.disconnect();
          }
        },
      };
    }
  } finally {
    admin.disconnect();
  }
  throw new Error(
    `${holder}: no free Redis db index (up to ${highest}, except this worker's ${workerIndex}) is left to lease; ` +
      'too many scenario clusters run at once: run fewer test files in parallel (vitest --maxWorkers)',
  );
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
