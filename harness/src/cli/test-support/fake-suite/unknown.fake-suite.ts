// A suite file with a typo in a clause id: the CLI must name it rather than count the test nowhere.
import type { ClauseId } from '../../../clauses/catalogue.ts';
import { clauseTest } from '../../../clauses/clause-test.ts';

// cast, as clauseTest takes catalogue ids only: a suite run without type checks gets this far
clauseTest('metrics.no-such-clause' as ClauseId, 'names an id the catalogue does not have', () => {});
