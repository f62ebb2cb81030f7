import { readdirSync, readFileSync } from 'node:fs';

// CPU time over a run, from Linux's /proc: the bench process itself (the generator), the target process (all its
// threads), everything the bench started (target, local Postgres and its backends, Redis, collector), and the whole
// machine. On two cores these say who the bottleneck is, and "foreign" (machine minus our process tree) says how
// much other work on the machine took from the run: a figure taken with foreign CPU is not the relay's alone.

const TICK_MS = 10; // USER_HZ is 100 on every Linux ABI Node supports.

export interface CpuSnapshot {
  readonly at: number;
  readonly benchMs: number;
  readonly targetMs: number | undefined;
  /** The bench process and all its descendants. */
  readonly treeMs: number | undefined;
  readonly machineBusyMs: number | undefined;
  readonly machineTotalMs: number | undefined;
}

export interface CpuShares {
  /** Cores' worth of CPU (1 = one core fully busy) over the interval. */
  readonly bench: number;
  readonly target: number | undefined;
  /** Cores' worth taken by processes the bench did not start (Docker containers count here). */
  readonly foreign: number | undefined;
  /** 0..1 of all cores. */
  readonly machineBusy: number | undefined;
}

interface ProcStat {
  readonly parent: number;
  readonly ms: number;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    // Fields after the parenthesised command name: ppid is the 2nd, utime and stime the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { parent: Number(fields[1]), ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return undefined;
  }
}

/** CPU of root and every live descendant (children that already exited are not counted). */
function treeMs(root: number): number | undefined {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return undefined;
  }
  const stats = new Map<number, ProcStat>();
  for (const pid of pids) {
    const stat = procStat(pid);
    if (stat !== undefined) stats.set(pid, stat);
  }
  const inTree = (pid: number): boolean => {
    for (let current = pid, hops = 0; current > 1 && hops < 64; hops++) {
      if (current === root) return true;
      current = stats.get(current)?.parent ?? 0;
    }
    return false;
  };
  let total = 0;
  for (const [pid, stat] of stats) if (inTree(pid)) total += stat.ms;
  return total;
}

function machineMs(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((sum, value) => sum + value, 0);
    const idle = ticks[3]! + ticks[4]!;
    return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
  } catch {
    return undefined;
  }
}

export function cpuSnapshot(targetPid: number | undefined): CpuSnapshot {
  const usage = process.cpuUsage();
  const machine = machineMs();
  return {
    at: performance.now(),
    benchMs: (usage.user + usage.system) / 1000,
    targetMs: targetPid === undefined ? undefined : procStat(targetPid)?.ms,
    treeMs: treeMs(process.pid),
    machineBusyMs: machine?.busy,
    machineTotalMs: machine?.total,
  };
}

export function cpuShares(before: CpuSnapshot, after: CpuSnapshot): CpuShares {
  const wallMs = after.at - before.at;
  const delta = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? undefined : b - a;
  const target = delta(before.targetMs, after.targetMs);
  const busy = delta(before.machineBusyMs, after.machineBusyMs);
  const total = delta(before.machineTotalMs, after.machineTotalMs);
  const tree = delta(before.treeMs, after.treeMs);
  return {
    bench: (after.benchMs - before.benchMs) / wallMs,
    target: target === undefined ? undefined : target / wallMs,
    foreign: busy === undefined || tree === undefined ? undefined : Math.max(0, (busy - tree) / wallMs),
    machineBusy: busy === undefined || total === undefined || total === 0 ? undefined : busy / total,
  };
}

export function describeShares(shares: CpuShares, targetName: string): string {
  const cores = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(2)} cores`);
  const machine = shares.machineBusy === undefined ? 'n/a' : `${(shares.machineBusy * 100).toFixed(0)}% busy`;
  return `generator ${cores(shares.bench)}, ${targetName} ${cores(shares.target)}, foreign ${cores(shares.foreign)}, machine ${machine}`;
}

/** Above this many cores taken by other processes, a run's figure says more about the machine than the relay. */
export const FOREIGN_CORES_WARNING = 0.15;

export function foreignWarning(shares: CpuShares): string[] {
  if (shares.foreign === undefined || shares.foreign <= FOREIGN_CORES_WARNING) return [];
  return [
    `warning     processes the bench did not start took ${shares.foreign.toFixed(2)} cores during the run: rerun on a quiet machine`,
  ];
}
