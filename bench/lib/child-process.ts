import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

// A Node child (relay or echo server) the bench owns: its output is kept (a tail) for error messages, it is
// killed if the bench exits without stopping it, and stop() waits until it is gone.

const KEPT_BYTES = 16 * 1024;
const STOP_GRACE_MS = 10_000;

export interface BenchChild {
  readonly process: ChildProcess;
  /** The last 16 KiB of stdout and stderr, for messages. */
  output(): string;
  /** Called with each complete stdout line. */
  onLine(handler: (line: string) => void): void;
  exited(): boolean;
  /** SIGTERM, then SIGKILL after 10 s; resolves with the exit code (null when killed by a signal). */
  stop(): Promise<number | null>;
}

export function spawnNode(nodeArgs: readonly string[], env: NodeJS.ProcessEnv, cwd: string): BenchChild {
  // Node 24 runs .ts by type stripping; process.execPath is the Node running the bench (node_modules/.bin/node).
  const child = spawn(process.execPath, nodeArgs, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let partial = '';
  const lineHandlers: ((line: string) => void)[] = [];
  const keep = (chunk: string) => {
    output = (output + chunk).slice(-KEPT_BYTES);
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    keep(chunk);
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const handler of lineHandlers) handler(line);
  });
  child.stderr!.setEncoding('utf8').on('data', keep);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let exitCode: Promise<number | null> | undefined;
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    process: child,
    output: () => output,
    onLine: (handler) => lineHandlers.push(handler),
    exited: gone,
    stop: () => {
      exitCode ??= (async () => {
        process.off('exit', killOnExit);
        if (!gone()) {
          const exit = once(child, 'exit');
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
          await exit;
          clearTimeout(timer);
        }
        return child.exitCode;
      })();
      return exitCode;
    },
  };
}

/** Polls check every 100 ms until it returns true; fails with the child's output when it exits or time runs out. */
export async function waitUntil(
  what: string,
  child: BenchChild,
  timeoutMs: number,
  check: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exited())
      throw new Error(`${what}: the process exited (code ${child.process.exitCode}):\n${child.output()}`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: not ready within ${timeoutMs} ms:\n${child.output()}`);
}
