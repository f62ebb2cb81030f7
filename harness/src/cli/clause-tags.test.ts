import { describe, expect, it } from 'vitest';
import { clauseIdsOfTitle, testNamePatternFor } from './clause-tags.ts';

describe('clauseIdsOfTitle', () => {
  const cases: [string, string[]][] = [
    ['[metrics.buckets] bounds as listed', ['metrics.buckets']],
    ['[metrics.buckets §2.2] bounds as listed', ['metrics.buckets']],
    ['[spans.event, spans.ws-event-attributes] EVENT spans', ['spans.event', 'spans.ws-event-attributes']],
    ['[spans.req] [spans.count] REQ and COUNT', ['spans.req', 'spans.count']],
    ['  [metrics.health] leading spaces', ['metrics.health']],
    ['§2.1 counters render before gauges', []],
    ['renders [metrics.buckets] later in the title', []],
    ['[TODO] not an id', []],
    ['[metrics] no dot, not an id', []],
  ];
  it.each(cases)('%s', (title, ids) => {
    expect(clauseIdsOfTitle(title)).toEqual(ids);
  });
});

describe('testNamePatternFor', () => {
  const pattern = testNamePatternFor(['metrics.buckets', 'spans.req']);
  it.each([
    ['[metrics.buckets] x', true],
    ['suite > [metrics.buckets §2.2] x', true],
    ['[spans.count, spans.req] x', true],
    ['[metrics.buckets-extra] x', false],
    ['[metrics.bucketsX] x', false],
    ['[spans.reqs] x', false],
    ['metrics.buckets without brackets', false],
  ])('%s → %s', (name, matches) => {
    expect(pattern.test(name)).toBe(matches);
  });
});
