// Semantic checks of the spans a scenario produced against the frames its clients sent (CONTRACT §3.3, §6):
// one trace per span-making frame with exactly the contract's spans and parent relations, required
// attributes present as strings with the right values, every span INTERNAL, scope `buzz-relay`, no orphans,
// and no trace for CLOSE, unparsable or rate-limited frames. Traces are matched to frames by the event id or
// sub id they carry, then by root name in start order, so a renamed or re-parented span is still reported
// against the frame it belongs to.

import type { ClauseId } from '../clauses/catalogue.ts';
import { type Finding, finding } from '../clauses/finding.ts';
import type { AttributeValue, CollectedSpan } from '../collector/model.ts';
import { buildTrees, type SpanNode, type TraceTree } from './build-trees.ts';
import { renderValue } from './render-tree.ts';
import { describeFrame, type SentFrame } from './sent-frames.ts';
import { FRAME_SPANS, type FrameSpans, SECTION_6_ATTRIBUTES, type SpanFrame } from './span-contract.ts';

const SCOPE_NAME = 'buzz-relay';
const INTERNAL = 1;
const CONN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EVENT_ID = /^[0-9a-f]{64}$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

type SpanMakingFrame = Extract<SentFrame, { type: SpanFrame }>;

export function checkTopology(spans: readonly CollectedSpan[], frames: readonly SentFrame[]): Finding[] {
  const built = buildTrees(spans);
  const findings: Finding[] = [...built.findings, ...checkKindsAndScope(spans)];
  const claimed = new Map<TraceTree, SpanMakingFrame>();
  const spanFrames = frames.filter((f): f is SpanMakingFrame => f.type in FRAME_SPANS);
  const unmatched: SpanMakingFrame[] = [];
  for (const frame of spanFrames) {
    const tree = pick(built.trees, claimed, frame, (t) => carries(t, frame));
    if (tree === undefined) unmatched.push(frame);
    else claimed.set(tree, frame);
  }
  for (const frame of unmatched) {
    const tree = pick(built.trees, claimed, frame, (t) => t.roots.some((r) => r.span.name === rootName(frame)));
    if (tree === undefined) {
      findings.push(
        finding(
          FRAME_SPANS[frame.type].clause,
          `no trace for ${describeFrame(frame)}; expected ${chain(FRAME_SPANS[frame.type])}`,
        ),
      );
    } else {
      claimed.set(tree, frame);
    }
  }
  for (const tree of built.trees) {
    const frame = claimed.get(tree);
    findings.push(...(frame === undefined ? unclaimedTree(tree, frames) : checkShape(tree, frame)));
  }
  findings.push(...checkConnections(claimed));
  return findings;
}

function rootName(frame: SpanMakingFrame): string {
  return FRAME_SPANS[frame.type].spans[0]?.name ?? '';
}

function chain(spans: FrameSpans): string {
  return spans.spans.map((s) => s.name).join(' → ');
}

/** The earliest unclaimed tree that passes `test`, preferring one whose root has the frame's root name. */
function pick(
  trees: readonly TraceTree[],
  claimed: ReadonlyMap<TraceTree, SentFrame>,
  frame: SpanMakingFrame,
  test: (tree: TraceTree) => boolean,
): TraceTree | undefined {
  const open = trees.filter((t) => !claimed.has(t) && test(t));
  return open.find((t) => t.roots.some((r) => r.span.name === rootName(frame))) ?? open[0];
}

function carries(tree: TraceTree, frame: SpanMakingFrame): boolean {
  const key = frame.type === 'AUTH' || frame.type === 'EVENT' ? 'event_id' : 'sub_id';
  const wanted = frame.type === 'AUTH' || frame.type === 'EVENT' ? frame.eventId : frame.subId;
  return allNodes(tree).some((n) => stringAttribute(n.span, key) === wanted);
}

function allNodes(tree: TraceTree): SpanNode[] {
  const out: SpanNode[] = [];
  const visit = (node: SpanNode) => {
    out.push(node);
    node.children.forEach(visit);
  };
  tree.roots.forEach(visit);
  return out;
}

function stringAttribute(span: CollectedSpan, key: string): string | undefined {
  const value = span.attributes[key];
  return value?.type === 'string' ? value.value : undefined;
}

