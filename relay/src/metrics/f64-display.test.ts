import { describe, expect, it } from 'vitest';
import { formatF64 } from './f64-display.ts';

// Expected strings follow Rust's `impl Display for f64` (core::fmt::float, flt2dec::to_shortest_str with
// Sign::Minus and no fractional minimum): shortest round-trip digits laid out positionally, never an exponent.
describe('formatF64', () => {
  it.each([
    [1, '1'],
    [0, '0'],
    [10000, '10000'],
    [0.001, '0.001'],
    [0.5, '0.5'],
    [-1.5, '-1.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e-6, '0.000001'],
    [1e-7, '0.0000001'],
    [1.5e-7, '0.00000015'],
    [-2.5e-8, '-0.000000025'],
    [1.25e-5, '0.0000125'],
    [1e20, '100000000000000000000'],
    [1e21, '1000000000000000000000'],
    [1.2345678901234568e21, '1234567890123456800000'],
    [-1e21, '-1000000000000000000000'],
  ])('§2.1 %s displays as %s', (value, expected) => {
    expect(formatF64(value)).toBe(expected);
  });

  it('§2.1 1.5e300 displays all 301 integer digits', () => {
    expect(formatF64(1.5e300)).toBe(`15${'0'.repeat(299)}`);
  });

  it('§2.1 the largest f64 displays its 309 integer digits', () => {
    expect(formatF64(Number.MAX_VALUE)).toBe(`17976931348623157${'0'.repeat(292)}`);
  });

  it('§2.1 the smallest subnormal displays 323 zeros after the point', () => {
    expect(formatF64(Number.MIN_VALUE)).toBe(`0.${'0'.repeat(323)}5`);
  });

  // Found by the Rust oracle: exactly halfway between two shortest candidates (the values are written as sums to
  // show they are exact), Rust rounds the half up where JavaScript's String() takes the even digit.
  it.each([
    [1231971195717782 + 0.25, '1231971195717782.3'],
    [206478941241799 + 0.125, '206478941241799.13'],
    [-(196299777130882 + 0.625), '-196299777130882.63'],
    [196299777130882 + 0.375, '196299777130882.38'],
  ])('§2.1 the tie %s displays as %s, the half rounded up', (value, expected) => {
    expect(formatF64(value)).toBe(expected);
  });

  it('§2.1 negative zero keeps its sign', () => {
    expect(formatF64(-0)).toBe('-0');
  });

  it('§2.1 NaN and the infinities use Rust words', () => {
    expect(formatF64(Number.NaN)).toBe('NaN');
    expect(formatF64(Number.POSITIVE_INFINITY)).toBe('inf');
    expect(formatF64(Number.NEGATIVE_INFINITY)).toBe('-inf');
  });
});
