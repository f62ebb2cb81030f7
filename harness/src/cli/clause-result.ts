// The plain values the CLI passes from the test run to the reporters. Reporters are pure functions of these.

import type { Finding } from '../clauses/finding.ts';

export type ClauseStatus = 'pass' | 'fail' | 'untested';

/** One finished vitest test, with the clause ids it (or an enclosing describe) was registered with. */
export interface TestOutcome {
  readonly name: string;
  /** Path relative to the repository root. */
  readonly file: string;
  readonly state: 'passed' | 'failed' | 'skipped';
  readonly durationMs: number;
  /** Failure messages, or the skip note. */
  readonly messages: readonly string[];
  readonly clauseIds: readonly string[];
  /** What the test handed over in its task metadata (harness/src/clauses/test-meta.ts); empty when it had none. */
  readonly findings: readonly Finding[];
  readonly evidence: readonly string[];
}

export interface ClauseResult {
  readonly id: string;
  readonly section: string;
  readonly title: string;
  readonly required: boolean;
  readonly status: ClauseStatus;
  /** Why it failed (one entry per failed test) or why it is untested; empty when it passed. */
  readonly reasons: readonly string[];
  readonly tests: readonly Pick<TestOutcome, 'name' | 'file' | 'state' | 'durationMs'>[];
  /** Set when the known-failures file (--expect-fail) lists this clause. */
  readonly expected: ExpectedFailure | null;
  /** The findings of its failed tests, as data (a golden file and line where the test knew one). */
  readonly findings: readonly Finding[];
  /** Where its failed tests saved what they judged (absolute paths). */
  readonly evidence: readonly string[];
}

export interface ExpectedFailure {
  readonly reason: string;
  /** The known-failures file and the line that lists the clause, so a fixed one can be pointed at. */
  readonly file: string;
  readonly line: number;
}

/**
 * Where a clause stands against the gate. A listed clause that fails is expected; one that passes is fixed and
 * fails the run until its line is removed, so the list only ever shrinks (the conformance runners' rule).
 */
export type Standing = 'pass' | 'blocking' | 'expected-failure' | 'fixed' | 'advisory';

export function standingOf(result: ClauseResult): Standing {
  if (result.expected !== null) return result.status === 'pass' ? 'fixed' : 'expected-failure';
  if (result.status === 'pass') return 'pass';
  return result.required ? 'blocking' : 'advisory';
}

/** Where the suite, the contract and the goldens a run judged with came from; every report records it. */
export interface Provenance {
  readonly suiteVersion: string;
  readonly contractVersion: string;
  /** The buzz snapshot the goldens were checked against. */
  readonly goldens: string;
  /** The known-failures file, as given, or null. */
  readonly baseline: string | null;
}

/** What the reports say about the run as a whole. */
export interface RunContext {
  readonly adapter: string;
  readonly profile: string;
  readonly durationMs: number;
  readonly provenance: Provenance;
  /** Problems not tied to one clause: a test file that failed to load, an unhandled error, an unknown clause id. */
  readonly runErrors: readonly string[];
}

/**
 * The gate: every required clause passes or is an expected failure, no listed clause passes, and nothing went
 * wrong outside the clauses.
 */
export function gatePasses(results: readonly ClauseResult[], context: Pick<RunContext, 'runErrors'>): boolean {
  return (
    context.runErrors.length === 0 &&
    results.every((result) => {
      const standing = standingOf(result);
      return standing !== 'blocking' && standing !== 'fixed';
    })
  );
}
