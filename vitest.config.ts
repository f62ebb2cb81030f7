import { defineConfig } from 'vitest/config';
import { SERVICES_GLOBAL_SETUP, SUITE_TEST_SETTINGS } from './harness/src/cli/vitest-settings.ts';
import { ALL_TESTS, SUITE_FILES } from './test-projects.ts';

// A golden or a fixture is read from disk, not imported, so vitest's module graph cannot see that a test depends on
// it; these patterns tell watch mode which files to rerun when one changes.
const GOLDEN_TRIGGERS = [
  { pattern: /golden\/metrics\/.*\.prom$/, testsToRun: () => ['harness/suite/metrics-golden.test.ts'] },
  {
    pattern: /golden\/traces\/.*$/,
    testsToRun: () => ['harness/suite/traces-golden.test.ts', 'harness/src/traces/traces.cases.test.ts'],
  },
  {
    pattern: /harness\/src\/metrics\/cases\/.*$/,
    testsToRun: () => ['harness/src/metrics/semantic-diff.cases.test.ts'],
  },
  {
    pattern: /fixtures\/.*\.(json|txt)$/,
    testsToRun: () => [
      'harness/suite/metrics-golden.test.ts',
      'harness/suite/traces-golden.test.ts',
      'harness/src/scenarios/fixtures.test.ts',
      'harness/src/scenarios/load-fixtures.test.ts',
    ],
  },
];

export default defineConfig({
  test: {
    ...SUITE_TEST_SETTINGS,
    watchTriggerPatterns: GOLDEN_TRIGGERS,
    projects: [
      { extends: true, test: { name: 'unit', include: ALL_TESTS, exclude: SUITE_FILES } },
      {
        extends: true,
        test: {
          name: 'suite',
          include: SUITE_FILES,
          globalSetup: [SERVICES_GLOBAL_SETUP, 'oracle/client/global-setup.ts'],
        },
      },
    ],
  },
});
