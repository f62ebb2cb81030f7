import pg from 'pg';

export type { Pool } from 'pg';

export function createPool(databaseUrl: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, application_name: 'buzz-relay' });
  // An idle client that loses its server emits here; without a listener that would crash the process.
  pool.on('error', () => {});
  return pool;
}
