import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Test } from 'vitest';
import type { ClauseId } from '../../src/clauses/catalogue.ts';
import type { Finding } from '../../src/clauses/finding.ts';
import { readSuiteEnv } from '../../src/test-run/suite-env.ts';

// What a failing clause saw, kept for the person who has to fix it: buzz-compat run gives the suite a directory
// (<out>/evidence) and each judged output that broke a clause is written there under a topic of its own, e.g.
// metrics/core-ingest with the raw scrape, its canonical masked form, the golden it would become and relay logs.
// Under plain vitest no directory is given and nothing is written.

/** Writes `files` under <evidence dir>/<topic>/ and returns that directory, or null when no directory was given. */
export async function saveEvidence(topic: string, files: Readonly<Record<string, string>>): Promise<string | null> {
  const root = readSuiteEnv().evidenceDir;
  if (root === null) return null;
  const dir = join(root, ...topic.split('/'));
  await mkdir(dir, { recursive: true });
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(dir, name), text)));
  return dir;
}

/** One judged output: its findings, and where its evidence was saved (null when nothing was saved). */
export interface Judged {
  readonly findings: readonly Finding[];
  readonly evidence: string | null;
}

/**
 * Hands the CLI this test's findings of `clause`, and the evidence of the outputs they came from, as task metadata
 * (harness/src/clauses/test-meta.ts); a test whose clause holds hands nothing.
 */
export function reportFindings(task: Test, clause: ClauseId, judged: readonly Judged[]): void {
  const broken = judged.filter((output) => output.findings.some((f) => f.clause === clause));
  if (broken.length === 0) return;
  const registered = task.meta.buzzCompat;
  if (registered === undefined)
    throw new Error(`test "${task.name}" reports findings but was not registered with clauseTest`);
  task.meta.buzzCompat = {
    ...registered,
    findings: broken.flatMap((output) => output.findings.filter((f) => f.clause === clause)),
    evidence: broken.flatMap((output) => (output.evidence === null ? [] : [output.evidence])),
  };
}
