import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { CLAUSES } from '../clauses/catalogue.ts';
import { type CliRun, REPO, runCli } from './test-support/run-cli.ts';

// The CLI end to end, as a user runs it: a child process, its output and exit status, the files it writes.
// It runs a stand-in suite (test-support/fake-suite) against a stand-in relay, so these tests say nothing about
// any real relay; they check what the CLI makes of each kind of outcome.

const FAKE_RELAY = join(import.meta.dirname, 'test-support/fake-relay.json');
const FAKE_SUITE = 'harness/src/cli/test-support/fake-suite/*.fake-suite.ts';

function buzzCompat(args: string[], extraEnv: Record<string, string> = {}, cwd = REPO): Promise<CliRun> {
  return runCli(args, { suiteInclude: FAKE_SUITE, cwd, env: extraEnv });
}

async function adapterFile(overrides: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'buzz-compat-cli-'));
  const base = JSON.parse(await readFile(FAKE_RELAY, 'utf8'));
  const path = join(dir, 'adapter.json');
  await writeFile(path, JSON.stringify({ ...base, cwd: import.meta.dirname, ...overrides }));
  return path;
}

/** Processes whose command line contains `marker`. */
async function processesWith(marker: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(marker)) found.push(`${entry}: ${cmdline.replaceAll('\0', ' ')}`);
  }
  return found;
}

