import { relative } from 'node:path';
import type { SerializedError } from 'vitest';
import type { TestCase, TestModule, TestSuite } from 'vitest/node';
import type { TestOutcome } from './clause-result.ts';

export interface CollectedRun {
  readonly outcomes: TestOutcome[];
  readonly runErrors: string[];
}

/**
 * Turns vitest's finished modules into outcomes. A failing beforeAll/afterAll fails the tests under it (vitest
 * reports them as skipped or passed), because the clause they decide was not shown to hold. A module that failed
 * before any test was collected is a run error, as is any unhandled error.
 */
export function collectRun(
  modules: readonly TestModule[],
  unhandled: readonly SerializedError[],
  root: string,
): CollectedRun {
  const outcomes: TestOutcome[] = [];
  const runErrors: string[] = [];
  for (const module of modules) {
    const file = relative(root, module.moduleId);
    const tests = [...module.children.allTests()];
    if (tests.length === 0 && module.errors().length > 0) {
      runErrors.push(`${file} failed to load: ${messagesOf(module.errors()).join('; ')}`);
      continue;
    }
    for (const test of tests) outcomes.push(outcomeOf(test, file));
  }
  for (const error of unhandled) runErrors.push(`unhandled error: ${messagesOf([error]).join('')}`);
  return { outcomes, runErrors };
}

function outcomeOf(test: TestCase, file: string): TestOutcome {
  const result = test.result();
  const hookErrors = enclosing(test).flatMap((parent) =>
    messagesOf(parent.errors()).map((message) => `${hookScope(parent)} failed: ${message}`),
  );
  const own = result.state === 'failed' ? messagesOf(result.errors) : [];
  const skipNote = result.state === 'skipped' && result.note ? [result.note] : [];
  const failed = result.state === 'failed' || hookErrors.length > 0;
  const meta = test.meta().buzzCompat;
  return {
    name: test.name,
    file,
    state: failed ? 'failed' : result.state === 'passed' ? 'passed' : 'skipped',
    durationMs: Math.round(test.diagnostic()?.duration ?? 0),
    messages: failed ? [...own, ...hookErrors] : skipNote,
    clauseIds: clauseIdsOf(test),
    findings: failed ? (meta?.findings ?? []) : [],
    evidence: failed ? (meta?.evidence ?? []) : [],
  };
}

/** The ids the test was registered with, or else those of the nearest enclosing describe registered with some. */
function clauseIdsOf(test: TestCase): readonly string[] {
  for (const task of [test, ...enclosing(test)]) {
    const ids = task.meta().buzzCompat?.clauses;
    if (ids !== undefined) return ids;
  }
  return [];
}

function enclosing(test: TestCase): (TestSuite | TestModule)[] {
  const chain: (TestSuite | TestModule)[] = [];
  let parent: TestSuite | TestModule = test.parent;
  while (parent.type === 'suite') {
    chain.push(parent);
    parent = parent.parent;
  }
  chain.push(parent);
  return chain;
}

function hookScope(parent: TestSuite | TestModule): string {
  return parent.type === 'suite' ? `a hook of "${parent.name}"` : 'a file-level hook';
}

function messagesOf(errors: readonly SerializedError[] | undefined): string[] {
  return (errors ?? []).map((error) => {
    const name = error.name && error.name !== 'Error' && error.name !== 'AssertionError' ? `${error.name}: ` : '';
    return `${name}${error.message ?? String(error)}`;
  });
}
