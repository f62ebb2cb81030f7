import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LockWaitTimeoutError, lockOwner, tryLock, waitForLock } from './lock-file.ts';
import { formatOwner, ownerAlive, parseOwner, thisProcess } from './owner-process.ts';
import { startHolder } from './test-support/holder-process.ts';

const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

async function holder(kind: 'lock', path: string): Promise<{ child: ChildProcess; line: string }> {
  const started = await startHolder(kind, path);
  children.push(started.child);
  return started;
}

const lockPath = () => join(mkdtempSync(join(tmpdir(), 'buzz-compat-lock-test-')), 'thing.lock');

describe('machine-wide lock files', () => {
  it('one of two processes holds the lock; the other gets it once the holder releases it', async () => {
    const path = lockPath();
    const other = await holder('lock', path);
    expect(other.line).toBe('held');
    expect(lockOwner(path)?.pid).toBe(other.child.pid);
    expect(tryLock(path)).toBeNull();
    other.child.stdin?.end();
    await once(other.child, 'exit');
    const mine = tryLock(path);
    expect(mine).not.toBeNull();
    expect((await holder('lock', path)).line).toBe('busy');
    mine!.release();
    expect(existsSync(path)).toBe(false);
  });

  it('reclaims a lock whose owner was killed outright, or whose pid now belongs to another process', async () => {
    const path = lockPath();
    const other = await holder('lock', path);
    other.child.kill('SIGKILL');
    await once(other.child, 'exit');
    expect(existsSync(path)).toBe(true);
    const reclaimed = tryLock(path);
    expect(reclaimed?.path).toBe(path);
    reclaimed!.release();
    // our own pid, but a start time it never had: a reused pid, so the owner is gone
    writeFileSync(path, `${process.pid}.1\n`);
    expect(tryLock(path)).not.toBeNull();
    expect(readdirSync(join(path, '..'))).toEqual(['thing.lock']);
  });

  it('waits for a busy lock, says so once, and fails after the bound with the holder and the file named', async () => {
    const path = lockPath();
    const other = await holder('lock', path);
    const waits: string[] = [];
    const error = await waitForLock(path, 'me', {
      timeoutMs: 300,
      pollMs: 50,
      what: 'the thing',
      onWait: (who) => waits.push(who),
    }).catch((caught: unknown) => caught);
    expect(waits).toEqual([`process ${other.child.pid} (holder for a test)`]);
    expect(error).toBeInstanceOf(LockWaitTimeoutError);
    expect((error as Error).message).toBe(
      `waited 0 s for the thing, still held by process ${other.child.pid} (holder for a test) (lock file ${path}). ` +
        'Let that run finish and start this one again; if no such run exists, delete the file.',
    );
    const waiting = waitForLock(path, 'me', { timeoutMs: 10_000, pollMs: 50, what: 'the thing' });
    other.child.stdin?.end();
    expect((await waiting).path).toBe(path);
  });

  it('names an owner by pid and start time, alive only while that very process runs', () => {
    const me = thisProcess();
    expect(parseOwner(formatOwner(me))).toEqual(me);
    expect(ownerAlive(me)).toBe(true);
    expect(ownerAlive({ pid: me.pid, startTicks: '1' })).toBe(false);
    expect(ownerAlive({ pid: 2 ** 22 + 1, startTicks: null })).toBe(false);
    expect(parseOwner('not an owner')).toBeNull();
  });
});
