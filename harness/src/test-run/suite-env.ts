import { resolve } from 'node:path';
import type { Profile } from '../clauses/catalogue.ts';

// How `buzz-compat run` tells the suite's test files what to check: environment variables, because vitest runs
// the files in worker processes. The suite reads them with readSuiteEnv(); this file is their only definition. It
// sits in test-run/, beside the vitest global setup, because both ends use it: the CLI writes it, suite code reads it.

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
export const DEFAULT_ADAPTER = resolve(REPO_ROOT, 'adapters/reference.json');

export interface SuiteOptions {
  /** Absolute path of the relay adapter. */
  readonly adapterPath: string;
  readonly profile: Profile;
  /**
   * The clauses this run decides: the profile's, narrowed by --only. Null under plain vitest, where every test runs;
   * under buzz-compat run the tests of other clauses are skipped (harness/src/clauses/clause-test.ts).
   */
  readonly clauses: readonly string[] | null;
  readonly updateGoldens: boolean;
  /** Where a failing test saves what it judged (buzz-compat run: <out>/evidence); null saves nothing. */
  readonly evidenceDir: string | null;
}

export function suiteEnv(options: SuiteOptions): Record<string, string> {
  return {
    BUZZ_COMPAT_ADAPTER: options.adapterPath,
    BUZZ_COMPAT_PROFILE: options.profile,
    BUZZ_COMPAT_CLAUSES: options.clauses === null ? '' : options.clauses.join(','),
    BUZZ_COMPAT_UPDATE_GOLDENS: options.updateGoldens ? '1' : '',
    BUZZ_COMPAT_EVIDENCE_DIR: options.evidenceDir ?? '',
  };
}

/** Defaults apply when the suite runs under plain `vitest` (npm test): the reference relay, profile buzz. */
export function readSuiteEnv(env: NodeJS.ProcessEnv = process.env): SuiteOptions {
  const profile = env.BUZZ_COMPAT_PROFILE || 'buzz';
  if (profile !== 'buzz' && profile !== 'otel-spec') {
    throw new Error(`BUZZ_COMPAT_PROFILE=${profile}: expected buzz or otel-spec`);
  }
  const clauses = (env.BUZZ_COMPAT_CLAUSES ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  return {
    adapterPath: env.BUZZ_COMPAT_ADAPTER ? resolve(env.BUZZ_COMPAT_ADAPTER) : DEFAULT_ADAPTER,
    profile,
    clauses: clauses.length > 0 ? clauses : null,
    updateGoldens: env.BUZZ_COMPAT_UPDATE_GOLDENS === '1',
    evidenceDir: env.BUZZ_COMPAT_EVIDENCE_DIR ? resolve(env.BUZZ_COMPAT_EVIDENCE_DIR) : null,
  };
}
