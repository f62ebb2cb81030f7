import type { UserConsoleLog } from 'vitest';
import { describe, expect, it, vi } from 'vitest';
import type { TestOutcome } from './clause-result.ts';
import { printProgressNotice } from './progress-notice.ts';
import { ProgressReporter, progressLine } from './progress-reporter.ts';

function outcome(state: TestOutcome['state'], clauseIds: string[], messages: string[] = []): TestOutcome {
  return { name: 't', file: 'f', state, durationMs: 1, messages, clauseIds, findings: [], evidence: [] };
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

describe('ProgressReporter', () => {
  it("prints a test's progress notices, and its other console output only when asked", () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    printProgressNotice('tracing.no-connection: waiting for another run');
    const notice = String(log.mock.calls[0]?.[0]);
    log.mockRestore();
    const consoleLog = (content: string) => ({ content: `${content}\n`, type: 'stdout', time: 0 }) as UserConsoleLog;
    for (const echo of [false, true]) {
      const lines: string[] = [];
      const reporter = new ProgressReporter('/', (line) => lines.push(line), echo);
      reporter.onUserConsoleLog(consoleLog(notice));
      reporter.onUserConsoleLog(consoleLog('golden updated'));
      expect(lines).toEqual(['… tracing.no-connection: waiting for another run', ...(echo ? ['golden updated'] : [])]);
    }
  });
});