function checkShape(tree: TraceTree, frame: SpanMakingFrame): Finding[] {
  const rules = FRAME_SPANS[frame.type];
  const clause = rules.clause;
  const what = describeFrame(frame);
  const findings: Finding[] = [];
  const [rootRule, ...childRules] = rules.spans;
  if (rootRule === undefined) return findings;
  const root = tree.roots.find((r) => r.span.name === rootRule.name) ?? tree.roots[0];
  if (root === undefined) return findings;
  if (root.span.name !== rootRule.name) {
    findings.push(
      finding(clause, `${what}: the trace's root span is named ${root.span.name}; expected ${rootRule.name}`),
    );
  }
  const matched = new Map<string, SpanNode>([[rootRule.name, root]]);
  for (const rule of childRules) {
    const parent = matched.get(rule.parent ?? '');
    const node = parent?.children.find((c) => c.span.name === rule.name);
    if (node !== undefined) {
      matched.set(rule.name, node);
      continue;
    }
    if (rule.name === 'fan_out_scoped' && frame.type === 'EVENT' && frame.fanOut === false) continue;
    const elsewhere = allNodes(tree).find((n) => n.span.name === rule.name);
    const asRoot = tree.roots.find((r) => r.span.name === rule.name);
    if (asRoot !== undefined) {
      findings.push(
        finding(clause, `${what}: ${rule.name} is a root of the trace; expected a child of ${rule.parent}`),
      );
    } else if (elsewhere !== undefined) {
      findings.push(
        finding(clause, `${what}: ${rule.name} is not a child of ${rule.parent}; expected ${chain(rules)}`),
      );
    } else if (parent !== undefined) {
      findings.push(
        finding(clause, `${what}: ${parent.span.name} has no child span ${rule.name}; expected ${chain(rules)}`),
      );
    }
    if (elsewhere !== undefined) matched.set(rule.name, elsewhere);
  }
  const expectedNodes = new Set(matched.values());
  for (const node of allNodes(tree)) {
    if (!expectedNodes.has(node) && node.span.parentSpanId !== '') {
      findings.push(
        finding(
          clause,
          `${what}: unexpected span ${node.span.name}; the contract's spans for ${frame.type} are ${chain(rules)}`,
        ),
      );
    }
  }
  for (const other of tree.roots) {
    if (other !== root && !expectedNodes.has(other)) {
      findings.push(finding(clause, `${what}: unexpected root span ${other.span.name} in the same trace`));
    }
  }
  for (const rule of rules.spans) {
    const node = matched.get(rule.name);
    if (node !== undefined) findings.push(...checkAttributes(node.span, rule.attributes, frame, clause));
  }
  return findings;
}

function checkAttributes(
  span: CollectedSpan,
  required: readonly string[],
  frame: SpanMakingFrame,
  clause: ClauseId,
): Finding[] {
  const what = describeFrame(frame);
  const findings: Finding[] = [];
  for (const key of required) {
    const value = span.attributes[key];
    if (value === undefined) {
      const section6 = SECTION_6_ATTRIBUTES[span.name]?.includes(key) ?? false;
      findings.push(
        section6
          ? finding(
              'spans.ws-event-attributes',
              `${what}: ${span.name} has no ${key} attribute; the suite asserts it on ${span.name} itself, not only on its child`,
            )
          : finding(clause, `${what}: ${span.name} has no ${key} attribute`),
      );
      continue;
    }
    if (value.type !== 'string') {
      findings.push(
        finding(
          'spans.attribute-values',
          `${what}: ${span.name}.${key} is ${describeValue(value)}; attribute values are strings`,
        ),
      );
      continue;
    }
    const problem = valueProblem(key, value.value, frame);
    if (problem !== undefined)
      findings.push(finding('spans.attribute-values', `${what}: ${span.name}.${key} ${problem}`));
  }
  return findings;
}

function valueProblem(key: string, value: string, frame: SpanMakingFrame): string | undefined {
  const shown = JSON.stringify(value);
  if (key === 'conn_id' && !CONN_ID.test(value)) return `is ${shown}; expected a lowercase hyphenated UUID`;
  if (key === 'event_id') {
    if (!EVENT_ID.test(value)) return `is ${shown}; expected 64 lowercase hex digits`;
    if ('eventId' in frame && value !== frame.eventId) return `is ${shown}; the client sent ${frame.eventId}`;
  }
  if (key === 'kind' && frame.type === 'EVENT') {
    if (!DECIMAL.test(value)) return `is ${shown}; expected the kind as a decimal string`;
    if (value !== String(frame.kind)) return `is ${shown}; the client sent kind ${frame.kind}`;
  }
  if (key === 'sub_id' && 'subId' in frame && value !== frame.subId)
    return `is ${shown}; the client sent ${JSON.stringify(frame.subId)}`;
  return undefined;
}

