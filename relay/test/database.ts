import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { inject } from 'vitest';

// Each test file gets its own Postgres database and its own Redis db index (the relay scopes its pub/sub
// channel names by that index), so files running side by side never see each other's data.

const MIGRATIONS_DIR = join(import.meta.dirname, '..', 'src', 'store', 'migrations');

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(use: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: inject('services').databaseUrl });
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.end();
  }
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `relay_${label
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase()
    .slice(0, 24)}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(inject('services').databaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin(async (admin) => {
        // A pool's end() resolves before its connections are gone; dropping WITH (FORCE) before then would kill
        // them mid-goodbye and surface as an uncaught client error in the test.
        for (let attempt = 0; attempt < 200; attempt++) {
          const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
            name,
          ]);
          if (rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}

export interface MigratedTestDatabase {
  readonly url: string;
  readonly pool: pg.Pool;
  /** Ends the pool and drops the database. */
  dispose(): Promise<void>;
}

/**
 * A database of its own with only the named files of relay/src/store/migrations applied, in the order given:
 * feature modules are tested against the tables they own and nothing else.
 */
export async function createMigratedTestDatabase(
  label: string,
  migrations: readonly string[],
): Promise<MigratedTestDatabase> {
  const database = await createTestDatabase(label);
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  for (const file of migrations) {
    await pool.query(await readFile(join(MIGRATIONS_DIR, file), 'utf8'));
  }
  return {
    url: database.url,
    pool,
    async dispose() {
      await pool.end();
      await database.drop();
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
