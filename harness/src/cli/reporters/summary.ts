import type { ClauseResult } from '../clause-result.ts';

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

/** What blocks the gate first (required fail, then required untested), then optional fail and untested, then passes. */
export function byAttention(results: readonly ClauseResult[]): ClauseResult[] {
  const rank = (result: ClauseResult): number => {
    if (result.status === 'pass') return 4;
    return (result.required ? 0 : 2) + (result.status === 'fail' ? 0 : 1);
  };
  return results
    .map((result, index) => ({ result, index }))
    .sort((a, b) => rank(a.result) - rank(b.result) || a.index - b.index)
    .map(({ result }) => result);
}
