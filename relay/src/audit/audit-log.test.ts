import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '../../test/database.ts';
import { MetricsRegistry } from '../metrics/registry.ts';
import { startAuditLog } from './audit-log.ts';

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

function capturingLogger() {
  const lines: LogLine[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  return { log, lines };
}

const WARN = 40;
const ERROR = 50;

let db: MigratedTestDatabase;
let unmigrated: MigratedTestDatabase;

beforeAll(async () => {
  db = await createMigratedTestDatabase('audit', ['002-audit.sql']);
  // A database without the audit table: every audit write fails there.
  unmigrated = await createMigratedTestDatabase('audit_missing', []);
});

afterAll(async () => {
  await db?.dispose();
  await unmigrated?.dispose();
});

async function rowsFor(
  action: string,
): Promise<Array<{ action: string; pubkey: string | null; conn_id: string | null; detail: unknown }>> {
  const { rows } = await db.pool.query('SELECT action, pubkey, conn_id, detail FROM audit_log WHERE action = $1', [
    action,
  ]);
  return rows;
}

const familyNames = (body: string): string[] =>
  body
    .split('\n')
    .filter((line) => line.startsWith('# TYPE '))
    .map((line) => line.slice('# TYPE '.length));

describe('audit log', () => {
  it('§2.3 buzz_audit_log_seconds observes each successful write, and nothing appears before one', async () => {
    const metrics = new MetricsRegistry();
    const { log } = capturingLogger();
    const audit = startAuditLog({ pool: db.pool, metrics, log });
    expect(metrics.render()).toBe('');

    const action = `test.write.${randomBytes(4).toString('hex')}`;
    audit.record({ action, pubkey: 'a'.repeat(64), connId: 'conn-1', detail: { n: 1 } });
    await audit.drain(5000);

    expect(await rowsFor(action)).toEqual([{ action, pubkey: 'a'.repeat(64), conn_id: 'conn-1', detail: { n: 1 } }]);
    const body = metrics.render();
    expect(familyNames(body)).toEqual(['buzz_audit_log_seconds histogram']);
    expect(body).toContain('buzz_audit_log_seconds_bucket{le="+Inf"} 1\n');
    expect(body).toContain('buzz_audit_log_seconds_count 1\n');
  });

  it('§2.3 buzz_audit_log_errors_total counts a write that fails, with a log line, and observes no latency', async () => {
    const metrics = new MetricsRegistry();
    const { log, lines } = capturingLogger();
    const audit = startAuditLog({ pool: unmigrated.pool, metrics, log });

    audit.record({ action: 'test.fails' });
    await audit.drain(5000);

    expect(metrics.render()).toBe('# TYPE buzz_audit_log_errors_total counter\nbuzz_audit_log_errors_total 1\n\n');
    expect(lines.filter((line) => line.level === ERROR).map((line) => [line.msg, line.action])).toEqual([
      ['audit write failed; entry lost', 'test.fails'],
    ]);
  });

  it('§2.3 buzz_audit_send_errors_total counts a record after the queue was drained', async () => {
    const metrics = new MetricsRegistry();
    const { log, lines } = capturingLogger();
    const audit = startAuditLog({ pool: db.pool, metrics, log });
    await audit.drain(5000);

    const action = `test.late.${randomBytes(4).toString('hex')}`;
    audit.record({ action });

    expect(metrics.render()).toBe('# TYPE buzz_audit_send_errors_total counter\nbuzz_audit_send_errors_total 1\n\n');
    expect(lines.filter((line) => line.level === ERROR).map((line) => line.msg)).toEqual([
      'audit queue closed; entry lost',
    ]);
    expect(await rowsFor(action)).toEqual([]);
  });

  it('§1 drain writes every entry queued before it, in order', async () => {
    const metrics = new MetricsRegistry();
    const { log } = capturingLogger();
    const audit = startAuditLog({ pool: db.pool, metrics, log });
    const action = `test.drain.${randomBytes(4).toString('hex')}`;

    for (let i = 0; i < 50; i++) audit.record({ action, detail: { i } });
    await audit.drain(5000);

    const { rows } = await db.pool.query<{ i: number }>(
      "SELECT (detail->>'i')::int AS i FROM audit_log WHERE action = $1 ORDER BY id",
      [action],
    );
    expect(rows.map((row) => row.i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(metrics.render()).toContain('buzz_audit_log_seconds_count 50\n');
  });

  it('§2.3 a full queue drops entries with one warning, counting no error', async () => {
    const metrics = new MetricsRegistry();
    const { log, lines } = capturingLogger();
    const audit = startAuditLog({ pool: db.pool, metrics, log, capacity: 2 });
    const action = `test.full.${randomBytes(4).toString('hex')}`;

    // Synchronous records: the worker cannot take an entry before all five are offered.
    for (let i = 0; i < 5; i++) audit.record({ action, detail: { i } });
    await audit.drain(5000);

    expect(await rowsFor(action)).toHaveLength(2);
    expect(lines.filter((line) => line.level === WARN).map((line) => line.msg)).toEqual([
      'audit queue full; dropping entries until the writer catches up',
    ]);
    expect(familyNames(metrics.render())).toEqual(['buzz_audit_log_seconds histogram']);
  });

  it('§1 drain resolves at its bound while a write is stuck, and drops what is still queued', async () => {
    const metrics = new MetricsRegistry();
    const { log, lines } = capturingLogger();
    const audit = startAuditLog({ pool: db.pool, metrics, log });
    const action = `test.stuck.${randomBytes(4).toString('hex')}`;

    // Another session holds the table, so the worker's first insert waits until this transaction ends.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE');
      for (let i = 0; i < 3; i++) audit.record({ action, detail: { i } });

      await audit.drain(200);

      expect(lines.filter((line) => line.level === WARN).map((line) => [line.msg, line.lost])).toEqual([
        ['audit queue did not drain in time; remaining entries lost', 2],
      ]);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    // The insert that was already waiting completes; nothing after it is written.
    for (let attempt = 0; attempt < 500 && !metrics.render().includes('_count 1\n'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await rowsFor(action)).toHaveLength(1);
    expect(metrics.render()).toContain('buzz_audit_log_seconds_count 1\n');
  });
});
