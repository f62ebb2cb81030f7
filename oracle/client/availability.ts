// Whether this run can ask the oracle, decided once per vitest run by global-setup.ts and read by the oracle's
// test files with inject('oracle'). Without cargo a developer's run skips them with one notice; under CI it fails.

export type OracleAvailability =
  | { readonly state: 'ready'; readonly binary: string }
  | { readonly state: 'skipped'; readonly reason: string };

export const INSTALL_HINT = 'install Rust 1.88 or later with cargo (https://rustup.rs) to run the Rust oracle checks';

export interface Environment {
  readonly ci: boolean;
  readonly cargo: boolean;
  /** `buzz-compat run` judges a relay with harness/suite only; it never needs the oracle. */
  readonly suiteRun: boolean;
}

export type Decision =
  | { readonly action: 'build' }
  | { readonly action: 'skip'; readonly reason: string; readonly notice: boolean }
  | { readonly action: 'fail'; readonly message: string };

export function decide(env: Environment): Decision {
  if (env.suiteRun) return { action: 'skip', reason: 'buzz-compat run does not use the oracle', notice: false };
  if (env.cargo) return { action: 'build' };
  if (env.ci) {
    return {
      action: 'fail',
      message: `[buzz-compat] CI=true but cargo is not on PATH, so the Rust oracle checks cannot run: ${INSTALL_HINT}`,
    };
  }
  return { action: 'skip', reason: `cargo is not on PATH; ${INSTALL_HINT}`, notice: true };
}
