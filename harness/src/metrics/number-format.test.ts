import { describe, expect, it } from 'vitest';
import { describeNonRustNumber, isRustDisplay, looksLikeJavaScriptNumber, rustDisplayF64 } from './number-format.ts';

describe('Rust f64 Display', () => {
  it.each([
    [1, '1'],
    [0.001, '0.001'],
    [10000, '10000'],
    [1e-7, '0.0000001'],
    [1e21, '1000000000000000000000'],
    [0.1 + 0.2, '0.30000000000000004'],
    [-2.5e-10, '-0.00000000025'],
    [123.456, '123.456'],
    [-0, '-0'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NaN, 'NaN'],
  ])('§2.1 %s is written %s', (value, text) => {
    expect(rustDisplayF64(value)).toBe(text);
  });

  it('§2.1 JavaScript text is recognised and explained', () => {
    expect(isRustDisplay('0.0000001')).toBe(true);
    expect(isRustDisplay('1e-7')).toBe(false);
    expect(isRustDisplay('1.0')).toBe(false);
    expect(looksLikeJavaScriptNumber('1e+21')).toBe(true);
    expect(describeNonRustNumber('1e+21')).toBe(
      "`1e+21` looks like JavaScript's number formatting; Rust's f64 Display writes `1000000000000000000000`",
    );
    expect(describeNonRustNumber('+5')).toBe('`+5` is not a number');
    expect(describeNonRustNumber('5')).toBeUndefined();
  });
});
