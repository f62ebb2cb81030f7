// Expected (golden) vs actual exposition, explained: one finding per difference, each naming the clause it
// breaks. Both bodies may be raw or canonical, masked or not: content is compared in canonical order, and a
// `<timing>` placeholder in the expected body matches any value (checkMaskedValues judges those values).
// Group order is judged on the actual body as written, because the exporter fixes it even though it
// shuffles families inside a group.

import type { ClauseId } from '../clauses/catalogue.ts';
import { type Finding, finding } from '../clauses/finding.ts';
import { familyClause } from '../contract/families.ts';
import { canonicalExposition, GROUP_RANK, labelText } from './canonicalize.ts';
import { TIMING_PLACEHOLDER } from './mask.ts';
import { describeNonRustNumber, isUnsignedInteger, parseRustF64 } from './number-format.ts';
import {
  type Exposition,
  ExpositionParseError,
  type Family,
  type Label,
  parseExposition,
  type Sample,
} from './parse-exposition.ts';

export function semanticDiff(expectedBody: string, actualBody: string): Finding[] {
  const expected = parseExpected(expectedBody);
  let actual: Exposition;
  try {
    actual = parseExposition(actualBody);
  } catch (error) {
    if (error instanceof ExpositionParseError) {
      return [finding('metrics.exposition', `the actual body is not Prometheus text: ${error.message}`)];
    }
    throw error;
  }
  return [
    ...checkComments(actual),
    ...checkGroupOrder(actual),
    ...actual.families.flatMap((f) => f.samples.flatMap(checkSampleSyntax)),
    ...compareFamilies(canonicalExposition(expected), canonicalExposition(actual)),
  ];
}

function parseExpected(body: string): Exposition {
  try {
    return parseExposition(body);
  } catch (error) {
    if (error instanceof ExpositionParseError) {
      throw new Error(
        `the expected (golden) metrics body is not Prometheus text: ${error.message}; fix or regenerate the golden`,
      );
    }
    throw error;
  }
}

function checkComments(actual: Exposition): Finding[] {
  const help = actual.families.flatMap((f) => f.help);
  return [
    ...help.map((h) =>
      finding(
        'metrics.no-help',
        `line ${h.line} is a # HELP line (\`${h.text}\`); nothing is described, so the exporter renders none`,
      ),
    ),
    ...actual.comments.map((c) =>
      finding(
        'metrics.exposition',
        `line ${c.line} is a comment (\`${c.text}\`); the exporter writes no # lines but # TYPE`,
      ),
    ),
  ];
}

function checkGroupOrder(actual: Exposition): Finding[] {
  const findings: Finding[] = [];
  let latest: Family | undefined;
  for (const family of actual.families) {
    if (latest !== undefined && GROUP_RANK[family.type] < GROUP_RANK[latest.type]) {
      findings.push(
        finding(
          'metrics.group-order',
          `${family.type} ${family.name} (line ${firstLine(family)}) comes after ${latest.type} ${latest.name}; all counters come first, then all gauges, then all histograms`,
        ),
      );
    } else {
      latest = family;
    }
  }
  return findings;
}

function checkSampleSyntax(sample: Sample): Finding[] {
  const findings: Finding[] = [];
  if (sample.timestamp !== undefined) {
    findings.push(
      finding(
        'metrics.sample-syntax',
        `line ${sample.line} has a timestamp (${sample.timestamp}); the exporter writes none`,
      ),
    );
  }
  if (sample.braces && sample.labels.length === 0) {
    findings.push(
      finding(
        'metrics.sample-syntax',
        `line ${sample.line} has empty braces; a series without labels is written as the bare name`,
      ),
    );
  }
  if (sample.timestamp === undefined && sample.tail !== '') {
    findings.push(finding('metrics.sample-syntax', `line ${sample.line} has whitespace after its value`));
  }
  if (!sample.head.endsWith('} ') && !sample.head.endsWith(`${sample.name} `)) {
    findings.push(
      finding('metrics.sample-syntax', `line ${sample.line} does not separate the value with exactly one space`),
    );
  }
  return findings;
}

