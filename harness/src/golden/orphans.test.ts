import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertNoOrphans, findOrphans, listGoldenFiles } from './orphans.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('golden orphans', () => {
  it('golden workflow: matching goldens and scenarios give no finding', () => {
    const files = ['metrics/basic.prom', 'traces/basic.txt'];
    expect(
      findOrphans(files, [
        { kind: 'metrics', scenario: 'basic' },
        { kind: 'traces', scenario: 'basic' },
      ]),
    ).toEqual([]);
  });

  it('golden workflow: a golden without a test and a test without a golden are both errors', () => {
    const findings = findOrphans(['metrics/old.prom', 'traces/notes.md'], [{ kind: 'traces', scenario: 'basic' }]);
    expect(findings.map((f) => f.message)).toEqual([
      '[golden.present suite] golden/metrics/old.prom has no test scenario that compares with it: delete it or add the scenario',
      '[golden.present suite] golden/traces/notes.md is not a golden (expected metrics/<scenario>.prom or traces/<scenario>.txt)',
      expect.stringContaining(
        '[golden.present suite] scenario basic checks traces but golden/traces/basic.txt is missing',
      ),
    ]);
    expect(() => assertNoOrphans(findings)).toThrow('golden files and scenarios do not match');
  });

  it('golden workflow: lists golden files relative to the golden directory; an absent directory lists none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'buzz-golden-list-'));
    dirs.push(dir);
    await mkdir(join(dir, 'metrics'));
    await mkdir(join(dir, 'traces'));
    await writeFile(join(dir, 'metrics', 'b.prom'), '');
    await writeFile(join(dir, 'traces', 'a.txt'), '');
    expect(await listGoldenFiles(dir)).toEqual(['metrics/b.prom', 'traces/a.txt']);
    expect(await listGoldenFiles(join(dir, 'absent'))).toEqual([]);
  });
});
