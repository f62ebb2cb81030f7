// The canonical form of CONTRACT §2.1. The Rust exporter orders families inside a group, and series inside
// a family, by hash, so two scrapes of the same state can differ in order; the suite compares this form instead.
// Order rules: groups counter → gauge → histogram (then summary, untyped, which the contract never produces);
// families by name inside a group; series by their rendered label text; inside a histogram series the
// `_bucket` lines by bound with `+Inf` last, then `_sum`, then `_count`. Comparisons are by UTF-16 code unit,
// which equals Rust's byte order for the ASCII names and label values the contract uses.

import { parseRustF64 } from './number-format.ts';
import {
  type Exposition,
  type Family,
  type Label,
  type MetricType,
  parseExposition,
  type Sample,
} from './parse-exposition.ts';
import { renderExposition } from './render-exposition.ts';

export const GROUP_RANK: Readonly<Record<MetricType, number>> = {
  counter: 0,
  gauge: 1,
  histogram: 2,
  summary: 3,
  untyped: 4,
};

/** Label text as rendered (`a="x",b="y"`), optionally without some labels: the series' sort and match key. */
export function labelText(labels: readonly Label[], without: readonly string[] = []): string {
  return labels
    .filter((l) => !without.includes(l.name))
    .map((l) => `${l.name}="${l.rawValue}"`)
    .join(',');
}

export function canonicalExposition(exposition: Exposition): Exposition {
  const families = [...exposition.families]
    .sort((a, b) => GROUP_RANK[a.type] - GROUP_RANK[b.type] || compareText(a.name, b.name))
    .map(canonicalFamily);
  return { families, comments: exposition.comments };
}

/** `body` in canonical form; throws ExpositionParseError when it is not exposition text. */
export function canonicalize(body: string): string {
  return renderExposition(canonicalExposition(parseExposition(body)));
}

/** True when `body` is byte-for-byte its own canonical form (the reference relay's promise). */
export function isCanonical(body: string): boolean {
  return canonicalize(body) === body;
}

function canonicalFamily(family: Family): Family {
  const samples =
    family.type === 'histogram' || family.type === 'summary'
      ? sortBy(
          family.samples,
          (s) => [labelText(s.labels, ['le', 'quantile'])],
          (a, b) => lineRank(family, a) - lineRank(family, b) || boundOrder(a, b),
        )
      : sortBy(
          family.samples,
          (s) => [labelText(s.labels), s.name],
          () => 0,
        );
  return { ...family, samples };
}

function sortBy(
  samples: readonly Sample[],
  keys: (s: Sample) => string[],
  tieBreak: (a: Sample, b: Sample) => number,
): Sample[] {
  return [...samples].sort((a, b) => {
    const ka = keys(a);
    const kb = keys(b);
    for (let i = 0; i < ka.length; i += 1) {
      const order = compareText(ka[i] ?? '', kb[i] ?? '');
      if (order !== 0) return order;
    }
    return tieBreak(a, b);
  });
}

function lineRank(family: Family, sample: Sample): number {
  const suffix = sample.name.slice(family.name.length);
  if (suffix === '_bucket' || (family.type === 'summary' && suffix === '')) return 0;
  if (suffix === '_sum') return 1;
  if (suffix === '_count') return 2;
  return 3;
}

/** Buckets by numeric bound, `+Inf` last; a bound that is not a number sorts after `+Inf`, in written order. */
function boundOrder(a: Sample, b: Sample): number {
  const ba = boundOf(a);
  const bb = boundOf(b);
  if (ba === undefined || bb === undefined) return (ba === undefined ? 1 : 0) - (bb === undefined ? 1 : 0);
  return ba === bb ? 0 : ba < bb ? -1 : 1;
}

function boundOf(sample: Sample): number | undefined {
  const bound = sample.labels.find((l) => l.name === 'le' || l.name === 'quantile');
  if (bound === undefined) return undefined;
  const value = parseRustF64(bound.value);
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
