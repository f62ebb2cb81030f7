import type { ClauseId } from '../../src/clauses/catalogue.ts';
import type { NodeVerdict } from './metrics-golden-run.ts';

// How a metrics clause test fails: with that clause's findings, node by node, and the raw diff of each golden that
// differs, because the CLI shows the thrown message as the clause's reason.

/** Throws the findings of `clause` across `verdicts` as one message; returns when there are none. */
export function expectNoMetricsFindings(verdicts: readonly NodeVerdict[], clause: ClauseId): void {
  const parts: string[] = [];
  for (const verdict of verdicts) {
    const own = verdict.findings.filter((f) => f.clause === clause).map((f) => f.message);
    if (own.length === 0) continue;
    parts.push(`golden/metrics/${verdict.golden}.prom:`, ...own);
    if (verdict.diff !== '') parts.push('raw diff (golden → this scrape, canonical and masked):', verdict.diff);
  }
  if (parts.length > 0) throw new Error(parts.join('\n'));
}
