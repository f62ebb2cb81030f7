import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHolder } from '../machine/test-support/holder-process.ts';
import { PortLeases } from './free-port.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

// the holder process leases from the same small space: 40000-40399, four ranges of 100
const space = (dir: string) => new PortLeases({ dir, low: 40_000, high: 40_400, rangeSize: 100 });

describe('free ports from machine-wide leased ranges', () => {
  it('two processes draw from different ranges, and a range freed by a dead process is leased again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'buzz-compat-ports-test-'));
    const other = await startHolder('ports', dir);
    children.push(other.child);
    const [, theirPort, theirRange] = /^port (\d+) range (\d+)$/.exec(other.line) ?? [];
    const mine = space(dir);
    const ports = [await mine.next(), await mine.next()];
    expect(mine.leasedRanges()).toHaveLength(1);
    expect(mine.leasedRanges()[0]).not.toBe(Number(theirRange));
    expect(ports).not.toContain(Number(theirPort));
    expect(new Set(ports.map((port) => Math.floor(port / 100))).size).toBe(1);
    other.child.kill('SIGKILL');
    await once(other.child, 'exit');
    // the dead process's range is leased again once the live ones are used up
    const rest = space(dir);
    while (!rest.leasedRanges().includes(Number(theirRange))) await rest.next();
    expect(rest.leasedRanges()).not.toContain(mine.leasedRanges()[0]);
    mine.release();
    rest.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('skips a port some other process listens on, and says so when every range is taken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'buzz-compat-ports-test-'));
    const tiny = new PortLeases({ dir, low: 40_500, high: 40_502, rangeSize: 2 });
    const busy = createServer().listen(40_500, '127.0.0.1');
    await once(busy, 'listening');
    try {
      expect(await tiny.next()).toBe(40_501);
      await expect(tiny.next()).rejects.toThrow(
        `all 1 port ranges between 40500 and 40502 are leased by live processes (lease files in ${dir}); ` +
          'too many suite runs at once on this machine: wait for some to finish',
      );
    } finally {
      busy.close();
      tiny.release();
    }
  });
});
