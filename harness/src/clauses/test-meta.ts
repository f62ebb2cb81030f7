import type { Finding } from './finding.ts';

// What a clause test hands the CLI besides pass or fail: its findings as data and the files it saved as evidence.
// It travels in vitest's task metadata (test-context.d.ts declares the key), so no reporter has to read it back out
// of a thrown message or a test title.

export interface ClauseTestMeta {
  readonly findings: readonly Finding[];
  /** Directories or files the test saved (absolute paths), e.g. the scrape that did not match its golden. */
  readonly evidence: readonly string[];
}
