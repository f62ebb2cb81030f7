import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderHeader, splitGolden, withHeader } from './header.ts';
import { readGolden } from './read.ts';

describe('golden header', () => {
  it('golden workflow: the header names the scenario and contract version and is split off the body', () => {
    const text = withHeader('basic-session', '# TYPE a counter\na 1\n\n');
    expect(text.split('\n')[0]).toBe('# buzz-compat golden: scenario=basic-session contract=v2 buzz=sprout@9ee5aee');
    expect(splitGolden(text, 'golden/metrics/basic-session.prom')).toEqual({
      header: { scenario: 'basic-session', contract: 'v2', buzz: 'sprout@9ee5aee' },
      body: '# TYPE a counter\na 1\n\n',
    });
  });

  it('golden workflow: a missing header is an error naming the path and the fix', () => {
    expect(() => splitGolden('# TYPE a counter\n', 'golden/metrics/x.prom')).toThrow(
      /golden\/metrics\/x\.prom: the first line must be .*npm run golden:update/,
    );
    expect(() => renderHeader('Bad Name')).toThrow('must be lowercase');
  });
});

describe('readGolden', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('golden workflow: an absent golden is an Error with its path and how to create it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'buzz-golden-'));
    dirs.push(dir);
    const path = join(dir, 'metrics', 'nothing.prom');
    await expect(readGolden(path)).rejects.toThrow(
      `golden file ${path} does not exist: create or refresh it with \`npm run golden:update\``,
    );
  });

  it('golden workflow: a present golden reads as header and body', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'buzz-golden-'));
    dirs.push(dir);
    const path = join(dir, 'one.txt');
    await writeFile(path, withHeader('one', 'ws.req [INTERNAL]\n'));
    expect(await readGolden(path)).toEqual({
      path,
      header: { scenario: 'one', contract: 'v2', buzz: 'sprout@9ee5aee' },
      body: 'ws.req [INTERNAL]\n',
    });
  });
});
