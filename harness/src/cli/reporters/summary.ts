import { type ClauseResult, type Standing, standingOf } from '../clause-result.ts';
import { plural } from './text.ts';

export interface Tally {
  readonly pass: number;
  readonly fail: number;
  readonly untested: number;
}

/** Counts per status, for required and optional clauses separately. */
export function tally(results: readonly ClauseResult[]): { required: Tally; optional: Tally } {
  const count = (required: boolean): Tally => {
    const group = results.filter((result) => result.required === required);
    return {
      pass: group.filter((result) => result.status === 'pass').length,
      fail: group.filter((result) => result.status === 'fail').length,
      untested: group.filter((result) => result.status === 'untested').length,
    };
  };
  return { required: count(true), optional: count(false) };
}

/** Results grouped by where they stand against the gate (clause-result.ts), catalogue order kept in each group. */
export function byStanding(results: readonly ClauseResult[]): Record<Standing, ClauseResult[]> {
  const groups: Record<Standing, ClauseResult[]> = {
    blocking: [],
    fixed: [],
    advisory: [],
    'expected-failure': [],
    pass: [],
  };
  for (const result of results) groups[standingOf(result)].push(result);
  return groups;
}

/**
 * What blocks the gate first (required fail, then required untested), then listed clauses that now pass, then
 * optional fail and untested, then expected failures, then passes.
 */
export function byAttention(results: readonly ClauseResult[]): ClauseResult[] {
  const rank = (result: ClauseResult): number => {
    const standing = standingOf(result);
    const failFirst = result.status === 'fail' ? 0 : 1;
    switch (standing) {
      case 'blocking':
        return failFirst;
      case 'fixed':
        return 2;
      case 'advisory':
        return 3 + failFirst;
      case 'expected-failure':
        return 5;
      case 'pass':
        return 6;
    }
  };
  return results
    .map((result, index) => ({ result, index }))
    .sort((a, b) => rank(a.result) - rank(b.result) || a.index - b.index)
    .map(({ result }) => result);
}

/** The verdict in words, the same for every reporter. */
export function verdictParts(results: readonly ClauseResult[], runErrors: readonly string[]): string[] {
  const groups = byStanding(results);
  return [
    groups.blocking.length > 0 ? `${plural(groups.blocking.length, 'required clause')} not passing` : '',
    groups.fixed.length > 0
      ? `${plural(groups.fixed.length, 'known failure')} now passing (remove from the known-failures file)`
      : '',
    runErrors.length > 0 ? plural(runErrors.length, 'run error') : '',
  ].filter(Boolean);
}
