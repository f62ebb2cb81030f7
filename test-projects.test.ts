import { glob, readFile } from 'node:fs/promises';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ALL_TESTS, SUITE_FILES } from './test-projects.ts';

// The unit project runs without services; a file in it that asks vitest for them (inject) or for a relay's
// database would fail with an unclear TypeError on a machine without Docker. This names it and its route instead.

const NEEDS_SUITE = /\binject\(\s*['"](services|collector|oracle)['"]/;

async function expand(patterns: readonly string[]): Promise<Set<string>> {
  const files = new Set<string>();
  for (const pattern of patterns) for await (const file of glob(pattern, { cwd: import.meta.dirname })) files.add(file);
  return files;
}

async function localImports(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: import.meta.dirname,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('vitest projects', () => {
  it('no file of the unit project reaches, through its imports, for what only the suite project provides', async () => {
    const suite = await expand(SUITE_FILES);
    const unit = [...(await expand(ALL_TESTS))].filter((file) => !suite.has(file));
    expect(unit.length).toBeGreaterThan(40);
    const offenders: string[] = [];
    for (const file of unit) {
      for (const input of await localImports(file)) {
        const match = NEEDS_SUITE.exec(await readFile(input, 'utf8'));
        if (match) offenders.push(`${file} reaches inject('${match[1]}') in ${input}: add it to SUITE_FILES`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('every pattern of the suite project matches a file, so a rename cannot move tests silently', async () => {
    const empty: string[] = [];
    for (const pattern of SUITE_FILES) if ((await expand([pattern])).size === 0) empty.push(pattern);
    expect(empty).toEqual([]);
  });
});
