import { describe, expect, it } from 'vitest';
import { decide, INSTALL_HINT } from './availability.ts';

describe('whether a run can ask the oracle', () => {
  it('builds it whenever cargo is there', () => {
    expect(decide({ ci: false, cargo: true, suiteRun: false })).toEqual({ action: 'build' });
    expect(decide({ ci: true, cargo: true, suiteRun: false })).toEqual({ action: 'build' });
  });

  it('without cargo on a developer machine skips the oracle checks with one notice naming what to install', () => {
    const decision = decide({ ci: false, cargo: false, suiteRun: false });
    expect(decision).toEqual({ action: 'skip', reason: `cargo is not on PATH; ${INSTALL_HINT}`, notice: true });
    expect(INSTALL_HINT).toMatch(/install Rust 1\.88 or later with cargo \(https:\/\/rustup\.rs\)/);
  });

  it('without cargo under CI=true fails the run', () => {
    expect(decide({ ci: true, cargo: false, suiteRun: false })).toMatchObject({
      action: 'fail',
      message: expect.stringContaining('CI=true but cargo is not on PATH'),
    });
  });

  it('buzz-compat run, which judges a relay with harness/suite only, never builds or needs it', () => {
    expect(decide({ ci: true, cargo: false, suiteRun: true })).toMatchObject({ action: 'skip', notice: false });
    expect(decide({ ci: false, cargo: true, suiteRun: true })).toMatchObject({ action: 'skip', notice: false });
  });
});
