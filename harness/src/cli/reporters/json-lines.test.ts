import { describe, expect, it } from 'vitest';
import { renderJsonLines } from './json-lines.ts';
import { SAMPLE } from './sample-results.ts';

describe('renderJsonLines', () => {
  it('writes one JSON object per clause, one per line, without ANSI codes', () => {
    const text = renderJsonLines(SAMPLE);
    expect(text.endsWith('\n')).toBe(true);
    const objects = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(objects.map((object) => [object.id, object.status, object.required])).toEqual([
      ['metrics.health', 'pass', true],
      ['metrics.exposition', 'fail', true],
      ['tracing.sampler', 'fail', false],
      ['spans.count', 'untested', true],
    ]);
    expect(objects[1].reasons[0]).toMatch(
      /^\[metrics\.exposition §2\.1\] expected "\\n\\n" & got <EOF> \| red.\nline 2/,
    );
    expect(objects[1].reasons[0]).not.toContain('\u001b');
    expect(objects[1].tests).toHaveLength(2);
    expect(Object.keys(objects[0])).toEqual([
      'id',
      'section',
      'title',
      'required',
      'status',
      'standing',
      'expected',
      'reasons',
      'findings',
      'evidence',
      'tests',
    ]);
    expect(objects[1].findings).toEqual([
      {
        clause: 'metrics.exposition',
        message: '[metrics.exposition §2.1] the body does not end with an empty line',
        at: { file: 'golden/metrics/core-ingest.prom', line: 14 },
      },
    ]);
    expect(objects[1].evidence).toEqual(['/work/reports/evidence/metrics/core-ingest']);
    expect(objects.map((object) => object.standing)).toEqual(['pass', 'blocking', 'advisory', 'blocking']);
  });

  it('writes nothing for no clauses', () => {
    expect(renderJsonLines([])).toBe('');
  });
});
