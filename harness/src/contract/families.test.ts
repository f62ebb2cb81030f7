import { describe, expect, it } from 'vitest';
import { decidedClauses } from '../../suite/support/metrics-golden-run.ts';
import { CLAUSES } from '../clauses/catalogue.ts';
import { maskExposition } from '../metrics/mask.ts';
import { parseExposition } from '../metrics/parse-exposition.ts';
import { renderExposition } from '../metrics/render-exposition.ts';
import { CONTRACT_FAMILIES, familyClause, RULED_FAMILIES } from './families.ts';
import { bucketBounds } from './golden-self-check.ts';
import { isAllowListedKind } from './kinds.ts';

// The contract table is read, not restated: each consumer is held to the row it should have taken its answer from.

const ids = new Set(CLAUSES.map((c) => c.id));

describe('the contract table (harness/src/contract/families.ts)', () => {
  it('names only catalogue clauses, and every histogram has its §2.2 buckets ending in +Inf', () => {
    for (const [name, family] of Object.entries(CONTRACT_FAMILIES)) {
      expect(ids.has(family.clause), name).toBe(true);
      for (const clause of Object.values(family.ruled ?? {})) expect(ids.has(clause), name).toBe(true);
      for (const label of Object.keys(family.ruled ?? {})) expect(family.labels, name).toContain(label);
      expect(family.buckets !== undefined, name).toBe(family.type === 'histogram');
      if (family.buckets !== undefined) expect(family.buckets.at(-1), name).toBe('+Inf');
    }
  });

  it('is what the clause selection decides from: a declared family brings its group and ruled-label clauses', () => {
    for (const [name, family] of Object.entries(CONTRACT_FAMILIES)) {
      const decided = decidedClauses([name]);
      expect(decided, name).toContain(familyClause(name));
      for (const clause of Object.values(family.ruled ?? {})) expect(decided, name).toContain(clause);
      if (family.type === 'histogram') expect(decided, name).toContain('metrics.buckets');
    }
    expect(Object.keys(RULED_FAMILIES)).toContain('http_request_latency_ms');
  });

  it('is what masking and the golden self-check read: masked rows are masked, bounds come from the row', () => {
    for (const [name, family] of Object.entries(CONTRACT_FAMILIES)) {
      const body =
        family.type === 'histogram'
          ? `# TYPE ${name} histogram\n${name}_bucket{le="+Inf"} 1\n${name}_sum 0.5\n${name}_count 1\n\n`
          : `# TYPE ${name} ${family.type}\n${name} 3\n\n`;
      const masked = renderExposition(maskExposition(parseExposition(body)));
      expect(masked.includes('<timing>'), name).toBe(family.masked !== undefined);
      expect(bucketBounds(name), name).toBe(family.buckets);
    }
  });

  it('keeps the kind allow-list as ranges: ends included, gaps excluded', () => {
    expect([0, 9, 1059, 9030, 13535, 29999, 49001].every(isAllowListedKind)).toBe(true);
    expect([10, 1058, 9029, 30000, 49002].some(isAllowListedKind)).toBe(false);
  });
});