describe('buzz-compat run', () => {
  it('shows progress, ends with the clause table, writes the reports and exits 1 when a required clause fails', async () => {
    const out = await mkdtemp(join(tmpdir(), 'buzz-compat-reports-'));
    const run = await buzzCompat([
      'run',
      '--relay',
      FAKE_RELAY,
      '--profile',
      'otel-spec',
      '--only',
      'metrics.health,metrics.no-help,metrics.buckets,metrics.content-type,metrics.any-path,tracing.exporter-failure',
      '--report',
      'junit,json,md',
      '--out',
      out,
    ]);
    expect(run.stderr).not.toContain('buzz-compat:');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('buzz-compat: checking relay "fake"');
    expect(run.stdout).toMatch(
      /✗ harness\/src\/cli\/test-support\/fake-suite\/clauses\.fake-suite\.ts {2}2 passed, 3 failed/,
    );
    expect(run.stdout).toContain('✗ harness/src/cli/test-support/fake-suite/broken.fake-suite.ts  failed to load');
    const table = run.stdout.slice(run.stdout.indexOf('  CLAUSE'));
    const rows = table
      .split('\n')
      .slice(1, 7)
      .map((line) =>
        line
          .trim()
          .split(/\s{2,}/)
          .slice(0, 4),
      );
    expect(rows).toEqual([
      ['metrics.no-help', '§2.1', 'required', 'FAIL'],
      ['metrics.buckets', '§2.2', 'required', 'FAIL'],
      ['metrics.content-type', '§2.1', 'required', 'untested'],
      ['tracing.exporter-failure', '§3.1', 'optional', 'FAIL'],
      ['metrics.health', '§2.1', 'required', 'pass'],
      ['metrics.any-path', '§2.1', 'required', 'pass'],
    ]);
    expect(table).toContain('[metrics.no-help §2.1] line 3 is a # HELP line');
    expect(table).toContain('failed: relay "buckets" did not become ready');
    expect(table).toContain('skipped: the relay has no metrics port');
    expect(table).toContain(
      'names clause [metrics.no-such-clause], which harness/src/clauses/catalogue.ts does not define',
    );
    expect(table).not.toContain('must not run under profile otel-spec');
    expect(table).toContain('VERDICT: FAIL: 3 required clauses not passing, 2 run errors');

    const lines = (await readFile(join(out, 'buzz-compat.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line).id)).toEqual([
      'metrics.health',
      'metrics.any-path',
      'metrics.content-type',
      'metrics.no-help',
      'metrics.buckets',
      'tracing.exporter-failure',
    ]);
    expect(XMLValidator.validate(await readFile(join(out, 'buzz-compat.junit.xml'), 'utf8'))).toBe(true);
    expect(await readFile(join(out, 'buzz-compat.md'), 'utf8')).toMatch(/^### buzz-compat ❌ relay `fake`/);
  });

  it('exits 0 when every selected required clause passes, run from any directory against the reference relay', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'buzz-compat-cwd-'));
    const run = await buzzCompat(
      ['run', '--only', 'metrics.health'],
      { BUZZ_COMPAT_SUITE_INCLUDE: 'harness/src/cli/test-support/fake-suite/clauses.fake-suite.ts' },
      elsewhere,
    );
    expect(run.stdout).toContain(`buzz-compat: checking relay "reference" (${join(REPO, 'adapters/reference.json')})`);
    expect(run.stdout).toContain('relay starts and becomes ready: running the suite');
    expect(run.stdout).toContain('VERDICT: PASS: every required clause passes');
    expect(run.code).toBe(0);
  });

  it('fails at once, before any test, when the adapter command does not exist; nothing is left running', async () => {
    const marker = `no-such-relay-${randomUUID()}`;
    const run = await buzzCompat(['run', '--relay', await adapterFile({ command: [marker, '--serve'] })]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('buzz-compat: the relay could not be started, so no clause was checked.');
    expect(run.stderr).toContain(`"${marker}" was not found (no such file, or not on PATH)`);
    expect(run.stdout).not.toContain('running the suite');
    expect(await processesWith(marker)).toEqual([]);
  });

  it('fails with a clear timeout when the relay never becomes ready, and kills it', async () => {
    const marker = `never-ready-${randomUUID()}`;
    const adapter = await adapterFile({
      command: ['node', '-e', 'setInterval(() => {}, 1000)', marker],
      readiness: { http: 'http://127.0.0.1:{healthPort}/_readiness', timeoutMs: 1500 },
    });
    const run = await buzzCompat(['run', '--relay', adapter]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /did not become ready within 1500 ms \(waiting for HTTP 2xx from http:\/\/127\.0\.0\.1:\d+\/_readiness; last attempt: ECONNREFUSED\); it was killed/,
    );
    expect(await processesWith(marker)).toEqual([]);
  });

  it('names every problem of an invalid adapter and exits 2', async () => {
    const run = await buzzCompat(['run', '--relay', await adapterFile({ readiness: { port: 1 }, urls: null })]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^buzz-compat: invalid relay adapter .*adapter\.json:\n {2}- readiness\.port: unknown field/,
    );
    expect(run.stderr).toContain('  - urls: required');
  });

  it('prints help, and refuses usage errors, unknown clauses and --update-goldens on CI with exit 2', async () => {
    const help = await buzzCompat(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('buzz-compat run [options]');
    const usage = await buzzCompat(['run', '--profile', 'spec']);
    expect([usage.code, usage.stderr]).toEqual([2, 'buzz-compat: --profile spec: expected buzz or otel-spec\n']);
    const only = await buzzCompat(['run', '--only', 'metrics.bucket']);
    expect(only.code).toBe(2);
    expect(only.stderr).toContain('--only: no clause of profile buzz matches');
    const ci = await buzzCompat(['run', '--update-goldens'], { CI: 'true' });
    expect(ci.code).toBe(2);
    expect(ci.stderr).toContain('--update-goldens is refused when CI=true');
  });

  it('with --expect-fail: passes when exactly the listed clauses fail, fails on a fixed one and on a new one', async () => {
    const only = ['--profile', 'otel-spec', '--only', 'metrics.health,metrics.no-help,metrics.buckets'];
    const known = async (lines: string[]) => {
      const path = join(await mkdtemp(join(tmpdir(), 'buzz-compat-known-')), 'known-failures.txt');
      await writeFile(path, `# known failures\n${lines.join('\n')}\n`);
      return path;
    };
    const gate = async (lines: string[]) =>
      buzzCompat(['run', '--relay', FAKE_RELAY, ...only, '--expect-fail', await known(lines)], {
        BUZZ_COMPAT_SUITE_INCLUDE: 'harness/src/cli/test-support/fake-suite/clauses.fake-suite.ts',
      });
    const expected = await gate(['metrics.no-help emits HELP lines', 'metrics.buckets our own bounds']);
    const fixed = await gate([
      'metrics.no-help emits HELP lines',
      'metrics.buckets our own bounds',
      'metrics.health was broken',
    ]);
    const fresh = await gate(['metrics.no-help emits HELP lines']);
    expect(expected.code).toBe(0);
    expect(expected.stdout).toContain('VERDICT: PASS: every required clause passes, apart from 2 known failures');
    expect(expected.stdout).toMatch(/metrics\.no-help +§2\.1 +required +expected +known failure: emits HELP lines/);
    expect(fixed.code).toBe(1);
    expect(fixed.stdout).toMatch(/metrics\.health: remove line 4 of .*known-failures\.txt/);
    expect(fixed.stdout).toContain('VERDICT: FAIL: 1 known failure now passing (remove from the known-failures file)');
    expect(fresh.code).toBe(1);
    expect(fresh.stdout).toMatch(/metrics\.buckets +§2\.2 +required +FAIL/);
    expect(fresh.stdout).toContain('VERDICT: FAIL: 1 required clause not passing');
  }, 90_000);

  it('refuses a known-failures file with a bad line, or one that is missing, with exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'buzz-compat-known-'));
    await writeFile(join(dir, 'bad.txt'), 'metrics.helth typo\n');
    const bad = await buzzCompat(['run', '--expect-fail', join(dir, 'bad.txt')]);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      `buzz-compat: invalid known-failures file ${join(dir, 'bad.txt')}:\n  - line 1: no clause "metrics.helth" (buzz-compat list shows every id)\n`,
    ]);
    const missing = await buzzCompat(['run', '--expect-fail', join(dir, 'none.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('none.txt: cannot read it (ENOENT)');
  });

  it('prints its version and every clause', async () => {
    const version = await buzzCompat(['--version']);
    const { version: packageVersion } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8'));
    expect([version.code, version.stdout]).toEqual([0, `${packageVersion}\n`]);
    const list = await buzzCompat(['list', '--json']);
    const rows = list.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.map((row) => row.id)).toEqual(CLAUSES.map((clause) => clause.id));
    expect(rows[0]).toEqual({
      id: 'metrics.health',
      section: '§2.1',
      required: true,
      profile: 'all',
      title: '/health on the metrics port returns OK',
    });
    const table = await buzzCompat(['list']);
    expect(table.stdout.split('\n')[0]).toMatch(/^CLAUSE +SECTION +KIND +PROFILE +TITLE$/);
  });
});
