import { beforeAll, describe, expect, it } from 'vitest';
import { clause } from '../src/clauses/catalogue.ts';
import { clauseTest } from '../src/clauses/clause-test.ts';
import { contractTableProblems } from '../src/contract/golden-self-check.ts';
import { isCanonical } from '../src/metrics/canonicalize.ts';
import { loadFixtures, loadSession, type Session } from '../src/scenarios/index.ts';
import { readSuiteEnv } from '../src/test-run/suite-env.ts';
import { reportFindings } from './support/evidence.ts';
import { expectNoMetricsFindings } from './support/metrics-findings.ts';
import {
  checksReferenceAdapter,
  decidedClauses,
  judgeNode,
  maybeUpdateGolden,
  type NodeVerdict,
  saveNodeEvidence,
} from './support/metrics-golden-run.ts';
import { type MetricsScenarioRun, runMetricsScenario } from './support/metrics-scenario.ts';
import { familiesOf } from './support/metrics-scrape.ts';
import { promtoolAccepted, runPromtoolCheck } from './support/promtool.ts';
import { METRICS_SCENARIOS } from './support/scenarios.ts';

// CONTRACT §2 against golden/metrics/: each scenario on fresh relays, then each node's /metrics in canonical form,
// timing values masked, compared with its golden. One test per clause the comparison decides, each failing with
// that clause's findings and the raw diff. Every scenario starts at once in the file's beforeAll (each on its own
// database and Redis db index) and each describe waits for its own, so a broken scenario fails only its own tests.

/** promtool lint warnings the contract's own choices cause (README): no family is described, and buzz's name. */
const CONTRACT_LINT = [
  /^\S+ no help text$/,
  /^http_request_latency_ms metric names should not contain abbreviated units$/,
];

type Outcome = { readonly run: MetricsScenarioRun } | { readonly error: unknown };

const { sessions } = loadFixtures();
const runClauses = readSuiteEnv().clauses;
const outcomes = new Map<string, Promise<Outcome>>();

function sessionOf(scenario: string): Session {
  const session = sessions.get(scenario);
  if (session === undefined) throw new Error(`METRICS_SCENARIOS names ${scenario}, which has no fixtures session`);
  return session;
}

/** False when `buzz-compat run` decides none of the clauses this scenario decides (--only, profile): it is not run. */
function selected(scenario: string): boolean {
  return runClauses === null || decidedClauses(sessionOf(scenario).metrics).some((id) => runClauses.includes(id));
}

beforeAll(() => {
  for (const scenario of METRICS_SCENARIOS.filter(selected)) {
    const outcome = runMetricsScenario(sessionOf(scenario), () => loadSession(scenario)).then(
      (run): Outcome => ({ run }),
      (error: unknown): Outcome => ({ error }),
    );
    outcomes.set(scenario, outcome);
  }
});

for (const scenario of METRICS_SCENARIOS) {
  const declared = sessionOf(scenario).metrics;

  describe(`metrics golden of scenario ${scenario}`, () => {
    let run: MetricsScenarioRun;
    let verdicts: NodeVerdict[] = [];
    let evidence: (string | null)[] = [];
    const goldenBodies = new Map<string, string>();

    beforeAll(async () => {
      const outcome = await outcomes.get(scenario);
      if (outcome === undefined) throw new Error(`scenario ${scenario} was not run: none of its clauses is selected`);
      if ('error' in outcome) throw outcome.error;
      run = outcome.run;
      verdicts = [];
      for (const scrape of run.scrapes) {
        const golden = await maybeUpdateGolden(scrape.golden, scrape.body);
        if (golden !== undefined) goldenBodies.set(scrape.golden, golden.body);
        verdicts.push(judgeNode(scrape.golden, golden, scrape.body));
      }
      evidence = await Promise.all(run.scrapes.map((scrape, i) => saveNodeEvidence(verdicts[i]!, scrape)));
    }, 120_000);

    for (const id of decidedClauses(declared)) {
      clauseTest(id, clause(id).title, ({ task }) => {
        reportFindings(
          task,
          id,
          verdicts.map((verdict, i) => ({ findings: verdict.findings, evidence: evidence[i] ?? null })),
        );
        expectNoMetricsFindings(verdicts, id);
      });
    }

    clauseTest('metrics.exposition', 'promtool check metrics parses the raw scrape of every node', async (ctx) => {
      for (const scrape of run.scrapes) {
        const result = await runPromtoolCheck(scrape.body);
        if (!result.available) {
          ctx.skip(
            'promtool is not on PATH (Debian package prometheus); the suite judged the text with its own parser',
          );
          return;
        }
        if (!promtoolAccepted(result)) {
          throw new Error(
            `[metrics.exposition §2.1] promtool check metrics rejects the scrape of ${scrape.golden} (exit ${result.exitCode}):\n${result.output.join('\n')}`,
          );
        }
        const unexpected = result.output.filter((line) => !CONTRACT_LINT.some((known) => known.test(line)));
        if (unexpected.length > 0) console.log(`promtool lint on ${scrape.golden}:\n${unexpected.join('\n')}`);
      }
    });

    // It checks the goldens, not the relay, so it decides no clause; buzz-compat run, which judges relays, leaves it
    // out, as it leaves out every test of a clause the run does not decide.
    it.skipIf(runClauses !== null)(
      'suite self-check: each golden follows CONTRACT §2.2-§2.3 and the goldens hold exactly the declared families',
      () => {
        const problems: string[] = [];
        const seen = new Set<string>();
        for (const scrape of run.scrapes) {
          const body = goldenBodies.get(scrape.golden);
          if (body === undefined) continue;
          problems.push(...contractTableProblems(body).map((p) => `${scrape.golden}: ${p}`));
          for (const family of familiesOf(body)) seen.add(family);
        }
        const expected = [...declared].sort();
        expect(problems).toEqual([]);
        expect([...seen].sort()).toEqual(expected);
      },
    );

    clauseTest(
      'metrics.canonical-order',
      'the raw body is already in canonical order (optional: hash order is allowed)',
      (ctx) => {
        if (!checksReferenceAdapter()) ctx.skip('other relays may write families and series in hash order');
        for (const scrape of run.scrapes) expect(isCanonical(scrape.body), scrape.golden).toBe(true);
      },
    );
  });
}
