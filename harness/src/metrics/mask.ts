// Masking the values that timing decides, so a golden can pin every other byte (CONTRACT §2.1, issue 6).
// The list is deliberately short (the `masked` rows of harness/src/contract/families.ts); everything else is
// compared literally:
// - latency histograms (http_request_latency_ms, buzz_event_processing_seconds, buzz_audit_log_seconds):
//   which bucket a duration lands in, and the sum of durations, depend on machine speed. Their `+Inf` bucket and
//   `_count` are counts of requests/events, decided by the scenario, so they stay literal.
// - pool gauges sampled by the pool tick: how many connections a pool holds, how many are idle or in use, and
//   how many callers wait depend on how concurrent work happened to interleave.
// - the pool ceilings (`buzz_db_pool_max`, `buzz_redis_pool_max`): not timing, but configuration for which the
//   contract names neither a variable nor a default (buzz's Redis pool defaults to 16, the reference relay's to 2),
//   so a golden cannot pin them for every relay; they are still checked to be well-formed.
// buzz_fanout_recipients is a histogram of recipient counts, decided by the scenario: not masked.
// Masked values are still checked by checkMaskedValues, so masking never hides a malformed number.

import type { Finding } from '../clauses/finding.ts';
import { finding } from '../clauses/finding.ts';
import { maskedFamilies } from '../contract/families.ts';
import { labelText } from './canonicalize.ts';
import { describeNonRustNumber, isUnsignedInteger, parseRustF64 } from './number-format.ts';
import { type Exposition, type Family, parseExposition, type Sample } from './parse-exposition.ts';
import { renderExposition, renderSample } from './render-exposition.ts';

export const TIMING_PLACEHOLDER = '<timing>';

const TIMING_HISTOGRAMS = maskedFamilies('histogram');
const TIMING_GAUGES = maskedFamilies('gauge');

/** True for a finite `_bucket` line or the `_sum` of a timing histogram, or a timing gauge's value. */
export function isTimingDecided(family: Family, sample: Sample): boolean {
  if (family.type === 'gauge') return TIMING_GAUGES.includes(family.name) && sample.name === family.name;
  if (family.type !== 'histogram' || !TIMING_HISTOGRAMS.includes(family.name)) return false;
  if (sample.name === `${family.name}_sum`) return true;
  const le = sample.labels.find((l) => l.name === 'le');
  return sample.name === `${family.name}_bucket` && le !== undefined && le.value !== '+Inf';
}

export function maskExposition(exposition: Exposition): Exposition {
  return {
    comments: exposition.comments,
    families: exposition.families.map((family) => ({
      ...family,
      samples: family.samples.map((s) => (isTimingDecided(family, s) ? { ...s, value: TIMING_PLACEHOLDER } : s)),
    })),
  };
}

/** `body` with every timing-decided value replaced by TIMING_PLACEHOLDER; order and all other bytes kept. */
export function maskTimingValues(body: string): string {
  return renderExposition(maskExposition(parseExposition(body)));
}

/**
 * Checks on an unmasked body that the values masking would hide are still well formed: every histogram's
 * buckets are unsigned and cumulative with `+Inf` equal to `_count` and `_sum` ≥ 0, and timing gauges are
 * finite, non-negative and written as Rust Display; `buzz_db_pool_active` equals size − idle, floored at 0.
 */
export function checkMaskedValues(body: string): Finding[] {
  const exposition = parseExposition(body);
  const findings: Finding[] = [];
  for (const family of exposition.families) {
    if (family.type === 'histogram') findings.push(...checkHistogram(family));
    if (family.type === 'gauge' && TIMING_GAUGES.includes(family.name)) findings.push(...checkGauge(family));
  }
  findings.push(...checkPoolArithmetic(exposition));
  return findings;
}

