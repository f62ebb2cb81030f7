import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { MetricsRegistry } from '../metrics/registry.ts';

// The audit trail: callers hand entries to a bounded in-memory queue and move on; one worker writes them to
// Postgres one at a time (CONTRACT §2.3: buzz_audit_log_seconds, buzz_audit_log_errors_total,
// buzz_audit_send_errors_total; §1: drained on shutdown within a bound).

export interface AuditEntry {
  readonly action: string;
  readonly pubkey?: string;
  readonly connId?: string;
  readonly detail?: Record<string, unknown>;
}

export interface AuditLog {
  /** Enqueues an entry; never blocks and never throws. */
  record(entry: AuditEntry): void;
  /**
   * Closes the queue (later records count as send errors) and resolves once every queued entry is written,
   * or once `timeoutMs` has passed, whichever comes first. Entries still queued at the deadline are dropped.
   */
  drain(timeoutMs: number): Promise<void>;
}

export interface AuditLogOptions {
  readonly pool: pg.Pool;
  readonly metrics: MetricsRegistry;
  readonly log: Logger;
  /** Queued entries at most; buzz's channel holds 1000. */
  readonly capacity?: number;
}

interface QueuedEntry {
  readonly occurredAt: Date;
  readonly entry: AuditEntry;
}

const DEFAULT_CAPACITY = 1000;
const INSERT_SQL =
  'INSERT INTO audit_log (occurred_at, action, pubkey, conn_id, detail) VALUES ($1, $2, $3, $4, $5::jsonb)';

export function startAuditLog({ pool, metrics, log, capacity = DEFAULT_CAPACITY }: AuditLogOptions): AuditLog {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new Error(`audit log capacity must be a positive integer, got ${String(capacity)}`);
  }
  const written = metrics.histogram('buzz_audit_log_seconds');
  const writeErrors = metrics.counter('buzz_audit_log_errors_total');
  const sendErrors = metrics.counter('buzz_audit_send_errors_total');

  const queue: QueuedEntry[] = [];
  let closed = false;
  let abandoned = false;
  let droppedSinceLastWarning = 0;
  let wakeWorker: (() => void) | undefined;

  async function write({ occurredAt, entry }: QueuedEntry): Promise<void> {
    const started = performance.now();
    try {
      await pool.query(INSERT_SQL, [
        occurredAt,
        entry.action,
        entry.pubkey ?? null,
        entry.connId ?? null,
        JSON.stringify(entry.detail ?? {}),
      ]);
      written.observe((performance.now() - started) / 1000);
    } catch (error) {
      // Like buzz: no retry and no dead letter; the failure is counted and logged with what was lost.
      writeErrors.inc();
      log.error({ err: error, action: entry.action, pubkey: entry.pubkey }, 'audit write failed; entry lost');
    }
  }

  async function work(): Promise<void> {
    for (;;) {
      const next = abandoned ? undefined : queue.shift();
      if (next !== undefined) {
        await write(next);
        continue;
      }
      if (closed) return;
      await new Promise<void>((resolve) => {
        wakeWorker = resolve;
      });
      wakeWorker = undefined;
    }
  }

  const worker = work();

  function record(entry: AuditEntry): void {
    if (closed) {
      sendErrors.inc();
      log.error({ action: entry.action, pubkey: entry.pubkey }, 'audit queue closed; entry lost');
      return;
    }
    if (queue.length >= capacity) {
      // buzz awaits a bounded tokio mpsc `send`, so a full queue slows the sender down instead of losing the entry.
      // record() must not block its caller (an event or upload handler), and waiting callers would only move the
      // unbounded memory from this queue to their own stacks, so a full queue drops the entry. The warning is
      // logged once per burst, with its size once the queue has room again, so an outage cannot flood the log.
      if (droppedSinceLastWarning === 0) {
        log.warn({ capacity, action: entry.action }, 'audit queue full; dropping entries until the writer catches up');
      }
      droppedSinceLastWarning++;
      return;
    }
    if (droppedSinceLastWarning > 0) {
      log.warn({ dropped: droppedSinceLastWarning }, 'audit queue has room again; entries were dropped while full');
      droppedSinceLastWarning = 0;
    }
    queue.push({ occurredAt: new Date(), entry });
    wakeWorker?.();
  }

  let draining: Promise<void> | undefined;

  function drain(timeoutMs: number): Promise<void> {
    if (draining !== undefined) return draining;
    closed = true;
    wakeWorker?.();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, timeoutMs));
      timer.unref();
    });
    draining = Promise.race([worker.then(() => 'drained' as const), deadline]).then((outcome) => {
      clearTimeout(timer);
      if (outcome === 'timeout') {
        abandoned = true;
        log.warn({ timeoutMs, lost: queue.length }, 'audit queue did not drain in time; remaining entries lost');
        queue.length = 0;
      }
    });
    return draining;
  }

  return { record, drain };
}
