import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { formatOwner, type OwnerProcess, ownerAlive, parseOwner, thisProcess } from './owner-process.ts';

// Machine-wide locks between suite runs: a file whose first line names its owner process. It appears complete or
// not at all (written aside, then hard-linked into place, which fails if the name exists), and one whose owner is
// gone is reclaimed. Locks are released when the process exits; a process killed outright leaves a stale file,
// which the next taker reclaims.

export interface HeldLock {
  readonly path: string;
  /** Removes the file if this process still owns it. Idempotent. */
  release(): void;
}

export class LockWaitTimeoutError extends Error {
  override name = 'LockWaitTimeoutError';
}

const held = new Map<string, string>();
let exitHookInstalled = false;

function releaseAll(): void {
  for (const [path, content] of held) removeIfOurs(path, content);
  held.clear();
}

function removeIfOurs(path: string, content: string): void {
  try {
    if (readFileSync(path, 'utf8') === content) unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Creates `path` holding `content` if no file of that name exists; false if one does. */
function createExclusive(path: string, content: string): boolean {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(aside, content);
  try {
    linkSync(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(aside);
  }
}

/** The owner a lock file names, or null when it cannot be read (gone meanwhile) or names none. */
export function lockOwner(path: string): OwnerProcess | null {
  try {
    return parseOwner(readFileSync(path, 'utf8').split('\n')[0] ?? '');
  } catch {
    return null;
  }
}

function isStale(path: string): boolean {
  const owner = lockOwner(path);
  return owner !== null && !ownerAlive(owner);
}

/**
 * Removes `path` if its owner is gone. A guard lock serialises reclaimers, so two that both saw the stale owner do
 * not remove each other's fresh lock; a guard whose own holder died is removed directly.
 */
function reclaimIfStale(path: string): void {
  if (!isStale(path)) return;
  const guard = `${path}.reclaim`;
  const content = `${formatOwner(thisProcess())}\n`;
  if (!createExclusive(guard, content)) {
    if (isStale(guard)) removeIfOurs(guard, readFileSync(guard, 'utf8'));
    return;
  }
  try {
    if (isStale(path)) unlinkSync(path);
  } catch {
    // taken and released meanwhile
  } finally {
    removeIfOurs(guard, content);
  }
}

/** Takes the lock at `path` if it is free or stale; null while a live process holds it. */
export function tryLock(path: string, note = ''): HeldLock | null {
  mkdirSync(dirname(path), { recursive: true });
  const content = `${formatOwner(thisProcess())}\n${note}\n`;
  let created = createExclusive(path, content);
  if (!created) {
    reclaimIfStale(path);
    created = createExclusive(path, content);
  }
  if (!created) return null;
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', releaseAll);
  }
  held.set(path, content);
  return {
    path,
    release() {
      if (held.get(path) !== content) return;
      held.delete(path);
      removeIfOurs(path, content);
    },
  };
}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly pollMs?: number;
  /** Called once when the lock is busy, with the holder's pid and note (its first lines). */
  readonly onWait?: (holder: string) => void;
  /** Names what is locked in the timeout error. */
  readonly what: string;
}

/** Waits until the lock at `path` can be taken, up to `timeoutMs`. */
export async function waitForLock(path: string, note: string, options: WaitOptions): Promise<HeldLock> {
  const deadline = Date.now() + options.timeoutMs;
  let announced = false;
  for (;;) {
    const lock = tryLock(path, note);
    if (lock !== null) return lock;
    const holder = describeHolder(path);
    if (!announced) {
      announced = true;
      options.onWait?.(holder);
    }
    if (Date.now() >= deadline) {
      throw new LockWaitTimeoutError(
        `waited ${Math.round(options.timeoutMs / 1000)} s for ${options.what}, still held by ${holder} ` +
          `(lock file ${path}). Let that run finish and start this one again; if no such run exists, delete the file.`,
      );
    }
    await delay(options.pollMs ?? 250);
  }
}

function describeHolder(path: string): string {
  try {
    const [owner = '?', note = ''] = readFileSync(path, 'utf8').split('\n');
    const pid = owner.split('.')[0];
    return `process ${pid}${note ? ` (${note})` : ''}`;
  } catch {
    return 'a process that just released it';
  }
}
