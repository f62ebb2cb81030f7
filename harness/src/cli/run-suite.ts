import { startVitest } from 'vitest/node';
import type { Clause, Profile } from '../clauses/catalogue.ts';
import { CLAUSES } from '../clauses/catalogue.ts';
import { REPO_ROOT, suiteEnv } from '../test-run/suite-env.ts';
import { aggregateClauses, unknownClauseErrors } from './aggregate.ts';
import type { Baseline } from './baseline.ts';
import type { ClauseResult, RunContext } from './clause-result.ts';
import { ProgressReporter } from './progress-reporter.ts';
import { provenance } from './provenance.ts';
import { collectRun } from './vitest-outcomes.ts';
import { CLAUSE_TESTS, SERVICES_GLOBAL_SETUP, SUITE_TEST_SETTINGS } from './vitest-settings.ts';

export interface SuiteRun {
  readonly adapterPath: string;
  readonly adapterName: string;
  readonly profile: Profile;
  /** The profile's clauses, narrowed by --only; the suite registers the tests of any other clause as skipped. */
  readonly clauses: readonly Clause[];
  readonly updateGoldens: boolean;
  readonly baseline: Baseline | null;
  /** Where failing tests save what they judged (<out>/evidence). */
  readonly evidenceDir: string;
  /** Extra variables for the test workers (e.g. the services the CLI provisioned). */
  readonly env: Readonly<Record<string, string>>;
  readonly write: (line: string) => void;
}

/** Runs the selected clauses' tests with vitest and turns the outcome into one verdict per clause. */
export async function runSuite(run: SuiteRun): Promise<{ results: ClauseResult[]; context: RunContext }> {
  const started = Date.now();
  const ids = run.clauses.map((clause) => clause.id);
  Object.assign(
    process.env,
    run.env,
    suiteEnv({
      adapterPath: run.adapterPath,
      profile: run.profile,
      clauses: ids,
      updateGoldens: run.updateGoldens,
      evidenceDir: run.evidenceDir,
    }),
  );
  const reporter = new ProgressReporter(REPO_ROOT, run.write, run.updateGoldens);
  const include = process.env.BUZZ_COMPAT_SUITE_INCLUDE;
  const runErrors: string[] = [];
  try {
    // Only the clause tests judge the relay: the harness's own unit tests check the suite itself.
    const vitest = await startVitest('test', [], {
      config: false,
      root: REPO_ROOT,
      run: true,
      watch: false,
      reporters: [reporter],
      passWithNoTests: true,
      include: [include || CLAUSE_TESTS],
      globalSetup: [SERVICES_GLOBAL_SETUP],
      ...SUITE_TEST_SETTINGS,
    });
    await vitest.close();
  } catch (error) {
    runErrors.push(`the test run could not complete: ${(error as Error).message}`);
  }
  const { modules, unhandled } = reporter.result();
  const collected = collectRun(modules, unhandled, REPO_ROOT);
  runErrors.push(...collected.runErrors, ...unknownClauseErrors(collected.outcomes, new Set(CLAUSES.map((c) => c.id))));
  if (modules.length === 0 && runErrors.length === 0)
    runErrors.push('vitest ran no test file: is the suite in harness/suite/?');
  return {
    results: aggregateClauses(run.clauses, collected.outcomes, run.baseline),
    context: {
      adapter: run.adapterName,
      profile: run.profile,
      durationMs: Date.now() - started,
      provenance: provenance(run.baseline?.path ?? null),
      runErrors,
    },
  };
}
