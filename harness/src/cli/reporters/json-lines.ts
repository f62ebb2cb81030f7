import type { ClauseResult } from '../clause-result.ts';
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
        reasons: result.reasons.map(stripAnsi),
        tests: result.tests,
      }),
    )
    .map((line) => `${line}\n`)
    .join('');
}
