import { readFileSync } from 'node:fs';

// Other work on a 2-core machine moves every figure, so a run first waits (bounded) until the machine has been
// nearly idle for two consecutive seconds. With the relay idle at that point, what is busy is someone else.

const BUSY_BELOW = 0.2;
const QUIET_SAMPLES = 2;

function machineTicks(): { busy: number; total: number } {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  return { busy: total - ticks[3]! - ticks[4]!, total };
}

/** Resolves with a line for the report: how long it waited and whether the machine did become quiet. */
export async function waitForQuietMachine(maxSeconds: number): Promise<string> {
  if (maxSeconds <= 0) return 'quiet wait off';
  const started = Date.now();
  let quiet = 0;
  let busyShare = 0;
  let before = machineTicks();
  while (Date.now() - started < maxSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = machineTicks();
    busyShare = (after.busy - before.busy) / Math.max(1, after.total - before.total);
    before = after;
    quiet = busyShare < BUSY_BELOW ? quiet + 1 : 0;
    if (quiet >= QUIET_SAMPLES) {
      return `machine quiet (${(busyShare * 100).toFixed(0)}% busy) after ${((Date.now() - started) / 1000).toFixed(0)} s`;
    }
  }
  return `machine still ${(busyShare * 100).toFixed(0)}% busy after waiting ${maxSeconds} s; measured anyway`;
}
