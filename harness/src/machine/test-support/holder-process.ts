import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const HOLDER = join(import.meta.dirname, 'hold-lock.ts');

/** Another process that takes a lock file (or leases port ranges in `path`), with its first line of output. */
export async function startHolder(
  kind: 'lock' | 'ports',
  path: string,
): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, [HOLDER, kind, path], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdout.setEncoding('utf8');
  const [chunk] = (await once(child.stdout, 'data')) as [string];
  return { child, line: chunk.trim() };
}
