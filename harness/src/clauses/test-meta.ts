import type { ClauseId } from './catalogue.ts';
import type { Finding } from './finding.ts';

// What a clause test hands the CLI besides pass or fail: which clauses it decides, its findings as data and the
// files it saved as evidence. It travels in vitest's task metadata (test-context.d.ts declares the key), so no
// reporter has to read it back out of a thrown message or a test title.

export interface ClauseTestMeta {
  /**
   * Set when the test (or the describe around it) is registered (clause-test.ts), before any hook runs: a failing
   * beforeAll still names the clauses it kept from being shown.
   */
  readonly clauses: readonly ClauseId[];
  /** Set by a failing test (harness/suite/support/evidence.ts); absent when it had nothing to report. */
  readonly findings?: readonly Finding[];
  /** Directories or files the test saved (absolute paths), e.g. the scrape that did not match its golden. */
  readonly evidence?: readonly string[];
}
