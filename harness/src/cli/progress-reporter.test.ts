import { describe, expect, it } from 'vitest';
import type { TestOutcome } from './clause-result.ts';
import { progressLine } from './progress-reporter.ts';

function outcome(state: TestOutcome['state'], clauseIds: string[], messages: string[] = []): TestOutcome {
  return { name: 't', file: 'f', state, durationMs: 1, messages, clauseIds };
}

describe('progressLine', () => {
  it('marks the file, counts its tests and shows each clause it touched with its worst result', () => {
    const line = progressLine(
      'harness/suite/metrics.test.ts',
      [
        outcome('passed', ['metrics.health']),
        outcome('failed', ['metrics.buckets']),
        outcome('passed', ['metrics.buckets']),
        outcome('skipped', ['metrics.no-help'], ['no collector']),
        outcome('skipped', ['spans.req']),
      ],
      4210,
      false,
    );
    expect(line).toBe(
      '✗ harness/suite/metrics.test.ts  2 passed, 1 failed, 2 skipped  (4.2 s)\n' +
        '    metrics.health ✓  metrics.buckets ✗  metrics.no-help -',
    );
  });

  it('says when a file failed to load, and marks a file of passing tests', () => {
    expect(progressLine('harness/suite/x.test.ts', [], 10, true)).toBe(
      '✗ harness/suite/x.test.ts  failed to load  (0.0 s)',
    );
    expect(progressLine('a.test.ts', [outcome('passed', [])], 1500, false)).toBe('✓ a.test.ts  1 passed  (1.5 s)');
  });
});
