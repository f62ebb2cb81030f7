// Replaces the ids that change on every run by aliases that keep equalities, so a rendered tree is the same
// on every run yet still shows "these two frames came over the same connection". Trace ids and conn_ids
// become `trace#N` / `conn#N` in order of first appearance (trees in buildTrees order, depth first).
// Fixture events are signed at load time, so their ids differ per run too: an event id the clients sent under
// a fixture name is shown as `@name`; any other (AUTH events, which sign a per-connection challenge) becomes
// `event#N`. sub_id is chosen by the client and stays literal.

import type { Attributes, AttributeValue, CollectedSpan } from '../collector/model.ts';
import type { SpanNode, TraceTree } from './build-trees.ts';

export interface AliasOptions {
  /** Fixture name by event id, for the events the clients sent under a name. */
  readonly eventNames: ReadonlyMap<string, string>;
}

/** An attribute after aliasing: either the collected value, or an alias that replaced a string value. */
export type ShownValue = AttributeValue | { readonly type: 'alias'; readonly value: string };

export interface AliasedNode {
  readonly span: CollectedSpan;
  readonly attributes: Readonly<Record<string, ShownValue>>;
  readonly children: readonly AliasedNode[];
}

export interface AliasedTrace {
  readonly alias: string;
  readonly tree: TraceTree;
  readonly roots: readonly AliasedNode[];
}

export interface Aliases {
  readonly traces: ReadonlyMap<string, string>;
  readonly conns: ReadonlyMap<string, string>;
  readonly events: ReadonlyMap<string, string>;
}

export function aliasTrees(
  trees: readonly TraceTree[],
  options: AliasOptions,
): { traces: AliasedTrace[]; aliases: Aliases } {
  const traces = new Map<string, string>();
  const conns = new Map<string, string>();
  const events = new Map<string, string>();
  const aliasOf = (table: Map<string, string>, prefix: string, id: string) => {
    const known = table.get(id);
    if (known !== undefined) return known;
    const fresh = `${prefix}#${table.size + 1}`;
    table.set(id, fresh);
    return fresh;
  };
  const aliasAttributes = (attributes: Attributes): Record<string, ShownValue> => {
    const shown: Record<string, ShownValue> = {};
    for (const [key, value] of Object.entries(attributes)) {
      if (value.type === 'string' && key === 'conn_id')
        shown[key] = { type: 'alias', value: aliasOf(conns, 'conn', value.value) };
      else if (value.type === 'string' && key === 'event_id') {
        const name = options.eventNames.get(value.value);
        shown[key] = { type: 'alias', value: name === undefined ? aliasOf(events, 'event', value.value) : `@${name}` };
      } else shown[key] = value;
    }
    return shown;
  };
  const aliasNode = (node: SpanNode): AliasedNode => ({
    span: node.span,
    attributes: aliasAttributes(node.span.attributes),
    children: node.children.map(aliasNode),
  });
  const aliased = trees.map((tree) => ({
    alias: aliasOf(traces, 'trace', tree.traceId),
    tree,
    roots: tree.roots.map(aliasNode),
  }));
  return { traces: aliased, aliases: { traces, conns, events } };
}
