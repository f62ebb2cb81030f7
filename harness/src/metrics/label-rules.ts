import type { ClauseId } from '../clauses/catalogue.ts';
import { type Finding, finding } from '../clauses/finding.ts';
import { CONTRACT_FAMILIES, RULED_FAMILIES } from '../contract/families.ts';
import { isAllowListedKind } from '../contract/kinds.ts';
import { GROUP_RANK, labelText } from './canonicalize.ts';
import { type Exposition, ExpositionParseError, type Label, parseExposition } from './parse-exposition.ts';

// The label rules of CONTRACT §2.4, judged on a scrape. The golden comparison reports a series with a wrong label
// value as one series missing and another extra, under its family; this names the rule that was broken, so the
// verdict says "caller" rather than "http". Two kinds of evidence:
// - rule checks on the scrape alone: every kind, caller, code and action value must be one the rules can produce,
//   whatever the golden holds (hostile input must not grow label sets);
// - pairs against the golden: an expected series missing where an extra one differs only in one ruled label.

/** Findings come family by family in the order a canonical body lists them: counters first, then by name. */
const RULED_IN_CANONICAL_ORDER = Object.entries(RULED_FAMILIES).sort(
  ([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0),
);

function rank(name: string): number {
  return GROUP_RANK[CONTRACT_FAMILIES[name]?.type ?? 'untyped'];
}

const NOT_COUNTED_ACTION = /^\/_|^\/health$|^\/metrics$/;

/** Why `value` is not one the rule for `label` can produce, or undefined when it is. */
function ruleViolation(label: string, value: string): string | undefined {
  switch (label) {
    case 'kind':
      if (value === 'other') return undefined;
      if (/^(0|[1-9][0-9]*)$/.test(value) && isAllowListedKind(+value)) return undefined;
      return 'a kind is its decimal number when the allow-list holds it, else `other`';
    case 'caller':
      return value === 'unknown' || /^[A-Za-z0-9_-]{0,64}$/.test(value)
        ? undefined
        : 'a caller is at most 64 bytes of [A-Za-z0-9_-], else `unknown`';
    case 'code':
      return /^[1-5][0-9]{2}$/.test(value) ? undefined : 'a code is the numeric HTTP status';
    case 'action':
      return NOT_COUNTED_ACTION.test(value)
        ? 'paths starting with /_, /health and /metrics are not counted'
        : value.startsWith('/')
          ? undefined
          : 'an action is a matched route template';
    default:
      return undefined;
  }
}

export function labelValueFindings(goldenBody: string, scrapedBody: string): Finding[] {
  let expected: Exposition;
  let actual: Exposition;
  try {
    expected = parseExposition(goldenBody);
    actual = parseExposition(scrapedBody);
  } catch (error) {
    // An unparsable body is reported by the golden comparison under metrics.exposition.
    if (error instanceof ExpositionParseError) return [];
    throw error;
  }
  const findings: Finding[] = [];
  for (const [family, rules] of RULED_IN_CANONICAL_ORDER) {
    const labels = Object.keys(rules);
    const got = seriesOf(actual, family);
    const want = seriesOf(expected, family);
    const reported = new Set<string>();
    for (const series of got.values()) {
      for (const label of series) {
        const why = labels.includes(label.name) ? ruleViolation(label.name, label.value) : undefined;
        const key = `${label.name}=${label.rawValue}`;
        if (why === undefined || reported.has(key)) continue;
        reported.add(key);
        findings.push(
          finding(rules[label.name] as ClauseId, `${family} has ${label.name}="${label.rawValue}": ${why}`),
        );
      }
    }
    const missing = [...want.entries()].filter(([key]) => !got.has(key));
    const extra = [...got.entries()].filter(([key]) => !want.has(key));
    for (const [, series] of missing) {
      for (const [, other] of extra) {
        const differing = differingLabel(series, other);
        if (differing === undefined || !labels.includes(differing.name)) continue;
        findings.push(
          finding(
            rules[differing.name] as ClauseId,
            `${family}{${labelText(series)}} is missing and {${labelText(other)}} is there instead: ` +
              `${differing.name}="${differing.actual}" where the golden has ${differing.name}="${differing.expected}"`,
          ),
        );
      }
    }
  }
  return findings;
}

/** Series of a family by their label text without `le` (histograms repeat a series per bucket). */
function seriesOf(exposition: Exposition, family: string): Map<string, readonly Label[]> {
  const series = new Map<string, readonly Label[]>();
  for (const sample of exposition.families.find((f) => f.name === family)?.samples ?? []) {
    const labels = sample.labels.filter((l) => l.name !== 'le');
    series.set(labelText(labels), labels);
  }
  return series;
}

/** The one label whose value differs between two series with the same label names, if exactly one does. */
function differingLabel(
  expected: readonly Label[],
  actual: readonly Label[],
): { name: string; expected: string; actual: string } | undefined {
  if (expected.length !== actual.length) return undefined;
  const differences = expected.flatMap((label) => {
    const other = actual.find((l) => l.name === label.name);
    if (other === undefined) return [undefined];
    return other.rawValue === label.rawValue
      ? []
      : [{ name: label.name, expected: label.rawValue, actual: other.rawValue }];
  });
  return differences.length === 1 ? differences[0] : undefined;
}
