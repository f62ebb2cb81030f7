// A suite file with a typo in a clause id: the CLI must name it rather than count the test nowhere.
import { it } from 'vitest';

it('[metrics.no-such-clause] names an id the catalogue does not have', () => {});
