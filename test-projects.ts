// Two projects. `unit` needs nothing but Node: the comparison engine, decoders, renderers, adapters, reporters
// (`npx vitest --project unit`, seconds, no Docker, no database binaries). `suite` needs the services its global
// setup starts (Postgres, Redis, object store, collector image) or the Rust oracle. A unit test that reaches for a
// service would find none provided; test-projects.test.ts names any unit file whose imports reach for one.
export const SUITE_FILES = [
  'harness/suite/*.test.ts',
  'harness/suite/support/promtool.test.ts',
  'harness/suite/support/redis-db-lease.test.ts',
  'harness/src/services/**/*.test.ts',
  'harness/src/collector/container.test.ts',
  'harness/src/scenarios/run-session.test.ts',
  'harness/src/relay-under-test/launch-relay.test.ts',
  'harness/src/cli/buzz-compat.test.ts',
  'harness/src/cli/without-otel.test.ts',
  'relay/test/**/*.test.ts',
  'relay/src/audit/*.test.ts',
  'relay/src/store/*.test.ts',
  'relay/src/workflows/*.test.ts',
  '**/*.oracle.test.ts',
  'oracle/**/*.test.ts',
  'package/install.test.ts',
];

export const ALL_TESTS = [
  'relay/**/*.test.ts',
  'harness/**/*.test.ts',
  'fixtures/**/*.test.ts',
  'bench/**/*.test.ts',
  'oracle/**/*.test.ts',
  'package/**/*.test.ts',
  'test-projects.test.ts',
];
