import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExpositionOracle, oracleAvailability } from '../../../oracle/client/run-oracle.ts';
import { expositionProperty } from './exposition-property.ts';

// CONTRACT §2.1 against the real exporter: metrics-exporter-prometheus 0.18.3 configured as buzz-relay configures
// it (oracle/src/exposition.rs) renders every generated operation list, and the relay must produce the same bytes.

const RUNS = 10_000;
const availability = oracleAvailability();

describe.skipIf(availability.state !== 'ready')(
  '[oracle] exposition: the relay renders what the Rust exporter renders',
  () => {
    let oracle: ExpositionOracle;
    beforeAll(() => {
      oracle = new ExpositionOracle();
    });
    afterAll(async () => {
      await oracle?.close();
    });

    it(`§2.1 the same bytes for ${RUNS} generated operation lists`, { timeout: 300_000 }, async () => {
      let cases = 0;
      await fc.assert(
        expositionProperty(oracle, () => cases++),
        { numRuns: RUNS },
      );
      console.log(`[oracle] exposition: ${cases} operation lists, the relay and the Rust exporter agree on every one`);
      expect(cases).toBeGreaterThanOrEqual(RUNS);
    });
  },
);
