import { describe, expect, it } from 'vitest';
import { renderAnnotations } from './github-annotations.ts';
import { BASELINE_CONTEXT, SAMPLE, WITH_BASELINE } from './sample-results.ts';

const paths = { suiteRoot: '/work/node_modules/buzz-compat/dist', cwd: '/work' };

describe('renderAnnotations', () => {
  it('a blocking clause with a located finding is an error on that golden line; an optional failure a warning', () => {
    const lines = renderAnnotations(SAMPLE, { runErrors: [] }, paths).trimEnd().split('\n');
    expect(lines[0]).toBe(
      '::error file=node_modules/buzz-compat/dist/golden/metrics/core-ingest.prom,line=14,' +
        'title=buzz-compat metrics.exposition (§2.1)%3A body is Prometheus text::' +
        '[metrics.exposition §2.1] the body does not end with an empty line',
    );
    expect(lines[1]).toBe(
      '::warning title=buzz-compat tracing.sampler (§3.1)%3A sampler from OTEL_TRACES_SAMPLER/_ARG::' +
        '[tracing.sampler §3.1] always_off still exported 3 spans',
    );
    // an untested required clause blocks the gate too, with no file to point at
    expect(lines[2]).toBe(
      '::error title=buzz-compat spans.count (§3.3)%3A COUNT%3A ws.count(conn_id%2C sub_id)::no test in the suite decides this clause',
    );
    expect(lines).toHaveLength(3);
  });

  it('a listed clause that now passes is an error on its line of the known-failures file', () => {
    const text = renderAnnotations(WITH_BASELINE, BASELINE_CONTEXT, paths);
    expect(text).toContain(
      '::error file=known-failures.txt,line=4,title=buzz-compat metrics.health passes now::remove this clause from the known-failures file',
    );
    expect(text).not.toContain('metrics.exposition');
  });

  it('escapes newlines and percent signs in messages, and reports run errors', () => {
    const text = renderAnnotations([], { runErrors: ['100% broken\nsecond line'] }, paths);
    expect(text).toBe('::error title=buzz-compat run error::100%25 broken%0Asecond line\n');
  });
});
