import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, REPO, runProcess, servicesEnv } from '../harness/src/cli/test-support/run-cli.ts';

// buzz-compat as another relay's repository gets it: packed (prepack builds dist/), installed from the tarball into a
// directory outside this checkout, run through npx there; what runs is the installed copy, not the checkout's sources.

// npm and npx run on the Node of this test (24, the repository's pin), not on whatever node is first on PATH
const PATH = [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  return runProcess(command, args, { cwd, env: { PATH, CI: '', npm_config_update_notifier: 'false', ...env } });
}

function succeeded(what: string, result: CliRun): CliRun {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result;
}

let consumer: string;

describe('the packed package, installed outside the repository', () => {
  beforeAll(async () => {
    consumer = await mkdtemp(join(tmpdir(), 'buzz-compat-consumer-'));
    const packed = succeeded(
      'npm pack',
      await run('npm', ['pack', '--json', '--pack-destination', consumer], REPO, { npm_config_loglevel: 'error' }),
    );
    const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as [{ filename: string }];
    await writeFile(
      join(consumer, 'package.json'),
      `${JSON.stringify({ name: 'a-relay', private: true, type: 'module' })}\n`,
    );
    // the dependencies are those this checkout installed, so npm's cache has them: no registry round trip per run
    succeeded(
      'npm install of the tarball',
      await run(
        'npm',
        ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', join(consumer, filename)],
        consumer,
      ),
    );
  }, 240_000);

  afterAll(async () => {
    if (consumer) await rm(consumer, { recursive: true, force: true });
  });

  it('ships compiled code, the contract, goldens, fixtures, the adapter schema, and no TypeScript sources', async () => {
    const root = join(consumer, 'node_modules/buzz-compat');
    const files = (await readdir(root, { recursive: true })).map(String);
    expect(files.filter((path) => /\.ts$/.test(path) && !path.endsWith('.d.ts'))).toEqual([]);
    for (const path of [
      'bin/buzz-compat.js',
      'dist/harness/bin/buzz-compat.js',
      'dist/relay/src/main.js',
      'docs/contract.md',
      'schema/adapter.schema.json',
      'dist/adapters/reference.json',
      'dist/golden/metrics/core-ingest.prom',
      'LICENSE',
      'CHANGELOG.md',
    ]) {
      expect(files, path).toContain(path);
    }
  });

  it('npx buzz-compat --version prints the version in package.json', async () => {
    const { version } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8'));
    const result = succeeded('buzz-compat --version', await run('npx', ['buzz-compat', '--version'], consumer));
    expect(result.stdout.trim()).toBe(version);
  });

  it('npx buzz-compat list prints the clause catalogue', async () => {
    const result = succeeded('buzz-compat list', await run('npx', ['buzz-compat', 'list'], consumer));
    expect(result.stdout).toMatch(/^CLAUSE\s+SECTION\s+KIND\s+PROFILE\s+TITLE$/m);
    expect(result.stdout).toMatch(/^metrics\.health\s+§2\.1\s+required\s/m);
    expect(result.stdout).toMatch(/^spans\.topology\s+§3\.3\s+required\s/m);
  });

  it('npx buzz-compat run --relay checks the installed reference relay: services, collector, suite, reports', async () => {
    const result = await run(
      'npx',
      [
        'buzz-compat',
        'run',
        '--relay',
        'node_modules/buzz-compat/dist/adapters/reference.json',
        '--only',
        'metrics.health,spans.auth',
        '--report',
        'json',
        '--out',
        'compat-reports',
      ],
      consumer,
      servicesEnv(),
    );
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/metrics\.health\s.*pass/);
    expect(result.stdout).toMatch(/spans\.auth\s.*pass/);
    const lines = (await readFile(join(consumer, 'compat-reports/buzz-compat.jsonl'), 'utf8')).trim().split('\n');
    const clauses = lines.map((line) => JSON.parse(line) as { id: string; status: string });
    expect(clauses.map((record) => [record.id, record.status])).toEqual(
      expect.arrayContaining([
        ['metrics.health', 'pass'],
        ['spans.auth', 'pass'],
      ]),
    );
  }, 180_000);
});
