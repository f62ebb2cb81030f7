// Where the oracle's build lives and how it is built. The target directory stays outside the clone so CI can cache
// it and a fresh clone reuses it; CARGO_TARGET_DIR overrides it as it does for cargo itself.
import { join, resolve } from 'node:path';

export const ORACLE_MANIFEST = resolve(import.meta.dirname, '..', 'Cargo.toml');
export const DEFAULT_TARGET_DIR = '/var/tmp/buzz-compat-oracle-target';

export function oracleTargetDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CARGO_TARGET_DIR || DEFAULT_TARGET_DIR;
}

export function oracleBinaryPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(oracleTargetDir(env), 'debug', 'buzz-compat-oracle');
}

/** The command .ci/run, the workflow and the global setup all build with. */
export function oracleBuildArgs(): string[] {
  return ['build', '--locked', '--quiet', '--manifest-path', ORACLE_MANIFEST];
}
