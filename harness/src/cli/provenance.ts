import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUZZ_SNAPSHOT, CONTRACT_VERSION } from '../golden/header.ts';
import { REPO_ROOT } from '../test-run/suite-env.ts';
import type { Provenance } from './clause-result.ts';

/** The version in the package's own package.json, the one `npm i buzz-compat` installed. */
export const SUITE_VERSION: string = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version;

export function provenance(baseline: string | null): Provenance {
  return { suiteVersion: SUITE_VERSION, contractVersion: CONTRACT_VERSION, goldens: BUZZ_SNAPSHOT, baseline };
}