function compareFamilies(expected: Exposition, actual: Exposition): Finding[] {
  const findings: Finding[] = [];
  const actualByName = new Map(actual.families.map((f) => [f.name, f]));
  const expectedByName = new Map(expected.families.map((f) => [f.name, f]));
  const missing = expected.families.filter((f) => !actualByName.has(f.name));
  const extra = actual.families.filter((f) => !expectedByName.has(f.name));
  for (const [gone, found] of pairRenames(missing, extra)) {
    findings.push(
      finding(
        'metrics.names',
        `family ${gone.name} is missing and ${found.name} (line ${firstLine(found)}) is present instead: renamed? Names are printed as registered`,
      ),
    );
    missing.splice(missing.indexOf(gone), 1);
    extra.splice(extra.indexOf(found), 1);
  }
  for (const family of missing)
    findings.push(finding(familyClause(family.name), `family ${family.name} (${family.type}) is missing`));
  for (const family of extra) {
    findings.push(
      finding(
        'metrics.family.set',
        `extra family ${family.name} (${family.type}, line ${firstLine(family)}) is not in the golden`,
      ),
    );
  }
  for (const family of expected.families) {
    const other = actualByName.get(family.name);
    if (other !== undefined) findings.push(...compareFamily(family, other));
  }
  return findings;
}

function compareFamily(expected: Family, actual: Family): Finding[] {
  if (expected.type !== actual.type) {
    return [
      finding(
        'metrics.family.types',
        `${actual.name} is TYPE ${actual.type} (line ${firstLine(actual)}); expected ${expected.type}`,
      ),
    ];
  }
  const labelFindings = compareLabelNames(expected, actual);
  if (labelFindings.some((f) => f.clause === 'metrics.family.labels')) return labelFindings;
  const seriesFindings =
    expected.type === 'histogram'
      ? compareHistogram(expected, actual)
      : compareSeries(expected, actual, expected.samples, actual.samples);
  return [...labelFindings, ...seriesFindings];
}

function compareLabelNames(expected: Family, actual: Family): Finding[] {
  const expectedNames = labelNames(expected.samples[0]);
  const findings: Finding[] = [];
  const reported = new Set<string>();
  for (const sample of actual.samples) {
    const names = labelNames(sample);
    const key = names.join(',');
    if (reported.has(key) || expected.samples[0] === undefined || key === expectedNames.join(',')) continue;
    reported.add(key);
    const sameSet = names.length === expectedNames.length && names.every((n) => expectedNames.includes(n));
    findings.push(
      sameSet
        ? finding(
            'metrics.label-order',
            `${actual.name} writes its labels as (${names.join(', ')}) on line ${sample.line}; expected the call-site order (${expectedNames.join(', ')})`,
          )
        : finding(
            'metrics.family.labels',
            `${actual.name} has labels (${names.join(', ')}) on line ${sample.line}; expected (${expectedNames.join(', ')})`,
          ),
    );
  }
  for (const sample of actual.samples) {
    const le = sample.labels.findIndex((l) => l.name === 'le');
    if (le !== -1 && le !== sample.labels.length - 1) {
      findings.push(
        finding(
          'metrics.label-order',
          `line ${sample.line}: le is not the last label of ${sample.name}; it comes after the family's labels`,
        ),
      );
      break;
    }
  }
  return findings;
}

function labelNames(sample: Sample | undefined): string[] {
  return (sample?.labels ?? []).filter((l) => l.name !== 'le').map((l) => l.name);
}

