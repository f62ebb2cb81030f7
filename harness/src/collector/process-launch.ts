import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { guardProcess } from '../services/emergency-cleanup.ts';
import type { RunningCollector } from './launch.ts';

const COLLECTOR_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(COLLECTOR_DIR, '..', '..', '..');
/** main.ts in a checkout, main.js in the installed package (compiled, because Node strips no types there). */
const MAIN = join(COLLECTOR_DIR, `main${extname(fileURLToPath(import.meta.url))}`);
const STDERR_KEPT_BYTES = 16 * 1024;
const STOP_GRACE_MS = 5_000;

interface ReadyLine {
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly queryPort: number;
}

/** main.ts runs by type stripping, which needs Node 22 or later; the repository pins Node 24 as a dev dependency. */
export function nodeBinary(): string {
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 22 ? process.execPath : join(REPO_ROOT, 'node_modules', '.bin', 'node');
}

export async function startCollectorProcess(readyTimeoutMs: number): Promise<RunningCollector> {
  const child = spawn(
    nodeBinary(),
    [MAIN, '--host', '127.0.0.1', '--grpc-port', '0', '--http-port', '0', '--query-port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT_BYTES);
  });
  // A test runner that exits or is signalled (a worker a timed-out run terminates) without calling stop() must not
  // leave the collector behind.
  const unguard = child.pid === undefined ? () => {} : guardProcess(child.pid);
  // once it has exited its pid is free for the kernel to reuse: never signal it then
  child.once('exit', unguard);

  let ready: ReadyLine;
  try {
    ready = await readyLine(child, readyTimeoutMs, () => stderr);
  } catch (error) {
    unguard();
    await terminate(child);
    throw error;
  }

  return {
    grpcEndpoint: `http://127.0.0.1:${ready.grpcPort}`,
    httpEndpoint: `http://127.0.0.1:${ready.httpPort}`,
    queryUrl: `http://127.0.0.1:${ready.queryPort}`,
    mode: 'process',
    stop: async () => {
      unguard();
      await terminate(child);
    },
  };
}

function readyLine(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<ReadyLine> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
      lines.off('line', onLine);
      // Keep draining stdout so the child never blocks on a full pipe.
      lines.on('line', () => {});
      outcome();
    };
    const failure = (what: string) =>
      new Error(`fake OTLP collector (${MAIN}) ${what}; its stderr:\n${stderr() || '(empty)'}`);
    const onLine = (line: string) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        return;
      }
      if (isReadyLine(parsed)) settle(() => resolve(parsed));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      settle(() => reject(failure(`exited before it was ready (code ${code}, signal ${signal})`)));
    const onError = (error: Error) => settle(() => reject(failure(`could not be started: ${error.message}`)));
    const timer = setTimeout(
      () => settle(() => reject(failure(`printed no ready line within ${timeoutMs} ms`))),
      timeoutMs,
    );
    lines.on('line', onLine);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

function isReadyLine(value: unknown): value is ReadyLine {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Record<string, unknown>;
  return (
    line.event === 'ready' &&
    typeof line.grpcPort === 'number' &&
    typeof line.httpPort === 'number' &&
    typeof line.queryPort === 'number'
  );
}

/** SIGTERM, then SIGKILL if the collector has not exited within the grace period. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
