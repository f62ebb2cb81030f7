import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { thisProcess } from '../machine/owner-process.ts';
import { ownerGone, ownerLabels } from './containers.ts';

// The stale sweep must remove only containers of runs that are gone: another run on this machine, started at the
// same time, keeps its containers, and so does a run on another host sharing the engine.

describe('which containers the stale sweep removes', () => {
  const me = thisProcess();

  const host = hostname();

  it("labels a container with this host and pid (the form earlier versions read), and the process's start time", () => {
    expect(ownerLabels('postgres')).toEqual({
      'buzz-compat.owner': `${host}:${me.pid}`,
      'buzz-compat.owner-start': me.startTicks,
      'buzz-compat.role': 'postgres',
    });
  });

  it('keeps those of live runs (this host or another) and removes those whose owner exited or whose pid was reused', () => {
    const owned = (owner: string, start?: string) => ({
      'buzz-compat.owner': owner,
      ...(start === undefined ? {} : { 'buzz-compat.owner-start': start }),
    });
    expect(ownerGone(owned(`${host}:${me.pid}`, me.startTicks ?? undefined))).toBe(false);
    expect(ownerGone(owned(`${host}:${me.pid}`))).toBe(false);
    expect(ownerGone(owned(`another-host:${2 ** 22 + 1}`))).toBe(false);
    expect(ownerGone(owned('garbage'))).toBe(false);
    expect(ownerGone({})).toBe(false);
    expect(ownerGone(owned(`${host}:${2 ** 22 + 1}`))).toBe(true);
    expect(ownerGone(owned(`${host}:${me.pid}`, '1'))).toBe(true);
  });
});
