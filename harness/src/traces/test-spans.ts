// A tiny builder of CollectedSpans for the trace engine's unit tests: only the fields a test cares about.

import type { Attributes, CollectedSpan } from '../collector/model.ts';

let seq = 0;

export function testSpan(fields: Partial<CollectedSpan> & Pick<CollectedSpan, 'name' | 'spanId'>): CollectedSpan {
  seq += 1;
  return {
    traceId: 'a'.repeat(32),
    parentSpanId: '',
    kind: 1,
    startTimeUnixNano: '1767225600000000000',
    endTimeUnixNano: '1767225600000001000',
    attributes: {},
    status: { code: 0, message: '' },
    resource: { 'service.name': { type: 'string', value: 'buzz-relay' } },
    scope: { name: 'buzz-relay', version: '' },
    transport: 'grpc',
    seq,
    ...fields,
  };
}

export const text = (value: string): Attributes[string] => ({ type: 'string', value });
