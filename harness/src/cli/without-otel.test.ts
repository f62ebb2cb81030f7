import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { type CliRun, REPO, runCli } from './test-support/run-cli.ts';

// Issue 7's proof that the suite can fail: the real suite (harness/suite) against the reference relay started
// through adapters/reference-without-otel.json, which withholds every OTEL_* variable, so the relay never exports
// a span. A tracing clause must fail with a reason naming the missing spans while a metrics clause still passes,
// and the exit status must be 1. Two clauses keep it short; every tracing clause fails the same way.

const ADAPTER = join(REPO, 'adapters/reference-without-otel.json');

function buzzCompat(args: readonly string[]): Promise<CliRun> {
  // only the clause tests: the unit tests elsewhere in harness/ decide no clause and would only add load time
  return runCli(args, { suiteInclude: 'harness/suite/**/*.test.ts' });
}

interface JsonLine {
  readonly id: string;
  readonly required: boolean;
  readonly status: string;
  readonly reasons: readonly string[];
}

describe('buzz-compat run against a relay that never gets its OTEL variables (issue 7)', () => {
  it('fails the tracing clause with the reason, passes the metrics clause, writes valid reports and exits 1', async () => {
    const out = await mkdtemp(join(tmpdir(), 'buzz-compat-without-otel-'));
    const run = await buzzCompat([
      'run',
      '--relay',
      ADAPTER,
      '--only',
      'spans.event,metrics.content-type',
      '--report',
      'junit',
      '--report',
      'json',
      '--out',
      out,
    ]);
    expect(run.stderr).not.toContain('buzz-compat:');
    expect(run.stdout).toContain('buzz-compat: checking relay "reference-without-otel"');
    expect(run.stdout).toContain('VERDICT: FAIL: 1 required clause not passing');
    expect(run.code).toBe(1);

    const lines = (await readFile(join(out, 'buzz-compat.jsonl'), 'utf8')).trimEnd().split('\n');
    const results = lines.map((line) => JSON.parse(line) as JsonLine);
    expect(results.map((r) => r.id)).toEqual(['metrics.content-type', 'spans.event']);
    const [metrics, spans] = results;
    expect(metrics).toMatchObject({ status: 'pass', required: true, reasons: [] });
    expect(spans).toMatchObject({ status: 'fail', required: true });
    expect(spans?.reasons.join('\n')).toContain(
      '[spans.event §3.3] the collector received no span from relay "traces-spans"',
    );

    const junit = await readFile(join(out, 'buzz-compat.junit.xml'), 'utf8');
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit).toMatch(/<testcase [^>]*name="\[spans\.event\][^"]*"[^>]*>\s*<failure /);
    expect(junit).toMatch(/<testcase [^>]*name="\[metrics\.content-type\][^"]*"[^>]*\/>/);
  }, 120_000);
});
