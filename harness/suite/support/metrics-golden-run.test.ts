import { describe, expect, it } from 'vitest';
import type { GoldenFile } from '../../src/golden/read.ts';
import { expectNoMetricsFindings } from './metrics-findings.ts';
import { decidedClauses, judgeNode } from './metrics-golden-run.ts';

const COUNTER = '# TYPE buzz_ws_connections_total counter\nbuzz_ws_connections_total 1\n\n';
const GAUGE = '# TYPE buzz_ws_connections_active gauge\nbuzz_ws_connections_active 0\n\n';
const golden: GoldenFile = {
  path: 'golden/metrics/unit.prom',
  header: { scenario: 'unit', contract: 'v2', buzz: 'sprout@9ee5aee' },
  body: COUNTER + GAUGE,
};

describe('judgeNode', () => {
  it('§2.1 a scrape equal to its golden has no finding', () => {
    expect(judgeNode('unit', golden, COUNTER + GAUGE)).toEqual({
      golden: 'unit',
      findings: [],
      diff: '',
      expected: COUNTER + GAUGE,
      actual: COUNTER + GAUGE,
    });
  });

  it('§2.3 a finding points at the golden line the scrape first differs from, its header counted', () => {
    const verdict = judgeNode('unit', golden, COUNTER.replace(' 1\n', ' 2\n') + GAUGE);
    expect(verdict.findings.map((f) => [f.clause, f.at])).toEqual([
      ['metrics.values', { file: 'golden/metrics/unit.prom', line: 3 }],
    ]);
  });

  it('§2.3 the thrown failure carries expected and actual, so vitest shows its own diff beside the message', () => {
    const verdict = judgeNode('unit', golden, COUNTER.replace(' 1\n', ' 2\n') + GAUGE);
    let thrown: unknown;
    try {
      expectNoMetricsFindings([verdict], 'metrics.values');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ expected: COUNTER + GAUGE, actual: verdict.actual, showDiff: true });
    expect((thrown as Error).message).toContain('golden/metrics/unit.prom:');
    expect(() => expectNoMetricsFindings([verdict], 'metrics.exposition')).not.toThrow();
  });

  it('§2.1 group order is judged on the raw body even when its canonical form equals the golden', () => {
    const verdict = judgeNode('unit', golden, GAUGE + COUNTER);
    expect(verdict.findings.map((f) => f.clause)).toEqual(['metrics.group-order']);
    expect(verdict.diff).toBe('');
  });

  it('§2.1 a missing golden fails every clause with the way to create it', () => {
    const verdict = judgeNode('unit', undefined, COUNTER);
    expect(new Set(verdict.findings.map((f) => f.clause)).has('metrics.values')).toBe(true);
    expect(verdict.findings[0]?.message).toContain('golden/metrics/unit.prom does not exist');
  });
});

describe('decidedClauses', () => {
  it('§2.3 a scenario gets the clauses of the families it declares, and the histogram ones only with a histogram', () => {
    const counters = decidedClauses(['buzz_events_received_total']);
    expect(counters).toContain('metrics.family.events');
    expect(counters).toContain('metrics.labels.kind');
    expect(counters).not.toContain('metrics.buckets');
    expect(counters).not.toContain('metrics.family.http');
    const withHistogram = decidedClauses(['http_request_latency_ms']);
    expect(withHistogram).toContain('metrics.buckets');
    expect(withHistogram).toContain('metrics.histogram-lines');
  });
});
