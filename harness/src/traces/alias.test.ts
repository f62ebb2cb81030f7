import { describe, expect, it } from 'vitest';
import { aliasTrees } from './alias.ts';
import { buildTrees } from './build-trees.ts';
import { renderTrees } from './render-tree.ts';
import { testSpan, text } from './test-spans.ts';

const CONN_A = '0b7f5f0e-3c1a-4d2b-9e8f-0123456789ab';
const CONN_B = '1c8a6a1f-4d2b-4e3c-af90-123456789abc';
const NAMED = 'f'.repeat(64);
const VOLATILE = 'e'.repeat(64);

function session(connFirst: string, connSecond: string, traceSalt: string) {
  const t = (n: number) => String(1767225600000000000n + BigInt(n));
  return [
    testSpan({
      traceId: `${traceSalt}1`.padEnd(32, '0'),
      name: 'ws.auth',
      spanId: '1',
      startTimeUnixNano: t(1),
      attributes: { conn_id: text(connFirst) },
    }),
    testSpan({
      traceId: `${traceSalt}1`.padEnd(32, '0'),
      name: 'handle_auth',
      spanId: '2',
      parentSpanId: '1',
      startTimeUnixNano: t(2),
      attributes: { conn_id: text(connFirst), event_id: text(VOLATILE) },
    }),
    testSpan({
      traceId: `${traceSalt}2`.padEnd(32, '0'),
      name: 'ws.req',
      spanId: '3',
      startTimeUnixNano: t(3),
      attributes: { conn_id: text(connSecond), sub_id: text('s') },
    }),
    testSpan({
      traceId: `${traceSalt}3`.padEnd(32, '0'),
      name: 'ws.event',
      spanId: '4',
      startTimeUnixNano: t(4),
      attributes: {
        conn_id: text(connFirst),
        event_id: text(NAMED),
        kind: text('1'),
        'thread.id': { type: 'int', value: '7' },
      },
    }),
  ];
}

describe('aliasTrees and renderTrees', () => {
  it('§3.3 aliases conn and trace ids by first appearance, sent events by fixture name, keeps sub ids literally', () => {
    const { trees } = buildTrees(session(CONN_A, CONN_B, 'a'));
    const { traces, aliases } = aliasTrees(trees, { eventNames: new Map([[NAMED, 'note-1']]) });
    expect(traces.map((t) => t.alias)).toEqual(['trace#1', 'trace#2', 'trace#3']);
    expect([...aliases.conns.values()]).toEqual(['conn#1', 'conn#2']);
    expect(renderTrees(traces)).toBe(
      [
        'ws.auth [INTERNAL] conn_id=conn#1',
        '  handle_auth [INTERNAL] conn_id=conn#1 event_id=event#1',
        '',
        'ws.req [INTERNAL] conn_id=conn#2 sub_id="s"',
        '',
        'ws.event [INTERNAL] conn_id=conn#1 event_id=@note-1 kind="1"',
        '',
      ].join('\n'),
    );
  });

  it('§3.3 the rendering is the same when every id changes but the equalities hold', () => {
    const render = (a: string, b: string, salt: string) =>
      renderTrees(
        aliasTrees(buildTrees(session(a, b, salt)).trees, { eventNames: new Map([[NAMED, 'note-1']]) }).traces,
      );
    expect(render(CONN_B, CONN_A, 'b')).toBe(render(CONN_A, CONN_B, 'a'));
    expect(render(CONN_A, CONN_A, 'a')).not.toBe(render(CONN_A, CONN_B, 'a'));
  });

  it('§3.3 extra attributes are hidden by default, shown with their types on request', () => {
    const { trees } = buildTrees(session(CONN_A, CONN_B, 'a'));
    const all = renderTrees(aliasTrees(trees, { eventNames: new Map() }).traces, { allAttributes: true });
    expect(all).toContain('ws.event [INTERNAL] conn_id=conn#1 event_id=event#2 kind="1" thread.id=7');
  });
});
