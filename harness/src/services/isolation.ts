import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createBucket, deleteBucket, uniqueBucketName } from './s3-client.ts';
import type { ObjectStoreEndpoint } from './types.ts';

// Test files run in parallel against one Postgres, one Redis and one object store; each takes its own database, its
// own Redis db index and its own bucket so that no file can see another's data.

export interface IsolatedDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

export async function createIsolatedDatabase(adminUrl: string, label: string): Promise<IsolatedDatabase> {
  const name = `t_${label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * The Redis db index for this vitest worker. Files in one worker run one after another, so the pool id is a
 * unique index among files running at the same time. Pub/sub ignores db indexes, so a relay that wants the same
 * isolation for its channels must scope them itself (the reference relay names its channels by db index).
 */
export function redisUrlForWorker(redisUrl: string, env: NodeJS.ProcessEnv = process.env): string {
  const poolId = Number(env.VITEST_POOL_ID ?? '0');
  const url = new URL(redisUrl);
  url.pathname = `/${(poolId % 15) + 1}`;
  return url.toString();
}

export interface IsolatedBucket {
  readonly name: string;
  /** Empties and removes the bucket. */
  drop(): Promise<void>;
}

/** A bucket of its own for one relay cluster, so that no cluster sees another's media or git objects. */
export async function createIsolatedBucket(store: ObjectStoreEndpoint, label: string): Promise<IsolatedBucket> {
  const name = uniqueBucketName(label);
  await createBucket(store, name);
  return { name, drop: () => deleteBucket(store, name) };
}
