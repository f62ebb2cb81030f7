import { describe, expect, it } from 'vitest';
import { clause } from '../clauses/catalogue.ts';
import { aggregateClauses, unknownClauseErrors } from './aggregate.ts';
import { gatePasses, type TestOutcome } from './clause-result.ts';

function outcome(name: string, state: TestOutcome['state'], clauseIds: string[], messages: string[] = []): TestOutcome {
  return {
    name,
    file: 'harness/suite/x.test.ts',
    state,
    durationMs: 5,
    messages,
    clauseIds,
    findings: [],
    evidence: [],
  };
}

const clauses = ['metrics.health', 'metrics.buckets', 'metrics.no-help', 'tracing.sampler'].map(clause);

describe('aggregateClauses', () => {
  it('a clause passes when a test passed and none failed, fails when any failed, else is untested', () => {
    const results = aggregateClauses(clauses, [
      outcome('[metrics.health] a', 'passed', ['metrics.health']),
      outcome('[metrics.health] b', 'skipped', ['metrics.health']),
      outcome('[metrics.buckets] a', 'passed', ['metrics.buckets']),
      outcome('[metrics.buckets] b', 'failed', ['metrics.buckets'], ['[metrics.buckets §2.2] bound 0.5 moved']),
      outcome('[metrics.no-help] a', 'skipped', ['metrics.no-help'], ['no collector']),
    ]);
    expect(results.map((result) => [result.id, result.status])).toEqual([
      ['metrics.health', 'pass'],
      ['metrics.buckets', 'fail'],
      ['metrics.no-help', 'untested'],
      ['tracing.sampler', 'untested'],
    ]);
    expect(results[1]!.reasons).toEqual([
      '[metrics.buckets §2.2] bound 0.5 moved\n(test "[metrics.buckets] b", harness/suite/x.test.ts)',
    ]);
    expect(results[2]!.reasons).toEqual([
      'skipped: no collector (test "[metrics.no-help] a", harness/suite/x.test.ts)',
    ]);
    expect(results[3]!.reasons).toEqual(['no test in the suite decides this clause']);
    expect(results[0]!.tests).toHaveLength(2);
  });

  it('a test tagged with two clauses counts for both', () => {
    const results = aggregateClauses(clauses, [outcome('[a, b]', 'failed', ['metrics.health', 'metrics.no-help'])]);
    expect(results.map((result) => result.status)).toEqual(['fail', 'untested', 'fail', 'untested']);
    expect(results[0]!.reasons[0]).toMatch(/^failed without a message\n/);
  });

  it('the gate passes only when every required clause passes and the run had no errors', () => {
    const passing = aggregateClauses(clauses.slice(0, 1), [outcome('[metrics.health]', 'passed', ['metrics.health'])]);
    expect(gatePasses(passing, { runErrors: [] })).toBe(true);
    expect(gatePasses(passing, { runErrors: ['a file failed to load'] })).toBe(false);
    const optionalOpen = aggregateClauses(
      [clause('metrics.health'), clause('tracing.sampler')],
      [
        outcome('[metrics.health]', 'passed', ['metrics.health']),
        outcome('[tracing.sampler]', 'failed', ['tracing.sampler']),
      ],
    );
    expect(gatePasses(optionalOpen, { runErrors: [] })).toBe(true);
    const requiredUntested = aggregateClauses(clauses.slice(0, 2), [
      outcome('[metrics.health]', 'passed', ['metrics.health']),
    ]);
    expect(gatePasses(requiredUntested, { runErrors: [] })).toBe(false);
  });

  it('names tests that tag a clause id the catalogue does not know', () => {
    expect(
      unknownClauseErrors([outcome('[metrics.helth] x', 'passed', ['metrics.helth'])], new Set(['metrics.health'])),
    ).toEqual([
      'harness/suite/x.test.ts: test "[metrics.helth] x" names clause [metrics.helth], which harness/src/clauses/catalogue.ts does not define',
    ]);
  });
});