function checkHistogram(family: Family): Finding[] {
  const findings: Finding[] = [];
  const series = new Map<string, Sample[]>();
  for (const sample of family.samples) {
    const key = labelText(sample.labels, ['le']);
    series.set(key, [...(series.get(key) ?? []), sample]);
  }
  for (const [key, samples] of series) {
    const where = `${family.name}{${key}}`;
    const buckets = samples.filter((s) => s.name === `${family.name}_bucket`);
    const sum = samples.find((s) => s.name === `${family.name}_sum`);
    const count = samples.find((s) => s.name === `${family.name}_count`);
    let previous: Sample | undefined;
    for (const bucket of buckets) {
      const le = bucket.labels.find((l) => l.name === 'le')?.value ?? '?';
      if (!isUnsignedInteger(bucket.value)) {
        findings.push(
          finding(
            'metrics.number-format',
            `line ${bucket.line}: bucket ${where} le="${le}" is \`${bucket.value}\`; bucket counts are unsigned integers`,
          ),
        );
      } else if (
        previous !== undefined &&
        isUnsignedInteger(previous.value) &&
        BigInt(bucket.value) < BigInt(previous.value)
      ) {
        findings.push(
          finding(
            'metrics.histogram-lines',
            `line ${bucket.line}: bucket ${where} le="${le}" is ${bucket.value}, less than the bucket before it (${previous.value}); buckets are cumulative`,
          ),
        );
      }
      previous = bucket;
    }
    const inf = buckets.find((b) => b.labels.some((l) => l.name === 'le' && l.value === '+Inf'));
    if (inf === undefined) {
      findings.push(finding('metrics.histogram-lines', `${where} has no le="+Inf" bucket`));
    } else if (count !== undefined && inf.value !== count.value) {
      findings.push(
        finding(
          'metrics.histogram-lines',
          `line ${inf.line}: ${where} le="+Inf" is ${inf.value} but _count is ${count.value}; they must be equal`,
        ),
      );
    }
    if (count === undefined) findings.push(finding('metrics.histogram-lines', `${where} has no _count line`));
    else if (!isUnsignedInteger(count.value)) {
      findings.push(
        finding(
          'metrics.number-format',
          `line ${count.line}: ${where} _count is \`${count.value}\`; counts are unsigned integers`,
        ),
      );
    }
    if (sum === undefined) findings.push(finding('metrics.histogram-lines', `${where} has no _sum line`));
    else findings.push(...checkNonNegativeF64(sum, `${where} _sum`, 'metrics.histogram-lines'));
  }
  return findings;
}

function checkGauge(family: Family): Finding[] {
  return family.samples.flatMap((s) => checkNonNegativeF64(s, renderSample(s).trim(), 'metrics.family.pools'));
}

function checkNonNegativeF64(
  sample: Sample,
  what: string,
  signClause: 'metrics.histogram-lines' | 'metrics.family.pools',
): Finding[] {
  const format = describeNonRustNumber(sample.value);
  if (format !== undefined) return [finding('metrics.number-format', `line ${sample.line}: ${what}: ${format}`)];
  const value = parseRustF64(sample.value) ?? Number.NaN;
  if (!Number.isFinite(value))
    return [finding(signClause, `line ${sample.line}: ${what} is ${sample.value}; it must be finite`)];
  if (value < 0) return [finding(signClause, `line ${sample.line}: ${what} is ${sample.value}; it must be ≥ 0`)];
  return [];
}

function checkPoolArithmetic(exposition: Exposition): Finding[] {
  const value = (name: string) => {
    const sample = exposition.families.find((f) => f.name === name)?.samples[0];
    return sample === undefined ? undefined : parseRustF64(sample.value);
  };
  const [size, idle, active] = [value('buzz_db_pool_size'), value('buzz_db_pool_idle'), value('buzz_db_pool_active')];
  if (size === undefined || idle === undefined || active === undefined) return [];
  const expected = Math.max(0, size - idle);
  if (active === expected) return [];
  return [
    finding(
      'metrics.family.pools',
      `buzz_db_pool_active is ${active} but size − idle = ${size} − ${idle} = ${expected}`,
    ),
  ];
}
