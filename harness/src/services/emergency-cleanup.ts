import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

// Teardown normally runs through StartedServices.stop(). When the run is interrupted (Ctrl-C, SIGTERM) or the
// process exits without reaching teardown, these synchronous hooks still remove what the run started, because
// with Ryuk disabled nothing else would. Containers are found by their owner label rather than by id, so one
// still being created when the signal arrives is removed too.

const pids = new Set<number>();
const containerLabels = new Set<string>();
const directories = new Set<string>();
let installed = false;

function killEverything(): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  pids.clear();
  for (const label of containerLabels) {
    try {
      const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=${label}`], {
        encoding: 'utf8',
        timeout: 10_000,
      })
        .split('\n')
        .filter(Boolean);
      if (ids.length > 0) execFileSync('docker', ['rm', '-f', '-v', ...ids], { stdio: 'ignore', timeout: 20_000 });
      // A container whose creation was in flight when we were interrupted appears only after this point; a
      // detached sweeper outlives us long enough to remove it too.
      spawn(
        'sh',
        [
          '-c',
          `sleep 3; ids=$(docker ps -aq --filter "label=$1"); [ -z "$ids" ] || docker rm -f -v $ids`,
          'sweep',
          label,
        ],
        {
          detached: true,
          stdio: 'ignore',
        },
      ).unref();
    } catch {
      // no docker CLI (engine reached over the API only): the next run's stale sweep removes them
    }
  }
  containerLabels.clear();
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  directories.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  // Prepended: vitest's own handlers call process.exit() from inside 'exit' and signal listeners, which ends
  // the process before any listener registered after theirs runs.
  process.prependOnceListener('exit', killEverything);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.prependOnceListener(signal, () => {
      killEverything();
      process.kill(process.pid, signal);
    });
  }
}

export function guardProcess(pid: number): () => void {
  install();
  pids.add(pid);
  return () => pids.delete(pid);
}

/** `label` is a `key=value` filter that matches exactly the containers this process owns. */
export function guardContainersLabelled(label: string): () => void {
  install();
  containerLabels.add(label);
  return () => containerLabels.delete(label);
}

export function guardDirectory(path: string): () => void {
  install();
  directories.add(path);
  return () => directories.delete(path);
}
