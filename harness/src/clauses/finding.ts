// One mismatch between what the contract (or a golden) says and what a relay did. Every comparison function
// returns a list of these instead of throwing, so one run reports every broken clause at once.

import { type ClauseId, clauseTag } from './catalogue.ts';

export interface Finding {
  readonly clause: ClauseId;
  /** Starts with `[<id> <section>]`, then one sentence a reader can act on. */
  readonly message: string;
  /** The line of a golden (or other file of the suite) the finding is about, for editors and CI annotations. */
  readonly at?: FileLine;
}

/** A path relative to the suite's root, e.g. golden/metrics/core-ingest.prom, and a 1-based line. */
export interface FileLine {
  readonly file: string;
  readonly line: number;
}

export function finding(clause: ClauseId, sentence: string): Finding {
  return { clause, message: `${clauseTag(clause)} ${sentence}` };
}
