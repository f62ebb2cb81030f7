import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// buzz-compat as another relay's repository gets it: packed (prepack builds dist/), installed from the tarball into a
// directory outside this checkout, run through npx. Nothing here may reach back into the checkout's sources.

const REPO = join(import.meta.dirname, '..');
// npm and npx run on the Node of this test (24, the repository's pin), not on whatever node is first on PATH
const PATH = [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  // a nested vitest must not believe it is inside this one
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
  const child = spawn(command, args, {
    cwd,
    env: { ...inherited, PATH, CI: '', npm_config_update_notifier: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

function succeeded(what: string, result: Run): Run {
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
    const services = inject('services');
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
      {
        BUZZ_COMPAT_SERVICES: 'external',
        BUZZ_COMPAT_DATABASE_URL: services.databaseUrl,
        BUZZ_COMPAT_REDIS_URL: services.redisUrl,
        BUZZ_COMPAT_S3_URL: services.objectStore.url,
        BUZZ_COMPAT_S3_ACCESS_KEY: services.objectStore.accessKey,
        BUZZ_COMPAT_S3_SECRET_KEY: services.objectStore.secretKey,
      },
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
