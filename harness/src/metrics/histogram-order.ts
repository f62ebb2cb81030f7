import { type Finding, finding } from '../clauses/finding.ts';
import { labelText } from './canonicalize.ts';
import { parseRustF64 } from './number-format.ts';
import { ExpositionParseError, parseExposition, type Sample } from './parse-exposition.ts';

// The order of lines inside a histogram series, on the raw body (CONTRACT §2.1): its `_bucket` lines by rising
// bound, `le="+Inf"` last, then `_sum`, then `_count`, and the series' lines together. The exporter may shuffle
// families and series, but not this; the golden comparison cannot see it, because it compares canonical forms.

export function checkHistogramLineOrder(body: string): Finding[] {
  let families: ReturnType<typeof parseExposition>['families'];
  try {
    families = parseExposition(body).families;
  } catch (error) {
    if (error instanceof ExpositionParseError) return [];
    throw error;
  }
  return families
    .filter((family) => family.type === 'histogram')
    .flatMap((family) => {
      const problem = firstProblem(family.name, family.samples);
      return problem === undefined ? [] : [finding('metrics.histogram-lines', problem)];
    });
}

function firstProblem(name: string, samples: readonly Sample[]): string | undefined {
  const finished = new Set<string>();
  let current: string | undefined;
  let phase: 'buckets' | 'sum' | 'count' = 'buckets';
  let bound = Number.NEGATIVE_INFINITY;
  for (const sample of samples) {
    const series = labelText(sample.labels, ['le']);
    const where = `line ${sample.line} (${name}{${series}})`;
    if (series !== current) {
      if (current !== undefined) finished.add(current);
      if (finished.has(series)) return `${where}: the lines of one series are not together`;
      current = series;
      phase = 'buckets';
      bound = Number.NEGATIVE_INFINITY;
    }
    const suffix = sample.name.slice(name.length);
    if (suffix === '_bucket') {
      const le = parseRustF64(sample.labels.find((l) => l.name === 'le')?.value ?? '');
      if (phase !== 'buckets') return `${where}: a _bucket line after _${phase}`;
      if (le === undefined || le <= bound) return `${where}: _bucket lines are not in rising bound order, +Inf last`;
      bound = le;
    } else if (suffix === '_sum') {
      if (phase !== 'buckets') return `${where}: _sum after _${phase}`;
      phase = 'sum';
    } else if (suffix === '_count') {
      if (phase !== 'sum') return `${where}: _count must follow _sum`;
      phase = 'count';
    }
  }
  return undefined;
}
