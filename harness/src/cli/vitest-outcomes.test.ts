import { describe, expect, it, type TaskMeta } from 'vitest';
import type { TestModule } from 'vitest/node';
import { type ClauseId, clause } from '../clauses/catalogue.ts';
import { aggregateClauses } from './aggregate.ts';
import { collectRun } from './vitest-outcomes.ts';

// The shape of harness/suite/metrics-golden.test.ts: one describe per scenario, each with its own beforeAll that
// waits for that scenario's relays, and tests for the clauses that scenario decides. vitest reports the tests under
// a failed beforeAll as skipped and keeps the error on that describe alone; these fakes carry just the fields
// collectRun reads. Clause ids travel in task metadata, as clauseTest and describeClauses register them.

interface FakeTest {
  readonly name: string;
  readonly state: 'passed' | 'failed' | 'skipped';
  readonly meta?: TaskMeta;
}

interface FakeScenario {
  readonly name: string;
  readonly hookError?: string;
  /** Metadata of the describe, as describeClauses sets it. */
  readonly meta?: TaskMeta;
  readonly tests: FakeTest[];
}

function decides(...clauses: ClauseId[]): TaskMeta {
  return { buzzCompat: { clauses } };
}

function fakeModule(scenarios: FakeScenario[]): TestModule {
  const module = {
    type: 'module',
    moduleId: '/repo/harness/suite/metrics-golden.test.ts',
    errors: () => [],
    meta: () => ({}),
  } as const;
  const tests = scenarios.flatMap((scenario) => {
    const suite = {
      type: 'suite',
      name: `metrics golden of scenario ${scenario.name}`,
      parent: module,
      errors: () => (scenario.hookError ? [{ name: 'RelayLaunchError', message: scenario.hookError }] : []),
      meta: () => scenario.meta ?? {},
    };
    return scenario.tests.map((test) => ({
      name: test.name,
      parent: suite,
      result: () => ({ state: test.state, errors: [] }),
      diagnostic: () => ({ duration: 1 }),
      meta: () => test.meta ?? {},
    }));
  });
  return { ...module, children: { allTests: () => tests } } as unknown as TestModule;
}

describe('collectRun and aggregateClauses with a failing scenario hook', () => {
  it('fails only the clauses the failing scenario decided, naming its relay; the others keep their verdicts', () => {
    const relayDied =
      'relay "metrics auth node" (adapter reference, adapters/reference.json) exited before it was ready ' +
      '(exit code 1). Last output:\n  | Error: listen EADDRINUSE: address already in use 127.0.0.1:20107';
    const module = fakeModule([
      {
        name: 'core-ingest',
        tests: [
          { name: '[metrics.exposition] parses', state: 'passed', meta: decides('metrics.exposition') },
          { name: '[metrics.family.events] events', state: 'passed', meta: decides('metrics.family.events') },
        ],
      },
      {
        name: 'auth',
        hookError: relayDied,
        tests: [
          { name: '[metrics.exposition] parses', state: 'skipped', meta: decides('metrics.exposition') },
          { name: '[metrics.family.auth] auth', state: 'skipped', meta: decides('metrics.family.auth') },
        ],
      },
    ]);
    const { outcomes, runErrors } = collectRun([module], [], '/repo');
    expect(runErrors).toEqual([]);
    const ids = ['metrics.exposition', 'metrics.family.events', 'metrics.family.auth'] as const;
    const results = aggregateClauses(ids.map(clause), outcomes);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['metrics.exposition', 'fail'],
      ['metrics.family.events', 'pass'],
      ['metrics.family.auth', 'fail'],
    ]);
    const hookFailure =
      `a hook of "metrics golden of scenario auth" failed: RelayLaunchError: ${relayDied}\n` +
      '(test "[metrics.exposition] parses", harness/suite/metrics-golden.test.ts)';
    expect(results[0]!.reasons).toEqual([hookFailure]);
    expect(results[2]!.reasons[0]).toContain('relay "metrics auth node"');
    expect(results[0]!.tests.map((t) => t.state)).toEqual(['passed', 'failed']);
  });
});

describe('collectRun with task metadata', () => {
  it("carries a failed test's findings and evidence to its clause, and ignores a passed test's", () => {
    const finding = {
      clause: 'metrics.values',
      message: '[metrics.values §2.3] buzz_events_stored_total{kind="1"} is 2, the golden says 1',
      at: { file: 'golden/metrics/core-ingest.prom', line: 9 },
    } as const;
    const reported = { findings: [finding], evidence: ['/out/evidence/metrics/core-ingest'] };
    const module = fakeModule([
      {
        name: 'core-ingest',
        tests: [
          { name: 'values', state: 'failed', meta: { buzzCompat: { clauses: ['metrics.values'], ...reported } } },
          { name: 'parses', state: 'passed', meta: { buzzCompat: { clauses: ['metrics.exposition'], ...reported } } },
        ],
      },
    ]);
    const { outcomes } = collectRun([module], [], '/repo');
    const [values, exposition] = aggregateClauses([clause('metrics.values'), clause('metrics.exposition')], outcomes);
    expect(values?.findings).toEqual([finding]);
    expect(values?.evidence).toEqual(['/out/evidence/metrics/core-ingest']);
    expect(exposition?.findings).toEqual([]);
    expect(exposition?.evidence).toEqual([]);
  });
});

describe('collectRun reads clause ids from task metadata alone', () => {
  it("takes a test's own ids, else its describe's, and reads nothing out of titles", () => {
    const module = fakeModule([
      {
        name: 'auth',
        hookError: 'relay "metrics auth node" did not become ready',
        meta: decides('metrics.family.auth'),
        tests: [
          { name: 'inherits the ids of its describe', state: 'skipped' },
          { name: 'names its own', state: 'skipped', meta: decides('metrics.values', 'metrics.labels.kind') },
        ],
      },
      { name: 'plain', tests: [{ name: '[metrics.health] a bracketed title, not registered', state: 'passed' }] },
    ]);
    const { outcomes } = collectRun([module], [], '/repo');
    expect(outcomes.map((o) => [o.name, o.state, o.clauseIds])).toEqual([
      ['inherits the ids of its describe', 'failed', ['metrics.family.auth']],
      ['names its own', 'failed', ['metrics.values', 'metrics.labels.kind']],
      ['[metrics.health] a bracketed title, not registered', 'passed', []],
    ]);
  });
});
