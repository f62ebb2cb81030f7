import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ExpositionOracle, oracleAvailability } from '../../../oracle/client/run-oracle.ts';
import { expositionProperty } from './exposition-property.ts';

// The property's own check: with one number format broken (JavaScript's exponent notation left in place for
// gauges, sums and bounds), it must fail and shrink to a small case that shows the broken number.
vi.mock('../../src/metrics/f64-display.ts', () => ({
  formatF64: (x: number) =>
    Number.isNaN(x)
      ? 'NaN'
      : x === Number.POSITIVE_INFINITY
        ? 'inf'
        : x === Number.NEGATIVE_INFINITY
          ? '-inf'
          : String(x),
}));

const availability = oracleAvailability();

describe.skipIf(availability.state !== 'ready')(
  '[oracle] exposition property against a deliberately broken renderer',
  () => {
    let oracle: ExpositionOracle;
    beforeAll(() => {
      oracle = new ExpositionOracle();
    });
    afterAll(async () => {
      await oracle?.close();
    });

    it('fails, and the shrunk case is one operation whose number is written in exponent form', {
      timeout: 120_000,
    }, async () => {
      const details = await fc.check(
        expositionProperty(oracle, () => undefined),
        { numRuns: 10_000, seed: 12 },
      );
      expect(details.failed).toBe(true);
      const [ops] = details.counterexample ?? [[]];
      const message = String((details.errorInstance as Error | undefined)?.message);
      console.log(
        `[oracle] broken renderer caught after ${details.numRuns} cases; shrunk to ${message.split('\n').slice(0, 4).join(' | ')}`,
      );
      expect(ops).toHaveLength(1);
      expect(message).toMatch(/relay: ".*\de[-+]\d+"/);
    });
  },
);
