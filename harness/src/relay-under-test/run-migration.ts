import { setTimeout as delay } from 'node:timers/promises';
import { RelayLaunchError } from './adapter-error.ts';
import type { RelayAdapter } from './adapter-types.ts';
import { LogRing } from './log-ring.ts';
import { signalGroup, spawnGroup } from './process-group.ts';

// One run per migration command and database: later launches against the same database wait for the first one.
const migrations = new Map<string, Promise<void>>();

export function migrateOnce(adapter: RelayAdapter, databaseUrl: string, env: Record<string, string>): Promise<void> {
  if (adapter.migrate === null) return Promise.resolve();
  const key = JSON.stringify([adapter.cwd, adapter.migrate.command, databaseUrl]);
  let pending = migrations.get(key);
  if (pending === undefined) {
    pending = runMigration(adapter, env);
    migrations.set(key, pending);
    // a failed migration is reported to every waiter, and the next launch tries again
    pending.catch(() => migrations.delete(key));
  }
  return pending;
}

async function runMigration(adapter: RelayAdapter, env: Record<string, string>): Promise<void> {
  const step = adapter.migrate!;
  const output = new LogRing(200);
  const { child, exited, spawnFailed } = spawnGroup(step.command, adapter.cwd, env);
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => output.push('stdout', chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => output.push('stderr', chunk));
  const where = `adapter ${adapter.file}, field migrate.command`;
  const timer = new AbortController();
  const outcome = await Promise.race([
    exited.then((status) => ({ status })),
    spawnFailed.then((error) => ({ error })),
    delay(step.timeoutMs, 'timeout' as const, { signal: timer.signal }).catch(() => 'cancelled' as const),
  ]);
  timer.abort();
  if (outcome === 'timeout' || outcome === 'cancelled') {
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    await exited;
    output.end();
    throw new RelayLaunchError(
      `migration did not finish within ${step.timeoutMs} ms and was killed (${where}); last output:\n${output.tail(30)}`,
    );
  }
  if ('error' in outcome) {
    throw new RelayLaunchError(
      `cannot start the migration ${JSON.stringify(step.command[0])}: ${outcome.error.message} (${where})`,
    );
  }
  output.end();
  if (outcome.status.code !== 0) {
    const how = outcome.status.signal ?? `exit code ${outcome.status.code}`;
    throw new RelayLaunchError(`migration failed with ${how} (${where}); last output:\n${output.tail(30)}`);
  }
}
