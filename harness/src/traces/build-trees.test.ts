import { describe, expect, it } from 'vitest';
import { buildTrees } from './build-trees.ts';
import { testSpan } from './test-spans.ts';

const T = (n: number) => String(1767225600000000000n + BigInt(n));

describe('buildTrees', () => {
  it('§3.3 groups by trace, orders traces by root start and children by start time then name', () => {
    const spans = [
      testSpan({ traceId: 'b'.repeat(32), name: 'ws.req', spanId: '1', startTimeUnixNano: T(5) }),
      testSpan({ name: 'ws.event', spanId: '2', startTimeUnixNano: T(1) }),
      testSpan({ name: 'zeta', spanId: '3', parentSpanId: '2', startTimeUnixNano: T(2) }),
      testSpan({ name: 'alpha', spanId: '4', parentSpanId: '2', startTimeUnixNano: T(2) }),
      testSpan({ name: 'first', spanId: '5', parentSpanId: '2', startTimeUnixNano: T(1) }),
    ];
    const { trees, findings } = buildTrees(spans);
    expect(findings).toEqual([]);
    expect(trees.map((t) => t.roots.map((r) => r.span.name))).toEqual([['ws.event'], ['ws.req']]);
    expect(trees[0]?.roots[0]?.children.map((c) => c.span.name)).toEqual(['first', 'alpha', 'zeta']);
  });

  it('§3.3 reports orphans, several roots and parent loops, and still places every span', () => {
    const spans = [
      testSpan({ name: 'ws.event', spanId: '1' }),
      testSpan({ name: 'handle_event', spanId: '2' }),
      testSpan({ name: 'lost', spanId: '3', parentSpanId: '9' }),
      testSpan({ traceId: 'c'.repeat(32), name: 'x', spanId: '4', parentSpanId: '5' }),
      testSpan({ traceId: 'c'.repeat(32), name: 'y', spanId: '5', parentSpanId: '4' }),
    ];
    const { trees, findings } = buildTrees(spans);
    expect(findings.map((f) => f.clause)).toEqual(['spans.trace-per-frame', 'spans.no-orphans', 'spans.no-orphans']);
    expect(findings[1]?.message).toContain('names parent 9, which is not in the trace');
    expect(findings[2]?.message).toContain('parent chain loops');
    const count = (nodes: readonly { children: readonly unknown[] }[]): number =>
      nodes.reduce((n, node) => n + 1 + count(node.children as { children: readonly unknown[] }[]), 0);
    expect(trees.reduce((n, t) => n + count(t.roots), 0)).toBe(5);
  });
});

describe('buildTrees ordering of frames that start in the same millisecond', () => {
  it('§3.3 keeps the order in which their root spans reached the collector, whatever their names', () => {
    const spans = [
      testSpan({ traceId: 'a'.repeat(32), name: 'ws.req', spanId: '1', startTimeUnixNano: T(7), seq: 0 }),
      testSpan({ traceId: 'b'.repeat(32), name: 'ws.count', spanId: '2', startTimeUnixNano: T(7), seq: 1 }),
    ];
    expect(buildTrees(spans).trees.map((t) => t.roots[0]?.span.name)).toEqual(['ws.req', 'ws.count']);
  });
});
