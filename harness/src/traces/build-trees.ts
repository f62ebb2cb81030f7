// CollectedSpans → one tree per trace, and the structural faults CONTRACT §3.3 forbids: orphans (a parent id
// that names no span of the trace), traces with more than one root, and parent chains that loop.
// Orphans and spans caught in a loop are kept as extra roots of their trace, so they still get rendered.

import { type Finding, finding } from '../clauses/finding.ts';
import type { CollectedSpan } from '../collector/model.ts';

export interface SpanNode {
  readonly span: CollectedSpan;
  readonly children: readonly SpanNode[];
}

export interface TraceTree {
  readonly traceId: string;
  /** True roots first, then orphans, then loop entries; each group by start time, then name. */
  readonly roots: readonly SpanNode[];
  /** Spans whose parent id names no span of this trace. */
  readonly orphans: readonly CollectedSpan[];
  /** Spans reachable from no root because their parent chain loops. */
  readonly cycles: readonly CollectedSpan[];
}

export interface BuiltTrees {
  /** Ordered by the start time of the earliest root, then by arrival at the collector. */
  readonly trees: readonly TraceTree[];
  readonly findings: readonly Finding[];
}

export function compareSpans(a: CollectedSpan, b: CollectedSpan): number {
  const ta = BigInt(a.startTimeUnixNano);
  const tb = BigInt(b.startTimeUnixNano);
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.seq - b.seq;
}

/**
 * Traces in the order their frames were sent. SDKs may stamp whole milliseconds, so two frames a client sent one
 * after the other can start in the same one; arrival order at the collector then keeps them in sending order (a
 * frame's root span is exported when it ends, before the client sends the next frame).
 */
function compareRoots(a: CollectedSpan, b: CollectedSpan): number {
  const ta = BigInt(a.startTimeUnixNano);
  const tb = BigInt(b.startTimeUnixNano);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.seq - b.seq;
}

export function buildTrees(spans: readonly CollectedSpan[]): BuiltTrees {
  const byTrace = new Map<string, CollectedSpan[]>();
  for (const span of spans) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
  const trees = [...byTrace].map(([traceId, members]) => buildTree(traceId, members));
  trees.sort((a, b) => {
    const ra = a.roots[0]?.span;
    const rb = b.roots[0]?.span;
    return ra === undefined || rb === undefined ? 0 : compareRoots(ra, rb);
  });
  return { trees, findings: trees.flatMap(structuralFindings) };
}

function buildTree(traceId: string, members: readonly CollectedSpan[]): TraceTree {
  const ids = new Set(members.map((s) => s.spanId));
  const childrenOf = new Map<string, CollectedSpan[]>();
  for (const span of members) childrenOf.set(span.parentSpanId, [...(childrenOf.get(span.parentSpanId) ?? []), span]);
  const placed = new Set<CollectedSpan>();
  const node = (span: CollectedSpan): SpanNode => {
    placed.add(span);
    const children = [...(childrenOf.get(span.spanId) ?? [])].filter((c) => !placed.has(c)).sort(compareSpans);
    return { span, children: children.map(node) };
  };
  const trueRoots = members.filter((s) => s.parentSpanId === '').sort(compareSpans);
  const orphans = members.filter((s) => s.parentSpanId !== '' && !ids.has(s.parentSpanId)).sort(compareSpans);
  const roots = [...trueRoots, ...orphans].map(node);
  const cycles: CollectedSpan[] = [];
  for (const span of [...members].sort(compareSpans)) {
    if (placed.has(span)) continue;
    cycles.push(span);
    roots.push(node(span));
  }
  return { traceId, roots, orphans, cycles };
}

function structuralFindings(tree: TraceTree): Finding[] {
  const findings: Finding[] = [];
  const rootNames = tree.roots.filter((r) => r.span.parentSpanId === '').map((r) => r.span.name);
  if (rootNames.length > 1) {
    findings.push(
      finding(
        'spans.trace-per-frame',
        `trace ${tree.traceId} has ${rootNames.length} roots (${rootNames.join(', ')}); each frame's trace has exactly one`,
      ),
    );
  }
  for (const span of tree.orphans) {
    findings.push(
      finding(
        'spans.no-orphans',
        `span ${span.name} (${span.spanId}) in trace ${tree.traceId} names parent ${span.parentSpanId}, which is not in the trace`,
      ),
    );
  }
  if (tree.cycles.length > 0) {
    const names = tree.cycles.map((s) => `${s.name} (${s.spanId})`).join(', ');
    findings.push(
      finding(
        'spans.no-orphans',
        `trace ${tree.traceId} has spans whose parent chain loops and reaches no root: ${names}`,
      ),
    );
  }
  return findings;
}
