// Actual output vs its golden: a verdict with clause-named findings and the raw diff to print beside them.
// Metrics: the scraped body is put in canonical form and masked (prepareMetricsBody) and compared byte for
// byte with the golden body; the semantic diff of the raw scrape explains a mismatch and judges what the canonical
// form hides (group order, sample syntax). Layout and masked values are judged in every case too.
// Traces: the ID-free rendering is compared byte for byte; the topology check explains the semantics.

import { type Finding, finding } from '../clauses/finding.ts';
import { LATER_FAMILIES } from '../contract/families.ts';
import { canonicalize } from '../metrics/canonicalize.ts';
import { checkLayout } from '../metrics/check-layout.ts';
import { checkMaskedValues, maskTimingValues } from '../metrics/mask.ts';
import { ExpositionParseError } from '../metrics/parse-exposition.ts';
import { semanticDiff } from '../metrics/semantic-diff.ts';
import { withoutFamilies } from '../metrics/without-families.ts';
import { CONTRACT_VERSION } from './header.ts';
import { rawDiff } from './raw-diff.ts';
import type { GoldenFile } from './read.ts';

export interface GoldenComparison {
  readonly path: string;
  /** True when the prepared output equals the golden body byte for byte. */
  readonly equal: boolean;
  readonly findings: readonly Finding[];
  /** What was compared: the golden's body and the actual output in the golden's form. */
  readonly expected: string;
  readonly actual: string;
  /** Unified diff golden → actual (prepared), '' when equal. */
  readonly diff: string;
  /** The golden file's first line (1-based, its header line counted) that the actual output differs from; null when equal. */
  readonly line: number | null;
}

/**
 * The form a metrics golden stores: canonical order, timing values masked, later-revision families left out.
 * Throws on a body that is not exposition.
 */
export function prepareMetricsBody(scraped: string): string {
  return maskTimingValues(canonicalize(withoutFamilies(scraped, LATER_FAMILIES)));
}

/** The scrape in a golden's form, or null when it is not exposition text (its layout findings say why). */
export function metricsGoldenForm(scraped: string): string | null {
  try {
    return prepareMetricsBody(scraped);
  } catch (error) {
    if (!(error instanceof ExpositionParseError)) throw error;
    return null;
  }
}

export function compareMetricsGolden(golden: GoldenFile, scenario: string, scraped: string): GoldenComparison {
  const findings: Finding[] = [...checkHeader(golden, scenario), ...checkLayout(scraped)];
  const form = metricsGoldenForm(scraped);
  if (form !== null) findings.push(...checkMaskedValues(scraped));
  const prepared = form ?? scraped;
  // Later-revision families are left out of both sides, so a golden that still holds one does not demand it.
  const expected = withoutFamilies(golden.body, LATER_FAMILIES);
  const equal = prepared === expected;
  // The raw body's own rules (group order, sample syntax, comment lines) must hold even when its canonical form
  // equals the golden, so the semantic diff of the raw scrape runs in every case.
  const explained = semanticDiff(expected, withoutFamilies(scraped, LATER_FAMILIES));
  findings.push(...explained);
  if (!equal && explained.length === 0) {
    findings.push(
      finding(
        'metrics.exposition',
        `the body differs from ${golden.path} in bytes the semantic diff does not explain; see the raw diff`,
      ),
    );
  }
  return {
    path: golden.path,
    equal,
    findings,
    expected,
    actual: prepared,
    diff: rawDiff(expected, prepared, labels(golden)),
    line: equal ? null : HEADER_LINES + firstDifferingLine(expected, prepared),
  };
}

export function compareTracesGolden(golden: GoldenFile, scenario: string, rendered: string): GoldenComparison {
  const findings: Finding[] = [...checkHeader(golden, scenario)];
  const equal = rendered === golden.body;
  if (!equal)
    findings.push(
      finding('spans.topology', `the span trees differ from ${golden.path} ${firstDifference(golden.body, rendered)}`),
    );
  return {
    path: golden.path,
    equal,
    findings,
    expected: golden.body,
    actual: rendered,
    diff: rawDiff(golden.body, rendered, labels(golden)),
    line: equal ? null : HEADER_LINES + firstDifferingLine(golden.body, rendered),
  };
}

function checkHeader(golden: GoldenFile, scenario: string): Finding[] {
  const findings: Finding[] = [];
  if (golden.header.scenario !== scenario) {
    findings.push(
      finding(
        'golden.present',
        `${golden.path} is headed scenario=${golden.header.scenario} but is used for scenario ${scenario}`,
      ),
    );
  }
  if (golden.header.contract !== CONTRACT_VERSION) {
    findings.push(
      finding(
        'golden.present',
        `${golden.path} pins contract ${golden.header.contract}; the suite checks ${CONTRACT_VERSION}: regenerate it`,
      ),
    );
  }
  return findings;
}

/** A golden's header is its first line (header.ts); body lines follow it. */
const HEADER_LINES = 1;

/** 1-based line of `expected` where `actual` first differs (one past the end when `actual` only adds lines). */
function firstDifferingLine(expected: string, actual: string): number {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const at = a.findIndex((line, i) => line !== b[i]);
  return (at === -1 ? a.length : at) + 1;
}

function firstDifference(expected: string, actual: string): string {
  const line = firstDifferingLine(expected, actual);
  const show = (text: string | undefined) => (text === undefined ? 'end of text' : `\`${text}\``);
  return `at line ${line}: expected ${show(expected.split('\n')[line - 1])}, got ${show(actual.split('\n')[line - 1])}`;
}

function labels(golden: GoldenFile) {
  return { expectedLabel: `${golden.path} (golden)`, actualLabel: 'actual' };
}
