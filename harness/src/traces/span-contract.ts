// CONTRACT §3.3 as data: for each frame, its spans (parent → child) and the attributes each must carry,
// and the clause a deviation is reported under. topology-check.ts and render-tree.ts both read this table.

import type { ClauseId } from '../clauses/catalogue.ts';

export type SpanFrame = 'AUTH' | 'EVENT' | 'REQ' | 'COUNT';

export interface SpanRule {
  readonly name: string;
  /** Parent span name, or undefined for the frame's root. */
  readonly parent: string | undefined;
  readonly attributes: readonly string[];
}

export interface FrameSpans {
  readonly clause: ClauseId;
  /** Root first, then children in parent order. */
  readonly spans: readonly SpanRule[];
}

export const FRAME_SPANS: Readonly<Record<SpanFrame, FrameSpans>> = {
  AUTH: {
    clause: 'spans.auth',
    spans: [
      { name: 'ws.auth', parent: undefined, attributes: ['conn_id'] },
      { name: 'handle_auth', parent: 'ws.auth', attributes: ['event_id', 'conn_id'] },
    ],
  },
  EVENT: {
    clause: 'spans.event',
    spans: [
      { name: 'ws.event', parent: undefined, attributes: ['conn_id', 'event_id', 'kind'] },
      { name: 'handle_event', parent: 'ws.event', attributes: ['event_id', 'kind'] },
      { name: 'fan_out_scoped', parent: 'handle_event', attributes: [] },
    ],
  },
  REQ: { clause: 'spans.req', spans: [{ name: 'ws.req', parent: undefined, attributes: ['conn_id', 'sub_id'] }] },
  COUNT: { clause: 'spans.count', spans: [{ name: 'ws.count', parent: undefined, attributes: ['conn_id', 'sub_id'] }] },
};

/** The §6 pair: ws.event's own event_id and kind, which buzz-relay at PR #1398 records only on handle_event. */
export const SECTION_6_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = { 'ws.event': ['event_id', 'kind'] };

export const CONTRACT_ATTRIBUTE_KEYS: readonly string[] = ['conn_id', 'event_id', 'kind', 'sub_id'];

/** The attributes the contract names for a span name; for a name it does not know, every contract key. */
export function contractAttributesOf(spanName: string): readonly string[] {
  for (const frame of Object.values(FRAME_SPANS)) {
    const rule = frame.spans.find((s) => s.name === spanName);
    if (rule !== undefined) return rule.attributes;
  }
  return CONTRACT_ATTRIBUTE_KEYS;
}
