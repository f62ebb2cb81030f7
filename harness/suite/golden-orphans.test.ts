import { describe } from 'vitest';
import { clauseTest } from '../src/clauses/clause-test.ts';
import { finding } from '../src/clauses/finding.ts';
import { assertNoOrphans, findOrphans, listGoldenFiles } from '../src/golden/orphans.ts';
import { DEFAULT_GOLDEN_DIR, GOLDEN_EXTENSIONS, goldenPath } from '../src/golden/paths.ts';
import { readGolden } from '../src/golden/read.ts';
import { expectedGoldens } from './support/scenarios.ts';

// golden/ against the scenarios the suite files declare (support/scenarios.ts): a golden nothing compares with
// looks like coverage that does not exist, and a compared scenario without its golden is a check that cannot pass.

describe('golden files and the scenarios that compare with them', () => {
  clauseTest(
    'golden.present',
    'every golden has a scenario that compares with it, every such scenario its golden, each with a valid header',
    async () => {
      const expected = expectedGoldens();
      const files = await listGoldenFiles(DEFAULT_GOLDEN_DIR);
      const findings = findOrphans(files, expected);
      for (const { kind, scenario } of expected) {
        if (!files.includes(`${kind}/${scenario}${GOLDEN_EXTENSIONS[kind]}`)) continue;
        try {
          const golden = await readGolden(goldenPath(kind, scenario));
          if (golden.header.scenario !== scenario) {
            findings.push(
              finding('golden.present', `${golden.path} is headed scenario=${golden.header.scenario}, not ${scenario}`),
            );
          }
        } catch (error) {
          findings.push(finding('golden.present', (error as Error).message));
        }
      }
      assertNoOrphans(findings);
    },
  );
});
