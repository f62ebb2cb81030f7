import { describe, expect, it, vi } from 'vitest';
import { clauseTest, describeClauses } from './clause-test.ts';

// clauseTest and describeClauses under vitest's real collection: the metadata must be there before anything runs,
// and under buzz-compat run (BUZZ_COMPAT_CLAUSES set) a clause the run does not decide must be skipped at collection.

describe('clauseTest', () => {
  clauseTest(['metrics.health', 'metrics.any-path'], 'carries its clause ids from collection on', ({ task }) => {
    expect(task.name).toBe('[metrics.health, metrics.any-path] carries its clause ids from collection on');
    expect(task.meta.buzzCompat).toEqual({ clauses: ['metrics.health', 'metrics.any-path'] });
  });
});

describeClauses('metrics.buckets', 'a describe deciding a clause', () => {
  it('hands its ids to the describe, for the tests in it', ({ task }) => {
    expect(task.suite?.name).toBe('[metrics.buckets] a describe deciding a clause');
    expect(task.suite?.meta.buzzCompat).toEqual({ clauses: ['metrics.buckets'] });
    expect(task.meta.buzzCompat).toBeUndefined();
  });
});

describe('under buzz-compat run', () => {
  vi.stubEnv('BUZZ_COMPAT_CLAUSES', 'metrics.health,metrics.values');
  clauseTest('metrics.values', 'a decided clause', () => {});
  clauseTest('metrics.buckets', 'a clause the run does not decide', () => {
    throw new Error('must not run');
  });
  describeClauses('metrics.no-help', 'a describe of a clause the run does not decide', () => {
    it('is skipped with its describe', () => {
      throw new Error('must not run');
    });
  });
  vi.unstubAllEnvs();

  it('registers the tests of other clauses as skipped, with their ids', ({ task }) => {
    const registered = (task.suite?.tasks ?? []).filter((sibling) => sibling !== task);
    expect(registered.map((sibling) => [sibling.name, sibling.mode, sibling.meta.buzzCompat?.clauses])).toEqual([
      ['[metrics.values] a decided clause', 'run', ['metrics.values']],
      ['[metrics.buckets] a clause the run does not decide', 'skip', ['metrics.buckets']],
      ['[metrics.no-help] a describe of a clause the run does not decide', 'skip', ['metrics.no-help']],
    ]);
  });
});
