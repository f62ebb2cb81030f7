import { describe, expect, it } from 'vitest';
import { BASELINE_CONTEXT, CONTEXT, SAMPLE, WITH_BASELINE } from './sample-results.ts';
import { renderTerminal } from './terminal.ts';

describe('renderTerminal', () => {
  const text = renderTerminal(SAMPLE, CONTEXT, { color: false, width: 120, cwd: '/work' });
  const lines = text.split('\n');

  it('prints one row per clause, failures first, with the first line of the reason', () => {
    const header = lines.findIndex((line) => line.includes('CLAUSE'));
    expect(lines[header]).toBe('  CLAUSE              SECTION  REQUIRED  RESULT    REASON');
    expect(lines.slice(header + 1, header + 5)).toEqual([
      '  metrics.exposition  §2.1     required  FAIL      [metrics.exposition §2.1] expected "\\n\\n" & got <EOF> | red\u0001',
      '  spans.count         §3.3     required  untested  no test in the suite decides this clause',
      '  tracing.sampler     §3.1     optional  FAIL      [tracing.sampler §3.1] always_off still exported 3 spans',
      '  metrics.health      §2.1     required  pass',
    ]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(120);
  });

  it('then every failure in full, the run errors and the verdict', () => {
    expect(text).toContain('Failures:\n  metrics.exposition (§2.1, required): body is Prometheus text\n');
    expect(text).toContain('      line 2\n      line 3\n');
    expect(text).toContain('    - second failure\n    evidence: reports/evidence/metrics/core-ingest\n');
    expect(text).toContain('Run errors (not tied to one clause):\n    - harness/suite/broken.test.ts failed to load');
    expect(lines.at(-3)).toBe('required: 1 pass, 1 fail, 1 untested · optional: 0 pass, 1 fail, 0 untested');
    expect(lines.at(-2)).toBe('VERDICT: FAIL: 2 required clauses not passing, 1 run error');
  });

  it('colours only when asked', () => {
    expect(text).not.toContain('\u001b[3');
    expect(renderTerminal(SAMPLE, CONTEXT, { color: true, width: 120, cwd: '/work' })).toContain(
      '\u001b[31mFAIL    \u001b[0m',
    );
  });

  it('cuts long reasons to the terminal width', () => {
    const narrow = renderTerminal(SAMPLE, CONTEXT, { color: false, width: 80, cwd: '/work' });
    const row = narrow.split('\n').find((line) => line.startsWith('  metrics.exposition'))!;
    expect(row.length).toBeLessThanOrEqual(80);
    expect(row.endsWith('…')).toBe(true);
  });

  it('names the suite, contract and golden versions under the headline', () => {
    expect(lines[1]).toBe('  (buzz-compat 0.2.0, contract v2, goldens checked against buzz sprout@9ee5aee)');
  });

  it('with known failures: the new failure blocks, the fixed one says which line to remove, the expected one is quiet', () => {
    const withBaseline = renderTerminal(WITH_BASELINE, BASELINE_CONTEXT, { color: false, width: 140, cwd: '/work' });
    const rows = withBaseline.split('\n').filter((line) => /^ {2}(metrics|spans)\./.test(line));
    expect(rows).toEqual([
      '  spans.count         §3.3     required  untested  no test in the suite decides this clause',
      '  metrics.health      §2.1     required  FIXED     passes now: remove it from the known-failures file (line 4)',
      '  metrics.exposition  §2.1     required  expected  known failure: the exporter adds a trailer',
      '  metrics.health: remove line 4 of known-failures.txt',
    ]);
    expect(withBaseline).not.toContain('Failures:');
    expect(withBaseline).toContain('· 1 expected failure, 1 fixed');
    expect(withBaseline).toContain(
      'VERDICT: FAIL: 1 required clause not passing, 1 known failure now passing (remove from the known-failures file)',
    );
    const onlyExpected = renderTerminal([WITH_BASELINE[1]!], BASELINE_CONTEXT, {
      color: false,
      width: 140,
      cwd: '/work',
    });
    expect(onlyExpected).toContain('VERDICT: PASS: every required clause passes, apart from 1 known failure');
  });
});
