// The plain values the CLI passes from the test run to the reporters. Reporters are pure functions of these.

export type ClauseStatus = 'pass' | 'fail' | 'untested';

/** One finished vitest test, with the clause ids its title (or an enclosing describe's title) names. */
export interface TestOutcome {
  readonly name: string;
  /** Path relative to the repository root. */
  readonly file: string;
  readonly state: 'passed' | 'failed' | 'skipped';
  readonly durationMs: number;
  /** Failure messages, or the skip note. */
  readonly messages: readonly string[];
  readonly clauseIds: readonly string[];
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
}

/** What the reports say about the run as a whole. */
export interface RunContext {
  readonly adapter: string;
  readonly profile: string;
  readonly durationMs: number;
  /** Problems not tied to one clause: a test file that failed to load, an unhandled error, an unknown clause id. */
  readonly runErrors: readonly string[];
}

/** The gate: every required clause passes and nothing went wrong outside the clauses. */
export function gatePasses(results: readonly ClauseResult[], context: Pick<RunContext, 'runErrors'>): boolean {
  return context.runErrors.length === 0 && results.every((result) => !result.required || result.status === 'pass');
}