/** Sample name and label set, independent of label order (order is judged separately). */
function identity(sample: Sample, without: readonly string[] = []): string {
  const sorted = [...sample.labels].filter((l) => !without.includes(l.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
  return `${sample.name}{${labelText(sorted)}}`;
}

function compareSeries(expected: Family, actual: Family, want: readonly Sample[], got: readonly Sample[]): Finding[] {
  const findings: Finding[] = [];
  const gotByKey = new Map<string, Sample[]>();
  for (const sample of got) gotByKey.set(identity(sample), [...(gotByKey.get(identity(sample)) ?? []), sample]);
  for (const [key, samples] of gotByKey) {
    if (samples.length > 1) {
      findings.push(
        finding(
          'metrics.exposition',
          `series ${key} appears ${samples.length} times (lines ${samples.map((s) => s.line).join(', ')})`,
        ),
      );
    }
  }
  const wanted = new Set(want.map((s) => identity(s)));
  for (const sample of want) {
    const match = gotByKey.get(identity(sample))?.[0];
    if (match === undefined) findings.push(finding(familyClause(expected.name), `series ${render(sample)} is missing`));
    else findings.push(...compareValue(expected, sample, match));
  }
  for (const sample of got) {
    if (!wanted.has(identity(sample))) {
      findings.push(
        finding(familyClause(actual.name), `extra series ${render(sample)} (line ${sample.line}) is not in the golden`),
      );
    }
  }
  return findings;
}

function compareHistogram(expected: Family, actual: Family): Finding[] {
  const findings: Finding[] = [];
  const want = groupSeries(expected);
  const got = groupSeries(actual);
  const boundFindings = new Map<string, { clause: ClauseId; line: number; series: number }>();
  for (const [key, samples] of want) {
    const other = got.get(key);
    if (other === undefined) {
      findings.push(
        finding(familyClause(expected.name), `histogram series ${seriesName(expected.name, key)} is missing`),
      );
      continue;
    }
    const { matched, problems } = matchBuckets(expected.name, samples, other);
    for (const problem of problems) {
      const seen = boundFindings.get(problem.sentence);
      boundFindings.set(problem.sentence, {
        clause: problem.clause,
        line: seen?.line ?? problem.line,
        series: (seen?.series ?? 0) + 1,
      });
    }
    findings.push(...compareSeries(expected, actual, matched.want, matched.got));
  }
  for (const [key, samples] of got) {
    if (!want.has(key)) {
      findings.push(
        finding(
          familyClause(actual.name),
          `extra histogram series ${seriesName(actual.name, key)} (line ${samples[0]?.line}) is not in the golden`,
        ),
      );
    }
  }
  for (const [sentence, { clause, line, series }] of boundFindings) {
    const where = series > 1 ? `line ${line} and ${series - 1} more series` : `line ${line}`;
    findings.unshift(finding(clause, `${sentence} (${where})`));
  }
  return findings;
}

function groupSeries(family: Family): Map<string, Sample[]> {
  const series = new Map<string, Sample[]>();
  for (const sample of family.samples) {
    const key = labelText(sortedLabels(sample.labels), ['le']);
    series.set(key, [...(series.get(key) ?? []), sample]);
  }
  return series;
}

function sortedLabels(labels: readonly Label[]): Label[] {
  return [...labels].sort((a, b) => (a.name < b.name ? -1 : 1));
}

interface BoundProblem {
  readonly clause: ClauseId;
  readonly sentence: string;
  readonly line: number;
}

/** Pairs bucket lines by bound text; bounds present on one side only become bucket findings, not series ones. */
function matchBuckets(name: string, want: readonly Sample[], got: readonly Sample[]) {
  const bound = (s: Sample) => s.labels.find((l) => l.name === 'le')?.rawValue;
  const wantBounds = want.flatMap((s) => (bound(s) === undefined ? [] : [bound(s) as string]));
  const gotBuckets = got.filter((s) => bound(s) !== undefined);
  const gotBounds = gotBuckets.map((s) => bound(s) as string);
  const lost = wantBounds.filter((b) => !gotBounds.includes(b));
  const added = gotBuckets.filter((s) => !wantBounds.includes(bound(s) as string));
  const problems: BoundProblem[] = [];
  const unexplained: Sample[] = [];
  for (const sample of added) {
    const text = bound(sample) as string;
    const sameNumber = lost.find((b) => parseRustF64(b) === parseRustF64(text));
    if (sameNumber !== undefined) {
      lost.splice(lost.indexOf(sameNumber), 1);
      problems.push({
        clause: 'metrics.number-format',
        sentence: `${name} bucket bound le="${text}": ${describeNonRustNumber(text) ?? `expected le="${sameNumber}"`}`,
        line: sample.line,
      });
    } else {
      unexplained.push(sample);
    }
  }
  if (lost.length === unexplained.length) {
    lost.forEach((b, i) => {
      const moved = unexplained[i] as Sample;
      problems.push({
        clause: 'metrics.buckets',
        sentence: `${name} bucket bound le="${b}" moved to le="${bound(moved)}"`,
        line: moved.line,
      });
    });
  } else {
    for (const b of lost)
      problems.push({
        clause: 'metrics.buckets',
        sentence: `${name} bucket bound le="${b}" is missing`,
        line: got[0]?.line ?? 0,
      });
    for (const s of unexplained) {
      problems.push({
        clause: 'metrics.buckets',
        sentence: `${name} has an extra bucket bound le="${bound(s)}"`,
        line: s.line,
      });
    }
  }
  const keep = (s: Sample, other: readonly string[]) => bound(s) === undefined || other.includes(bound(s) as string);
  return {
    matched: { want: want.filter((s) => keep(s, gotBounds)), got: got.filter((s) => keep(s, wantBounds)) },
    problems,
  };
}

function compareValue(family: Family, want: Sample, got: Sample): Finding[] {
  if (want.value === got.value) return [];
  const integer =
    family.type === 'counter' ||
    (family.type === 'histogram' && (got.name === `${family.name}_bucket` || got.name === `${family.name}_count`));
  const format = integer
    ? isUnsignedInteger(got.value)
      ? undefined
      : `\`${got.value}\` is not an unsigned integer`
    : got.value === TIMING_PLACEHOLDER
      ? undefined
      : describeNonRustNumber(got.value);
  if (want.value === TIMING_PLACEHOLDER) {
    return format === undefined
      ? []
      : [finding('metrics.number-format', `${render(got)} (line ${got.line}): ${format}`)];
  }
  const a = parseRustF64(want.value);
  const b = parseRustF64(got.value);
  if (format !== undefined && a !== undefined && (a === b || (Number.isNaN(a) && Number.isNaN(b ?? 0)))) {
    return [finding('metrics.number-format', `${render(got)} (line ${got.line}): ${format}`)];
  }
  return [finding('metrics.values', `${render(got)} (line ${got.line}) is ${got.value}; expected ${want.value}`)];
}

function render(sample: Sample): string {
  return sample.labels.length === 0 ? sample.name : `${sample.name}{${labelText(sample.labels)}}`;
}

function seriesName(name: string, key: string): string {
  return key === '' ? name : `${name}{${key}}`;
}

function firstLine(family: Family): number {
  return family.typeLine?.line ?? family.samples[0]?.line ?? 0;
}

/** Missing/extra pairs of the same type whose names are close: a likely rename, reported as one finding. */
function pairRenames(missing: readonly Family[], extra: readonly Family[]): [Family, Family][] {
  const candidates: { gone: Family; found: Family; distance: number }[] = [];
  for (const gone of missing) {
    for (const found of extra) {
      if (gone.type !== found.type) continue;
      const distance = editDistance(gone.name, found.name);
      const limit = Math.max(3, Math.floor(Math.max(gone.name.length, found.name.length) / 3));
      const suffixOnly = stripUnitSuffix(gone.name) === stripUnitSuffix(found.name);
      if (distance <= limit || suffixOnly) candidates.push({ gone, found, distance });
    }
  }
  candidates.sort((a, b) => a.distance - b.distance);
  const pairs: [Family, Family][] = [];
  const used = new Set<Family>();
  for (const { gone, found } of candidates) {
    if (used.has(gone) || used.has(found)) continue;
    used.add(gone).add(found);
    pairs.push([gone, found]);
  }
  return pairs;
}

function stripUnitSuffix(name: string): string {
  return name.replace(/(_total|_seconds|_milliseconds|_ms|_bytes)+$/, '');
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
