import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

// Tests only: a database of its own for one test file, from the admin URL vitest's globalSetup provides, with
// the named migrations of relay/src/store/migrations applied in the order given.

const MIGRATIONS_DIR = join(import.meta.dirname, '..', 'store', 'migrations');

export interface TestDatabase {
  readonly url: string;
  readonly pool: pg.Pool;
  /** Ends the pool and drops the database. */
  dispose(): Promise<void>;
}

export async function createTestDatabase(
  adminUrl: string,
  label: string,
  migrations: readonly string[],
): Promise<TestDatabase> {
  const name = `t_${label
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase()
    .slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  for (const file of migrations) {
    await pool.query(await readFile(join(MIGRATIONS_DIR, file), 'utf8'));
  }
  return {
    url: url.toString(),
    pool,
    async dispose() {
      await pool.end();
      await withAdmin(adminUrl, async (admin) => {
        // pool.end() resolves before its connections are gone; dropping with FORCE before then would kill them
        // mid-goodbye and surface as an uncaught client error.
        for (let attempt = 0; attempt < 200; attempt++) {
          const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
            name,
          ]);
          if (rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    },
  };
}

async function withAdmin(adminUrl: string, use: (admin: pg.Client) => Promise<unknown>): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await use(admin);
  } finally {
    await admin.end();
  }
}
