import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'relay/**/*.test.ts',
      'harness/**/*.test.ts',
      'fixtures/**/*.test.ts',
      'bench/**/*.test.ts',
      'oracle/**/*.test.ts',
    ],
    globalSetup: ['harness/src/services/global-setup.ts', 'oracle/client/global-setup.ts'],
    pool: 'forks',
    // Most test time is waiting on relays, databases and 5 s AUTH windows, not CPU: more files in flight than cores.
    maxWorkers: 4,
    minWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
