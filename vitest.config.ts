import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['relay/**/*.test.ts', 'harness/**/*.test.ts', 'fixtures/**/*.test.ts'],
    globalSetup: ['harness/src/services/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
