import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { formatOwner, thisProcess } from '../machine/owner-process.ts';
import { ownerGone, ownerLabels } from './containers.ts';

// The stale sweep must remove only containers of runs that are gone: another run on this machine, started at the
// same time, keeps its containers, and so does a run on another host sharing the engine.

describe('which containers the stale sweep removes', () => {
  const me = thisProcess();

  it("labels a container with this host, this process's pid and its start time", () => {
    expect(ownerLabels('postgres')).toEqual({
      'buzz-compat.owner': `${hostname()}:${formatOwner(me)}`,
      'buzz-compat.role': 'postgres',
    });
  });

  it('keeps those of live runs (this host or another) and removes those whose owner exited or whose pid was reused', () => {
    expect(ownerGone(`${hostname()}:${formatOwner(me)}`)).toBe(false);
    expect(ownerGone(`${hostname()}:${me.pid}`)).toBe(false);
    expect(ownerGone(`another-host:${2 ** 22 + 1}`)).toBe(false);
    expect(ownerGone('garbage')).toBe(false);
    expect(ownerGone(`${hostname()}:${2 ** 22 + 1}`)).toBe(true);
    expect(ownerGone(`${hostname()}:${me.pid}.1`)).toBe(true);
  });
});
