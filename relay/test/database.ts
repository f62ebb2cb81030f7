import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { inject } from 'vitest';

// Each test file gets its own Postgres database and its own Redis db index (the relay scopes its pub/sub
// channel names by that index), so files running side by side never see each other's data.

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const adminUrl = inject('services').databaseUrl;
  const name = `relay_${label
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase()
    .slice(0, 24)}_${randomBytes(4).toString('hex')}`;
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

/** This worker's Redis db index (files in one worker run one after another), emptied for this file. */
export async function createTestRedis(): Promise<string> {
  const url = new URL(inject('services').redisUrl);
  url.pathname = `/${(Number(process.env.VITEST_POOL_ID ?? '1') % 15) + 1}`;
  const client = new Redis(url.toString());
  try {
    await client.flushdb();
  } finally {
    client.disconnect();
  }
  return url.toString();
}
