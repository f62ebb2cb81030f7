import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { decide } from './availability.ts';
import { oracleBinaryPath, oracleBuildArgs, oracleTargetDir } from './binary.ts';

const run = promisify(execFile);

/** Builds the oracle once per vitest run (a no-op when it is up to date) and tells its test files how to reach it. */
export default async function setup(project: TestProject): Promise<void> {
  const decision = decide({
    ci: process.env.CI === 'true',
    cargo: await hasCargo(),
    suiteRun: Boolean(process.env.BUZZ_COMPAT_ADAPTER),
  });
  if (decision.action === 'fail') throw new Error(decision.message);
  if (decision.action === 'skip') {
    if (decision.notice) console.log(`[buzz-compat] oracle checks skipped: ${decision.reason}`);
    project.provide('oracle', { state: 'skipped', reason: decision.reason });
    return;
  }
  const started = Date.now();
  try {
    await run('cargo', oracleBuildArgs(), {
      env: { ...process.env, CARGO_TARGET_DIR: oracleTargetDir() },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`[buzz-compat] cargo could not build the oracle (oracle/Cargo.toml):\n${stderr.slice(-4000)}`);
  }
  const took = Date.now() - started;
  if (took > 5_000) console.log(`[buzz-compat] built the Rust oracle in ${Math.round(took / 1000)} s`);
  project.provide('oracle', { state: 'ready', binary: oracleBinaryPath() });
}

async function hasCargo(): Promise<boolean> {
  try {
    await run('cargo', ['--version']);
    return true;
  } catch {
    return false;
  }
}
