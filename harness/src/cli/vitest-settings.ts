// The vitest settings the suite runs with, shared by the repository's vitest.config.ts and by `buzz-compat run`,
// which starts vitest without any config file: installed as a package, it must not pick up the user's own.

export const SUITE_TEST_SETTINGS = {
  pool: 'forks',
  // Most test time is waiting on relays and databases, not CPU: more files in flight than cores.
  maxWorkers: 4,
  testTimeout: 30_000,
  hookTimeout: 60_000,
  teardownTimeout: 30_000,
} as const;

// .ts in a checkout; .js in the installed package, which ships compiled code (package/build.ts).
const EXT = import.meta.url.slice(import.meta.url.lastIndexOf('.'));

/** Relative to the code root: starts (or, in external mode, connects to) the services and provides them. */
export const SERVICES_GLOBAL_SETUP = `harness/src/test-run/global-setup${EXT}`;

/** The clause tests of the suite; the harness's own unit tests live elsewhere. */
export const CLAUSE_TESTS = `harness/suite/*.test${EXT}`;
