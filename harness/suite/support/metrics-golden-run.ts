import { CLAUSES, type ClauseId } from '../../src/clauses/catalogue.ts';
import { type Finding, finding } from '../../src/clauses/finding.ts';
import { CONTRACT_FAMILIES, familyClause } from '../../src/contract/families.ts';
import { compareMetricsGolden, metricsGoldenForm, prepareMetricsBody } from '../../src/golden/compare.ts';
import { withHeader } from '../../src/golden/header.ts';
import { goldenPath } from '../../src/golden/paths.ts';
import { type GoldenFile, readGolden, UPDATE_HINT } from '../../src/golden/read.ts';
import { formatSummaries, updateGolden } from '../../src/golden/update.ts';
import { checkHistogramLineOrder } from '../../src/metrics/histogram-order.ts';
import { labelValueFindings } from '../../src/metrics/label-rules.ts';
import { DEFAULT_ADAPTER, readSuiteEnv } from '../../src/test-run/suite-env.ts';
import { saveEvidence } from './evidence.ts';
import { goldenUpdateEnv, goldenUpdateRequested } from './golden-update.ts';

// One node's scrape after a scenario, judged: the golden comparison (layout, masked values, semantic diff), the
// §2.4 label rules and the raw histogram line order, as findings by clause; plus which clauses that evidence can
// decide, so the suite writes one test per clause that could actually fail.

/** Clauses every metrics golden comparison decides, whatever families the scenario touches. */
const ALWAYS: readonly ClauseId[] = [
  'metrics.exposition',
  'metrics.no-help',
  'metrics.group-order',
  'metrics.sample-syntax',
  'metrics.names',
  'metrics.label-order',
  'metrics.number-format',
  'metrics.family.types',
  'metrics.family.labels',
  'metrics.family.set',
  'metrics.values',
  'golden.present',
];

export interface NodeVerdict {
  readonly golden: string;
  readonly findings: readonly Finding[];
  /** Raw diff golden → prepared scrape; '' when equal. */
  readonly diff: string;
  /** The golden's body ('' without a golden) and the scrape in its form (raw when it is not exposition). */
  readonly expected: string;
  readonly actual: string;
}

/**
 * The clauses a scenario's comparison decides: ALWAYS, plus those of the families the session declares (a missing
 * or wrong series of such a family is reported under its table group and its label rules) and the histogram clauses
 * when it declares a histogram. A clause outside this list could not fail for the scenario, so it gets no test.
 */
export function decidedClauses(declared: readonly string[]): ClauseId[] {
  const ids = new Set<ClauseId>(ALWAYS);
  for (const family of declared) {
    ids.add(familyClause(family));
    for (const id of Object.values(CONTRACT_FAMILIES[family]?.ruled ?? {})) ids.add(id);
    if (CONTRACT_FAMILIES[family]?.type === 'histogram') {
      ids.add('metrics.buckets');
      ids.add('metrics.histogram-lines');
    }
  }
  return CLAUSES.map((c) => c.id).filter((id) => ids.has(id));
}

/** True when this run checks the reference relay's own adapter: goldens are recorded from it alone. */
export function checksReferenceAdapter(): boolean {
  return readSuiteEnv().adapterPath === DEFAULT_ADAPTER;
}

/** The golden of `name`, or undefined when it does not exist yet (the update records it; the checks report it). */
export async function readMetricsGolden(name: string): Promise<GoldenFile | undefined> {
  try {
    return await readGolden(goldenPath('metrics', name));
  } catch (error) {
    if (error instanceof Error && error.message.includes('does not exist')) return undefined;
    throw error;
  }
}

/**
 * Writes the scrape as the golden when updates were asked for (golden-update.ts; never on CI) and the relay
 * is the reference one, and prints what changed. Returns the golden to compare with afterwards.
 */
export async function maybeUpdateGolden(name: string, scraped: string): Promise<GoldenFile | undefined> {
  if (goldenUpdateRequested()) {
    if (checksReferenceAdapter()) {
      const summary = await updateGolden(
        goldenPath('metrics', name),
        name,
        prepareMetricsBody(scraped),
        goldenUpdateEnv(),
      );
      console.log(formatSummaries([summary]));
    } else {
      console.log(`not updating golden/metrics/${name}.prom: goldens are recorded from the reference relay only`);
    }
  }
  return readMetricsGolden(name);
}

/** Every finding on one node's raw scrape against its golden; a missing golden fails every clause with that reason. */
export function judgeNode(name: string, golden: GoldenFile | undefined, scraped: string): NodeVerdict {
  if (golden === undefined) {
    const sentence = `golden/metrics/${name}.prom does not exist, so nothing was compared: ${UPDATE_HINT}`;
    return {
      golden: name,
      findings: CLAUSES.map((c) => finding(c.id, sentence)),
      diff: '',
      expected: '',
      actual: metricsGoldenForm(scraped) ?? scraped,
    };
  }
  const comparison = compareMetricsGolden(golden, name, scraped);
  const findings = [
    ...comparison.findings,
    ...checkHistogramLineOrder(scraped),
    ...labelValueFindings(golden.body, scraped),
  ];
  // every finding points at the golden's first line that the scrape differs from, or its header when it matches
  const at = { file: `golden/metrics/${name}.prom`, line: comparison.line ?? 1 };
  const unique = new Map(findings.map((f) => [f.message, { ...f, at }]));
  return {
    golden: name,
    findings: [...unique.values()],
    diff: comparison.diff,
    expected: comparison.expected,
    actual: comparison.actual,
  };
}

/**
 * What a node whose scrape broke a clause leaves as evidence: the raw scrape, its canonical masked form, the
 * golden file it would become (what the golden update would write, header included), the findings and the relay's
 * last log lines. Returns the directory, or null when the scrape broke nothing or no evidence directory was given.
 */
export async function saveNodeEvidence(
  verdict: NodeVerdict,
  scrape: { readonly body: string; readonly logs: readonly string[] },
): Promise<string | null> {
  if (verdict.findings.length === 0) return null;
  return saveEvidence(`metrics/${verdict.golden}`, {
    'scrape.prom': scrape.body,
    'canonical-masked.prom': verdict.actual,
    [`${verdict.golden}.prom`]: withHeader(verdict.golden, verdict.actual),
    'findings.txt': `${verdict.findings.map((f) => f.message).join('\n')}\n`,
    'diff.txt': verdict.diff,
    'relay.log': `${scrape.logs.join('\n')}\n`,
  });
}
