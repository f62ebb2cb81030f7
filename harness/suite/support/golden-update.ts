import { inject } from 'vitest';
import type { UpdateEnv } from '../../src/golden/update.ts';
import { readSuiteEnv } from '../../src/test-run/suite-env.ts';

// Two ways to ask for goldens to be rewritten, one write path: `buzz-compat run --update-goldens` (npm run
// golden:update) sets BUZZ_COMPAT_UPDATE_GOLDENS=1 for the workers, and `vitest -u` reaches them through the global
// setup (harness/src/test-run/global-setup.ts). Either way updateGolden still refuses under CI=true.

export function goldenUpdateRequested(): boolean {
  return readSuiteEnv().updateGoldens || inject('updateGoldens') === true;
}

/** The environment updateGolden judges the request by. */
export function goldenUpdateEnv(): UpdateEnv {
  return goldenUpdateRequested() ? { ...process.env, BUZZ_COMPAT_UPDATE_GOLDENS: '1' } : process.env;
}
