import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSummaries, updateGolden, updatesAllowed } from './update.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function freshDir() {
  const dir = await mkdtemp(join(tmpdir(), 'buzz-golden-update-'));
  dirs.push(dir);
  return dir;
}

const ALLOWED = { BUZZ_COMPAT_UPDATE_GOLDENS: '1' };

describe('updateGolden', () => {
  it('golden workflow: writes only with BUZZ_COMPAT_UPDATE_GOLDENS=1 and never when CI=true', () => {
    expect(updatesAllowed(ALLOWED).allowed).toBe(true);
    expect(updatesAllowed({}).reason).toContain('npm run golden:update');
    expect(updatesAllowed({ ...ALLOWED, CI: 'true' })).toEqual({
      allowed: false,
      reason: 'CI=true: goldens are never written in CI',
    });
  });

  it('golden workflow: creates, then reports unchanged, then changed with a diff', async () => {
    const path = join(await freshDir(), 'metrics', 'basic.prom');
    const created = await updateGolden(path, 'basic', 'a 1\n\n', ALLOWED);
    expect(created.status).toBe('created');
    expect(await readFile(path, 'utf8')).toBe(
      '# buzz-compat golden: scenario=basic contract=v2 buzz=sprout@9ee5aee\na 1\n\n',
    );
    expect((await updateGolden(path, 'basic', 'a 1\n\n', ALLOWED)).status).toBe('unchanged');
    const changed = await updateGolden(path, 'basic', 'a 2\n\n', ALLOWED);
    expect(changed.status).toBe('changed');
    expect(changed.diff).toContain('-a 1\n+a 2\n');
    expect(formatSummaries([changed])).toContain(`changed     ${path}`);
    expect(await readdir(join(path, '..'))).toEqual(['basic.prom']);
  });

  it('golden workflow: without permission nothing is written, and the summary says why', async () => {
    const path = join(await freshDir(), 'traces', 'basic.txt');
    const summary = await updateGolden(path, 'basic', 'ws.req [INTERNAL]\n', { ...ALLOWED, CI: 'true' });
    expect(summary.status).toBe('not-written');
    await expect(readFile(path, 'utf8')).rejects.toThrow('ENOENT');
    expect(formatSummaries([summary])).toContain('(CI=true: goldens are never written in CI)');
  });
});
