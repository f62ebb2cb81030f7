// The OTLP/JSON decoding rules, one case per row: what a body holds and what the collector must make of it.
import { describe, expect, it } from 'vitest';
import { decodeJsonExport } from './decode-json.ts';

const SPAN_PATH = 'resourceSpans[0].scopeSpans[0].spans[0]';

function withSpan(span: Record<string, unknown>): string {
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
}

const ID = { traceId: '0102030405060708090a0b0c0d0e0f10', spanId: '0102030405060708' };

const refused: ReadonlyArray<{ readonly what: string; readonly body: string; readonly message: string }> = [
  { what: 'a body that is not JSON', body: '{"resourceSpans": [', message: 'body is not JSON' },
  {
    what: 'resourceSpans not an array',
    body: '{"resourceSpans": {}}',
    message: 'request.resourceSpans: expected an array',
  },
  {
    what: 'an odd number of hex digits',
    body: withSpan({ ...ID, spanId: 'abc' }),
    message: `${SPAN_PATH}.spanId: expected a hex string`,
  },
  {
    what: 'a base64 id (protobuf JSON, not OTLP/JSON)',
    body: withSpan({ ...ID, traceId: 'AQIDBAUGBwgJCgsMDQ4PEA==' }),
    message: `${SPAN_PATH}.traceId: expected a hex string`,
  },
  {
    what: 'an enum given by name',
    body: withSpan({ ...ID, kind: 'SPAN_KIND_INTERNAL' }),
    message: `${SPAN_PATH}.kind: expected an integer enum value (OTLP/JSON enums are numbers, not names)`,
  },
  {
    what: 'a fractional int64',
    body: withSpan({ ...ID, attributes: [{ key: 'n', value: { intValue: 1.5 } }] }),
    message: `${SPAN_PATH}.attributes[0].value.intValue: expected an integer`,
  },
  {
    what: 'a negative timestamp',
    body: withSpan({ ...ID, startTimeUnixNano: '-1' }),
    message: `${SPAN_PATH}.startTimeUnixNano: expected an unsigned integer`,
  },
  {
    what: 'an attribute key that is not a string',
    body: withSpan({ ...ID, attributes: [{ key: 7, value: {} }] }),
    message: `${SPAN_PATH}.attributes[0].key: expected a string, got 7`,
  },
];

describe('OTLP/JSON decoding', () => {
  it.each(refused)('§3.1 refuses $what, naming the field', ({ body, message }) => {
    expect(() => decodeJsonExport(body)).toThrow(message);
  });

  it('§3.1 absent optional parts take their proto3 defaults', () => {
    const [span] = decodeJsonExport(withSpan({ ...ID }));
    expect(span).toEqual({
      ...ID,
      parentSpanId: '',
      name: '',
      kind: 0,
      startTimeUnixNano: '0',
      endTimeUnixNano: '0',
      attributes: {},
      status: { code: 0, message: '' },
      resource: {},
      scope: { name: '', version: '' },
    });
  });

  it('§3.3 nested values keep their types: kvlist inside array, double given as a string', () => {
    const [span] = decodeJsonExport(
      withSpan({
        ...ID,
        attributes: [
          {
            key: 'nested',
            value: {
              arrayValue: {
                values: [
                  { kvlistValue: { values: [{ key: 'k', value: { boolValue: false } }] } },
                  { doubleValue: '2.5' },
                ],
              },
            },
          },
        ],
      }),
    );
    expect(span?.attributes).toEqual({
      nested: {
        type: 'array',
        value: [
          { type: 'kvlist', value: { k: { type: 'bool', value: false } } },
          { type: 'double', value: 2.5 },
        ],
      },
    });
  });
});
