import { type ClauseResult, standingOf } from '../clause-result.ts';
import { stripAnsi } from './text.ts';

/** One JSON object per clause, one per line, in catalogue order. */
export function renderJsonLines(results: readonly ClauseResult[]): string {
  return results
    .map((result) =>
      JSON.stringify({
        id: result.id,
        section: result.section,
        title: result.title,
        required: result.required,
        status: result.status,
        standing: standingOf(result),
        expected: result.expected,
        reasons: result.reasons.map(stripAnsi),
        findings: result.findings.map((f) => ({ ...f, message: stripAnsi(f.message) })),
        evidence: result.evidence,
        tests: result.tests,
      }),
    )
    .map((line) => `${line}\n`)
    .join('');
}
