import { TIMING_PLACEHOLDER } from '../metrics/mask.ts';
import { isRustDisplay, isUnsignedInteger } from '../metrics/number-format.ts';
import { parseExposition } from '../metrics/parse-exposition.ts';
import { CONTRACT_FAMILIES } from './families.ts';

// A golden is recorded from the reference relay and then pins every other relay, so a wrong byte in it would be
// blessed for everyone. This holds a golden body against the contract's own tables (§2.2 buckets, §2.3 families and
// labels, §2.1 number forms), independently of any relay: the suite's check on its own expectations.

/** The `le` values of CONTRACT §2.2 for a histogram family, `+Inf` included. */
export function bucketBounds(family: string): readonly string[] | undefined {
  return CONTRACT_FAMILIES[family]?.buckets;
}

/** Every way `body` departs from the contract's tables; [] when it follows them. */
export function contractTableProblems(body: string): string[] {
  const problems: string[] = [];
  for (const family of parseExposition(body).families) {
    const row = CONTRACT_FAMILIES[family.name];
    if (row === undefined) {
      problems.push(`${family.name} is not a family of CONTRACT §2.3`);
      continue;
    }
    if (row.type !== family.type) problems.push(`${family.name} is ${family.type}; §2.3 says ${row.type}`);
    const bounds = bucketBounds(family.name);
    const boundsBySeries = new Map<string, string[]>();
    for (const sample of family.samples) {
      const names = sample.labels.filter((l) => l.name !== 'le').map((l) => l.name);
      if (names.join(',') !== row.labels.join(',')) {
        problems.push(
          `line ${sample.line}: ${family.name} has labels (${names.join(', ')}); §2.3 says (${row.labels.join(', ')})`,
        );
      }
      const le = sample.labels.find((l) => l.name === 'le');
      if (le !== undefined) {
        const series = sample.labels
          .filter((l) => l !== le)
          .map((l) => `${l.name}=${l.rawValue}`)
          .join(',');
        boundsBySeries.set(series, [...(boundsBySeries.get(series) ?? []), le.rawValue]);
      }
      problems.push(...numberProblems(family.type, family.name, sample.name, sample.value, sample.line));
    }
    for (const [series, seen] of boundsBySeries) {
      if (seen.join(',') !== bounds?.join(',')) {
        problems.push(`${family.name}{${series}} has buckets ${seen.join(', ')}; §2.2 says ${bounds?.join(', ')}`);
      }
    }
  }
  return problems;
}

function numberProblems(type: string, family: string, sample: string, value: string, line: number): string[] {
  if (value === TIMING_PLACEHOLDER) return [];
  const integer = type === 'counter' || sample === `${family}_bucket` || sample === `${family}_count`;
  if (integer ? isUnsignedInteger(value) : isRustDisplay(value)) return [];
  return [`line ${line}: ${sample} value ${value} is not ${integer ? 'an unsigned integer' : "Rust's f64 Display"}`];
}
