import { describe, expect, it } from 'vitest';
import { compareMetricsGolden } from './compare.ts';

const golden = {
  path: 'golden/metrics/example.prom',
  header: { scenario: 'example', contract: 'v2', buzz: 'sprout@9ee5aee' },
  body: '# TYPE a_total counter\na_total 1\n\n# TYPE b gauge\nb 2\n\n',
};

describe('compareMetricsGolden', () => {
  it('§2.1 a body equal to its golden has no findings', () => {
    const result = compareMetricsGolden(golden, 'example', golden.body);
    expect(result.equal).toBe(true);
    expect(result.findings).toEqual([]);
  });

  it('§2.1 a gauge before a counter is found even though the canonical form equals the golden', () => {
    const result = compareMetricsGolden(
      golden,
      'example',
      '# TYPE b gauge\nb 2\n\n# TYPE a_total counter\na_total 1\n\n',
    );
    expect(result.equal).toBe(true);
    expect(result.findings.map((f) => f.clause)).toContain('metrics.group-order');
  });
});
