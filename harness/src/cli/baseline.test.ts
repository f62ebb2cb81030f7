import { describe, expect, it } from 'vitest';
import { CLAUSES } from '../clauses/catalogue.ts';
import { BaselineError, parseBaseline } from './baseline.ts';

describe('parseBaseline', () => {
  it('reads one clause id and its reason per line, skipping comments and blank lines', () => {
    const text =
      '# known failures of my relay\n\ntracing.switch   no exporter yet\n  metrics.buckets\tour own bounds  \n';
    expect(parseBaseline(text, 'known.txt', CLAUSES)).toEqual({
      path: 'known.txt',
      entries: [
        { id: 'tracing.switch', reason: 'no exporter yet', line: 3 },
        { id: 'metrics.buckets', reason: 'our own bounds', line: 4 },
      ],
    });
  });

  it('names every bad line at once: no reason, an unknown id, a repeat', () => {
    const text = 'tracing.switch\nmetrics.bucket close to a real id\nmetrics.buckets a\nmetrics.buckets b\n';
    expect(() => parseBaseline(text, 'known.txt', CLAUSES)).toThrow(BaselineError);
    expect(() => parseBaseline(text, 'known.txt', CLAUSES)).toThrow(
      [
        'invalid known-failures file known.txt:',
        '  - line 1: "tracing.switch" has no reason; write why it fails after the id',
        '  - line 2: no clause "metrics.bucket" (buzz-compat list shows every id)',
        '  - line 4: "metrics.buckets" is already listed on line 3',
      ].join('\n'),
    );
  });
});
