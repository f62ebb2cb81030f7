import { expect } from 'vitest';
import { CLAUSES, clauseTag } from './catalogue.ts';
import type { Finding } from './finding.ts';

// Test support for the comparison engines' case folders (`cases/<clause-id>-<what-differs>/`): a new failure mode is
// a new folder, and every engine judges its folders the same way.

/** The catalogue clause a case folder is named for: the longest id followed by '-'. */
export function clauseOfFolder(name: string): string | undefined {
  return CLAUSES.map((c) => c.id)
    .filter((id) => name.startsWith(`${id}-`))
    .sort((a, b) => b.length - a.length)[0];
}

/** Asserts that some finding contains `message`, belongs to the folder's clause, and starts with that clause's tag. */
export function expectCaseFinding(folder: string, findings: readonly Finding[], message: string): void {
  const id = clauseOfFolder(folder);
  expect(id, `folder ${folder} must start with a catalogue clause id and '-'`).toBeDefined();
  const hit = findings.find((f) => f.message.includes(message));
  expect(
    hit,
    `no finding contains ${JSON.stringify(message)}; got:\n${findings.map((f) => f.message).join('\n')}`,
  ).toBeDefined();
  expect(hit?.clause).toBe(id);
  expect(hit?.message.startsWith(`${clauseTag(hit.clause)} `)).toBe(true);
}
