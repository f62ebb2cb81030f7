import pg from 'pg';
import { createIsolatedDatabase, type IsolatedDatabase } from '../../harness/src/services/isolation.ts';
import { startServices } from '../../harness/src/services/start-services.ts';
import type { ServicesMode } from '../../harness/src/services/types.ts';

// Postgres and Redis for a bench run, from the suite's own service starter (BUZZ_COMPAT_SERVICES chooses
// external, containers or local, exactly as for the tests). Each relay run gets a fresh database so that no run
// pays for the rows and index pages an earlier one left.

export interface BenchServices {
  readonly mode: ServicesMode;
  readonly redisUrl: string;
  freshDatabase(label: string): Promise<IsolatedDatabase>;
  stop(): Promise<void>;
}

export async function startBenchServices(): Promise<BenchServices> {
  const started = await startServices(process.env);
  const databases: IsolatedDatabase[] = [];
  return {
    mode: started.endpoints.mode,
    redisUrl: started.endpoints.redisUrl,
    async freshDatabase(label) {
      const database = await createIsolatedDatabase(started.endpoints.databaseUrl, `bench_${label}`);
      databases.push(database);
      return database;
    },
    async stop() {
      for (const database of databases.splice(0)) await database.drop().catch(() => {});
      await started.stop();
    },
  };
}

/** How many of these event ids the relay's database holds (read straight from its `events` table). */
export async function countStored(databaseUrl: string, ids: readonly string[]): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE id = ANY($1::text[])', [
      ids,
    ]);
    return Number(result.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}