function describeValue(value: AttributeValue): string {
  return `${value.type} ${renderValue(value)}`;
}

function unclaimedTree(tree: TraceTree, frames: readonly SentFrame[]): Finding[] {
  const root = tree.roots[0]?.span;
  if (root === undefined) return [];
  const childOf = (Object.keys(FRAME_SPANS) as SpanFrame[]).find((f) =>
    FRAME_SPANS[f].spans.slice(1).some((s) => s.name === root.name),
  );
  if (childOf !== undefined) {
    const parent = FRAME_SPANS[childOf].spans.find((s) => s.name === root.name)?.parent;
    return [
      finding(
        FRAME_SPANS[childOf].clause,
        `${root.name} is the root of its own trace; CONTRACT §3.3 makes it a child of ${parent}`,
      ),
    ];
  }
  const frameOfRoot = (Object.keys(FRAME_SPANS) as SpanFrame[]).find(
    (f) => FRAME_SPANS[f].spans[0]?.name === root.name,
  );
  const subId = allNodes(tree)
    .map((n) => stringAttribute(n.span, 'sub_id'))
    .find((s) => s !== undefined);
  const closed = frames.find((f) => f.type === 'CLOSE' && f.subId === subId);
  if (closed !== undefined) {
    return [
      finding(
        'spans.none-for-close',
        `a trace with root ${root.name} carries the sub_id of ${describeFrame(closed)}; CLOSE makes no span`,
      ),
    ];
  }
  if (frameOfRoot !== undefined) {
    return [
      finding(FRAME_SPANS[frameOfRoot].clause, `a ${root.name} trace matches no ${frameOfRoot} frame the clients sent`),
    ];
  }
  const silent = frames.some((f) => f.type === 'CLOSE' || f.type === 'unparsable' || f.type === 'rate-limited');
  return [
    finding(
      silent ? 'spans.none-for-close' : 'spans.trace-per-frame',
      `a trace with root ${root.name} matches no frame the clients sent; only AUTH, EVENT, REQ and COUNT frames make spans`,
    ),
  ];
}

function checkKindsAndScope(spans: readonly CollectedSpan[]): Finding[] {
  const findings: Finding[] = [];
  const kinds = new Map<string, number>();
  for (const span of spans) if (span.kind !== INTERNAL) kinds.set(span.name, span.kind);
  for (const [name, kind] of kinds) {
    findings.push(finding('spans.kind', `${name} has span kind ${kind}; every span is INTERNAL (1)`));
  }
  const scopes = new Set(spans.map((s) => s.scope.name).filter((n) => n !== SCOPE_NAME));
  for (const scope of scopes) {
    findings.push(
      finding(
        'tracing.scope',
        `spans arrive under instrumentation scope ${JSON.stringify(scope)}; expected ${SCOPE_NAME}`,
      ),
    );
  }
  return findings;
}

function checkConnections(claimed: ReadonlyMap<TraceTree, SpanMakingFrame>): Finding[] {
  const connsByClient = new Map<string, Set<string>>();
  for (const [tree, frame] of claimed) {
    for (const node of allNodes(tree)) {
      const conn = stringAttribute(node.span, 'conn_id');
      if (conn === undefined) continue;
      connsByClient.set(frame.client, (connsByClient.get(frame.client) ?? new Set()).add(conn));
    }
  }
  const findings: Finding[] = [];
  const owner = new Map<string, string>();
  for (const [client, conns] of connsByClient) {
    if (conns.size > 1) {
      findings.push(
        finding(
          'spans.attribute-values',
          `client ${client}'s frames carry ${conns.size} different conn_ids; one connection has one conn_id`,
        ),
      );
    }
    for (const conn of conns) {
      const other = owner.get(conn);
      if (other !== undefined && other !== client) {
        findings.push(
          finding(
            'spans.attribute-values',
            `clients ${other} and ${client} share conn_id ${conn}; each connection has its own`,
          ),
        );
      }
      owner.set(conn, client);
    }
  }
  return findings;
}
