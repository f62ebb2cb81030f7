import type { TestContext } from 'vitest';
import { describe } from 'vitest';
import { getCurrentSuite } from 'vitest/suite';
import { readSuiteEnv } from '../test-run/suite-env.ts';
import type { ClauseId } from './catalogue.ts';
import type { ClauseTestMeta } from './test-meta.ts';

// How a suite test says which clauses it decides: the ids go into its task metadata when the file is collected,
// where the CLI reads them (harness/src/cli/vitest-outcomes.ts). The `[id]` prefix of the title is for people
// reading vitest's output; nothing parses it.
//
// A test or describe none of whose clauses the run decides (another profile, or left out by --only) is registered
// as skipped rather than skipping itself once running: vitest runs no hook of a describe whose tests were all
// skipped at collection, so the relays only a left-out clause needs are never started.

type Clauses = ClauseId | readonly ClauseId[];

/** Registers a test deciding `clauses`; `fn` is a test body as `it` takes it. */
export function clauseTest(clauses: Clauses, name: string, fn: (context: TestContext) => void | Promise<void>): void {
  const ids = idsOf(clauses);
  const meta: ClauseTestMeta = { clauses: ids };
  getCurrentSuite().task(titleOf(ids, name), {
    meta: { buzzCompat: meta },
    handler: fn,
    skip: !decided(ids),
  });
}

/**
 * Registers a describe deciding `clauses`: the tests in it decide them too unless they name their own, so a
 * beforeAll of it that fails fails those clauses.
 */
export function describeClauses(clauses: Clauses, name: string, factory: () => void): void {
  const ids = idsOf(clauses);
  describe.skipIf(!decided(ids))(titleOf(ids, name), () => {
    const suite = getCurrentSuite().suite;
    if (suite === undefined) throw new Error(`describeClauses("${name}"): vitest is not collecting a describe`);
    const meta: ClauseTestMeta = { clauses: ids };
    suite.meta.buzzCompat = meta;
    factory();
  });
}

function idsOf(clauses: Clauses): readonly ClauseId[] {
  return typeof clauses === 'string' ? [clauses] : clauses;
}

function titleOf(ids: readonly ClauseId[], name: string): string {
  return `[${ids.join(', ')}] ${name}`;
}

/** Under plain vitest (no selection) every clause test runs; under buzz-compat run only the selected ones. */
function decided(ids: readonly ClauseId[]): boolean {
  const { clauses } = readSuiteEnv();
  return clauses === null || ids.some((id) => clauses.includes(id));
}
