// A stand-in for the suite, run by the CLI's own test through BUZZ_COMPAT_SUITE_INCLUDE: one clause per kind of
// outcome the CLI must report. Its file name does not end in .test.ts, so plain `vitest run` never picks it up.
import { beforeAll, expect, it } from 'vitest';
import { clauseTest, describeClauses } from '../../../clauses/clause-test.ts';
import { readSuiteEnv } from '../../../test-run/suite-env.ts';

clauseTest('metrics.health', 'passes', () => {
  expect(1 + 1).toBe(2);
});

clauseTest('metrics.no-help', 'fails with the finding as its message', () => {
  throw new Error('[metrics.no-help §2.1] line 3 is a # HELP line: "# HELP buzz_x x"');
});

describeClauses('metrics.buckets', 'a relay that could not be prepared', () => {
  beforeAll(() => {
    throw new Error('relay "buckets" did not become ready');
  });
  it('checks the bounds', () => {
    expect(true).toBe(true);
  });
});

clauseTest('metrics.content-type', 'is skipped with a note', (context) => {
  context.skip('the relay has no metrics port');
});

clauseTest('tracing.exporter-failure', 'an optional clause that fails', () => {
  throw new Error('no warning was logged');
});

clauseTest('metrics.any-path', 'sees what the CLI asked for', () => {
  const options = readSuiteEnv();
  expect(options.adapterPath).toMatch(/fake-relay\.json$/);
  expect(options.profile).toBe('otel-spec');
  expect(options.clauses).toContain('metrics.any-path');
  expect(options.updateGoldens).toBe(false);
});

clauseTest('resource.service-name.buzz', 'belongs to the other profile and is not run', () => {
  throw new Error('must not run under profile otel-spec');
});
