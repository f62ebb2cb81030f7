import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { runningInGroup } from './proc-tree.ts';

// Every relay runs as the leader of its own process group, so a wrapper (cargo run, a shell, docker run) and
// whatever it starts are signalled together. Groups still alive when the harness exits or is interrupted are
// killed synchronously from these hooks; containers are removed the same way.

const liveGroups = new Set<number>();
const liveContainers = new Set<string>();
let hooksInstalled = false;

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Signals a whole group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function killEverything(): void {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
  liveGroups.clear();
  if (liveContainers.size > 0) {
    try {
      execFileSync('docker', ['rm', '-f', ...liveContainers], { stdio: 'ignore', timeout: 20_000 });
    } catch {
      // without a docker CLI there is nothing more this process can do; the container has --rm
    }
    liveContainers.clear();
  }
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', killEverything);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killEverything();
      // re-raise so the process still ends the way the signal meant, once every once-listener has run
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

export function trackContainer(name: string): () => void {
  installHooks();
  liveContainers.add(name);
  return () => liveContainers.delete(name);
}

export interface GroupChild {
  readonly child: ChildProcess;
  /** Settles once the leader has exited, its output streams are closed and the rest of its group has died. */
  readonly exited: Promise<ExitStatus>;
  /** Settles if the program could not be started at all (ENOENT, EACCES…); never rejects. */
  readonly spawnFailed: Promise<Error>;
}

/** Starts `command` as a new process group leader with exactly `env`, tracked until it exits. */
export function spawnGroup(command: readonly string[], cwd: string, env: Record<string, string>): GroupChild {
  installHooks();
  const [program, ...args] = command;
  const child = spawn(program!, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pgid = child.pid;
  if (pgid !== undefined) liveGroups.add(pgid);
  const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve));
  child.once('exit', () => {
    if (pgid === undefined) return;
    // the leader is gone; anything it left in its group goes too (and releases the output pipes it may hold)
    signalGroup(pgid, 'SIGKILL');
    liveGroups.delete(pgid);
  });
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('close', (code, signal) => {
      const status = { code, signal };
      void (pgid === undefined ? Promise.resolve() : groupDied(pgid)).then(() => resolve(status));
    });
  });
  return { child, exited, spawnFailed };
}

const GROUP_DEATH_WAIT_MS = 2_000;

/**
 * A member killed with the group can still be running when the leader's streams close (its own pipes lead
 * elsewhere); callers are promised that an exited relay left nothing behind, so wait for it, within a bound.
 */
async function groupDied(pgid: number): Promise<void> {
  const deadline = Date.now() + GROUP_DEATH_WAIT_MS;
  while ((await runningInGroup(pgid)).length > 0 && Date.now() < deadline) await delay(10);
}
