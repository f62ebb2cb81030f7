// An ID-free text form of span trees, one line per span, children indented by two spaces and ordered by
// start time then name, trees separated by an empty line. Values show their wire type so that a type change
// is a visible difference: strings quoted (JSON), ints bare, doubles always with a point or exponent,
// aliases (conn#N, event#N) bare. By default only the attributes the contract names for that span are shown
// (CONTRACT §3.3: extra attributes are allowed and ignored); `allAttributes` shows every one.

import type { AliasedNode, AliasedTrace, ShownValue } from './alias.ts';
import { contractAttributesOf } from './span-contract.ts';

export interface RenderOptions {
  readonly allAttributes?: boolean;
}

const SPAN_KINDS: readonly string[] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

export function renderTrees(traces: readonly AliasedTrace[], options: RenderOptions = {}): string {
  const blocks = traces.map((trace) => trace.roots.flatMap((root) => renderNode(root, 0, options)).join('\n'));
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

function renderNode(node: AliasedNode, depth: number, options: RenderOptions): string[] {
  const { span } = node;
  const kind = SPAN_KINDS[span.kind] ?? `KIND_${span.kind}`;
  const orphan = depth === 0 && span.parentSpanId !== '' ? ' [orphan]' : '';
  const shownKeys = options.allAttributes ? Object.keys(node.attributes) : contractAttributesOf(span.name);
  const attributes = [...shownKeys]
    .filter((key) => node.attributes[key] !== undefined)
    .sort()
    .map((key) => `${key}=${renderValue(node.attributes[key] as ShownValue)}`);
  const line = [`${'  '.repeat(depth)}${span.name} [${kind}]${orphan}`, ...attributes].join(' ');
  return [line, ...node.children.flatMap((child) => renderNode(child, depth + 1, options))];
}

export function renderValue(value: ShownValue): string {
  switch (value.type) {
    case 'alias':
      return value.value;
    case 'string':
      return JSON.stringify(value.value);
    case 'int':
      return value.value;
    case 'double':
      return Number.isInteger(value.value) ? value.value.toFixed(1) : String(value.value);
    case 'bool':
      return String(value.value);
    case 'bytes':
      return `bytes(${value.value})`;
    case 'array':
      return `[${value.value.map(renderValue).join(', ')}]`;
    case 'kvlist':
      return `{${Object.entries(value.value)
        .map(([k, v]) => `${k}=${renderValue(v)}`)
        .join(', ')}}`;
    case 'empty':
      return '<empty>';
  }
}
