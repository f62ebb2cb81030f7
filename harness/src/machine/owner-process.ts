import { readFileSync } from 'node:fs';

// Who holds a machine-wide resource (a lock file, a container): a pid plus the process's start time, because pids
// are reused and a bare pid that is alive again may belong to some unrelated process.

export interface OwnerProcess {
  readonly pid: number;
  /** Clock ticks since boot when the process started (/proc/<pid>/stat field 22); null where /proc is missing. */
  readonly startTicks: string | null;
}

function startTicksOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may hold spaces and parentheses) start at field 3, the state
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export function thisProcess(): OwnerProcess {
  return { pid: process.pid, startTicks: startTicksOf(process.pid) };
}

/** `<pid>` or `<pid>.<startTicks>`: safe in a Docker label value and a file's first line. */
export function formatOwner(owner: OwnerProcess): string {
  return owner.startTicks === null ? String(owner.pid) : `${owner.pid}.${owner.startTicks}`;
}

export function parseOwner(text: string): OwnerProcess | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) return null;
  return { pid: Number(match[1]), startTicks: match[2] ?? null };
}

/** False once the process is gone, or its pid now belongs to a process that started at another time. */
export function ownerAlive(owner: OwnerProcess): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (owner.startTicks === null) return true;
  const now = startTicksOf(owner.pid);
  return now === null || now === owner.startTicks;
}
