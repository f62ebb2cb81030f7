import type { Clause } from '../clauses/catalogue.ts';
import type { Baseline } from './baseline.ts';
import type { ClauseResult, TestOutcome } from './clause-result.ts';

/**
 * One verdict per selected clause: fail if any of its tests failed, pass if at least one passed and none failed,
 * untested otherwise (no test, or every test skipped, with the skip notes as reasons).
 */
export function aggregateClauses(
  clauses: readonly Clause[],
  outcomes: readonly TestOutcome[],
  baseline: Baseline | null = null,
): ClauseResult[] {
  const listed = new Map(baseline?.entries.map((entry) => [entry.id, entry]));
  return clauses.map((clause) => {
    const entry = listed.get(clause.id);
    const tests = outcomes.filter((outcome) => outcome.clauseIds.includes(clause.id));
    const failed = tests.filter((test) => test.state === 'failed');
    const status = failed.length > 0 ? 'fail' : tests.some((test) => test.state === 'passed') ? 'pass' : 'untested';
    return {
      id: clause.id,
      section: clause.section,
      title: clause.title,
      required: clause.required,
      status,
      reasons: status === 'fail' ? failed.map(describeFailure) : status === 'untested' ? untestedReasons(tests) : [],
      tests: tests.map(({ name, file, state, durationMs }) => ({ name, file, state, durationMs })),
      expected:
        entry === undefined || baseline === null
          ? null
          : { reason: entry.reason, file: baseline.path, line: entry.line },
      findings: failed.flatMap((test) => test.findings.filter((f) => f.clause === clause.id)),
      evidence: [...new Set(failed.flatMap((test) => test.evidence))],
    };
  });
}

function describeFailure(test: TestOutcome): string {
  const message = test.messages.join('\n').trim() || 'failed without a message';
  return `${message}\n(test "${test.name}", ${test.file})`;
}

function untestedReasons(tests: readonly TestOutcome[]): string[] {
  if (tests.length === 0) return ['no test in the suite decides this clause'];
  return tests.map(
    (test) =>
      `skipped${test.messages.length > 0 ? `: ${test.messages.join('; ')}` : ''} (test "${test.name}", ${test.file})`,
  );
}

/** Outcomes that name clause ids the catalogue does not know: such a test would otherwise count for no clause. */
export function unknownClauseErrors(outcomes: readonly TestOutcome[], known: ReadonlySet<string>): string[] {
  return outcomes.flatMap((outcome) =>
    outcome.clauseIds
      .filter((id) => !known.has(id))
      .map(
        (id) =>
          `${outcome.file}: test "${outcome.name}" names clause [${id}], which harness/src/clauses/catalogue.ts does not define`,
      ),
  );
}
