import type { ClauseId } from '../../src/clauses/catalogue.ts';
import type { NodeVerdict } from './metrics-golden-run.ts';

// How a metrics clause test fails: with that clause's findings, node by node, and the raw diff of each golden that
// differs, because the CLI shows the thrown message as the clause's reason; under vitest, with its diff as well.

/** Throws the findings of `clause` across `verdicts` as one message; returns when there are none. */
export function expectNoMetricsFindings(verdicts: readonly NodeVerdict[], clause: ClauseId): void {
  const parts: string[] = [];
  for (const verdict of verdicts) {
    const own = verdict.findings.filter((f) => f.clause === clause).map((f) => f.message);
    if (own.length === 0) continue;
    parts.push(`golden/metrics/${verdict.golden}.prom:`, ...own);
    if (verdict.diff !== '') parts.push('raw diff (golden → this scrape, canonical and masked):', verdict.diff);
  }
  if (parts.length === 0) return;
  // vitest shows its own expected/actual diff of the first golden that differs, beside the message the CLI reports
  const differing = verdicts.find((v) => v.diff !== '' && v.findings.some((f) => f.clause === clause));
  throw Object.assign(
    new Error(parts.join('\n')),
    differing === undefined ? {} : { expected: differing.expected, actual: differing.actual, showDiff: true },
  );
}
