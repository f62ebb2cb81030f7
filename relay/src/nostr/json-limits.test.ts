import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import { parseClientFrame } from './frames.ts';
import { jsonTextProblem, MAX_JSON_DEPTH } from './json-limits.ts';

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('JSON text limits (what serde_json refuses before buzz reads a message)', () => {
  it('§4 127 levels of nesting pass, the 128th is refused, the frame array counting as one', () => {
    expect(MAX_JSON_DEPTH).toBe(127);
    expect(jsonTextProblem(nested(127))).toBeUndefined();
    expect(jsonTextProblem(nested(128))).toBe('JSON nested deeper than 127 levels');
    expect(jsonTextProblem(`["REQ","s",{"x":${nested(125)}}]`)).toBeUndefined();
    expect(jsonTextProblem(`["REQ","s",{"x":${nested(126)}}]`)).toBe('JSON nested deeper than 127 levels');
    expect(jsonTextProblem(`["EVENT",{"x":${nested(20_000)}}]`)).toBe('JSON nested deeper than 127 levels');
  });

  it('§4 brackets inside strings and escaped quotes do not count', () => {
    expect(jsonTextProblem(JSON.stringify(['EVENT', { content: '['.repeat(500) }]))).toBeUndefined();
    expect(jsonTextProblem(JSON.stringify(['EVENT', { content: `"\\${'['.repeat(500)}` }]))).toBeUndefined();
    expect(jsonTextProblem(`["x\\\\",${nested(126)}]`)).toBeUndefined();
    expect(jsonTextProblem(`["x\\\\",${nested(127)}]`)).toBe('JSON nested deeper than 127 levels');
  });

  it('§4 a \\u escape must not leave a UTF-16 surrogate unpaired', () => {
    const problem = 'a \\u escape holds an unpaired UTF-16 surrogate';
    expect(jsonTextProblem('["CLOSE","\\ud83d\\ude00"]')).toBeUndefined();
    expect(jsonTextProblem('["CLOSE","\\uD83D\\uDE00 ok \\u00e9"]')).toBeUndefined();
    expect(jsonTextProblem('["CLOSE","\\ud83d"]')).toBe(problem);
    expect(jsonTextProblem('["CLOSE","\\ude00"]')).toBe(problem);
    expect(jsonTextProblem('["CLOSE","\\ud83d\\u0041"]')).toBe(problem);
    expect(jsonTextProblem('["CLOSE","\\ud83dx"]')).toBe(problem);
    expect(jsonTextProblem('["CLOSE","\\\\ud83d"]')).toBeUndefined();
  });

  it('§4 text that is not JSON is left to the parser', () => {
    expect(jsonTextProblem('hello relay')).toBeUndefined();
    expect(jsonTextProblem('["EVENT",{')).toBeUndefined();
    expect(parseClientFrame('["EVENT",{')).toEqual({ ok: false, reason: 'not valid JSON' });
  });
});

describe('frame parsing keeps only what was signed', () => {
  const event = finalizeEvent({ kind: 1, created_at: 1000, tags: [['t', 'x']], content: 'hi' }, generateSecretKey());

  it('§4 EVENT and AUTH carry exactly the seven NIP-01 fields, in NIP-01 order', () => {
    for (const type of ['EVENT', 'AUTH'] as const) {
      const parsed = parseClientFrame(JSON.stringify([type, { extra: [[1]], ...event, __proto__: { a: 1 }, x: 'y' }]));
      expect(parsed.ok).toBe(true);
      const carried = parsed.ok && 'event' in parsed.frame ? parsed.frame.event : undefined;
      expect(Object.keys(carried ?? {})).toEqual(['id', 'pubkey', 'created_at', 'kind', 'tags', 'content', 'sig']);
      expect(JSON.stringify(carried)).toBe(
        JSON.stringify({
          id: event.id,
          pubkey: event.pubkey,
          created_at: event.created_at,
          kind: event.kind,
          tags: event.tags,
          content: event.content,
          sig: event.sig,
        }),
      );
    }
  });

  it('§4 id, pubkey and sig in upper case are read as hex and carried in lower case, as buzz stores them', () => {
    const shouted = {
      ...event,
      id: event.id.toUpperCase(),
      pubkey: event.pubkey.toUpperCase(),
      sig: event.sig.toUpperCase(),
    };
    const parsed = parseClientFrame(JSON.stringify(['EVENT', shouted]));
    const { id, pubkey, created_at, kind, tags, content, sig } = event;
    expect(parsed.ok && 'event' in parsed.frame ? parsed.frame.event : undefined).toStrictEqual({
      id,
      pubkey,
      created_at,
      kind,
      tags,
      content,
      sig,
    });
    const notHex = parseClientFrame(JSON.stringify(['EVENT', { ...event, id: 'XYZ' }]));
    expect(notHex.ok && 'event' in notHex.frame ? notHex.frame.event.id : undefined).toBe('XYZ');
  });

  it('§4 a deeply nested extra field is refused before parsing, like buzz', () => {
    const frame = `["AUTH",${JSON.stringify(event).slice(0, -1)},"x":${nested(20_000)}}]`;
    expect(parseClientFrame(frame)).toEqual({ ok: false, reason: 'JSON nested deeper than 127 levels' });
  });
});
