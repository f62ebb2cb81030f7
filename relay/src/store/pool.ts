import pg from 'pg';

export type { Pool } from 'pg';

export interface PoolStats {
  readonly size: number;
  readonly idle: number;
  readonly active: number;
  readonly max: number;
  readonly waiting: number;
}

export function createPool(databaseUrl: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, application_name: 'buzz-relay' });
  // An idle client that loses its server emits here; without a listener that would crash the process.
  pool.on('error', () => {});
  return pool;
}

export function poolStats(pool: pg.Pool, max: number): PoolStats {
  const size = pool.totalCount;
  const idle = pool.idleCount;
  return { size, idle, active: Math.max(0, size - idle), max, waiting: pool.waitingCount };
}
