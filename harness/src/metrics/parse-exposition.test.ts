import { describe, expect, it } from 'vitest';
import { ExpositionParseError, parseExposition } from './parse-exposition.ts';

const body = [
  '# HELP c_total counts',
  '# TYPE c_total counter',
  'c_total{b="x\\"y",a="1\\\\2\\n3"} 7',
  '',
  '# TYPE h histogram',
  'h_bucket{le="1"} 0',
  'h_bucket{le="+Inf"} 2',
  'h_sum 0.5',
  'h_count 2',
  '',
  '# stray',
  'bare 1e-7 1767225600000',
  '',
].join('\n');

describe('parseExposition', () => {
  const parsed = parseExposition(body);

  it('§2.1 keeps families, types, HELP lines and line numbers', () => {
    expect(parsed.families.map((f) => [f.name, f.type, f.typeLine?.line])).toEqual([
      ['c_total', 'counter', 2],
      ['h', 'histogram', 5],
      ['bare', 'untyped', undefined],
    ]);
    expect(parsed.families[0]?.help).toEqual([{ line: 1, text: '# HELP c_total counts' }]);
    expect(parsed.comments).toEqual([{ line: 11, text: '# stray' }]);
    expect(parsed.families[1]?.samples.map((s) => s.line)).toEqual([6, 7, 8, 9]);
  });

  it('§2.1 keeps labels in written order, raw and unescaped, and the value text verbatim', () => {
    const sample = parsed.families[0]?.samples[0];
    expect(sample?.labels).toEqual([
      { name: 'b', rawValue: 'x\\"y', value: 'x"y' },
      { name: 'a', rawValue: '1\\\\2\\n3', value: '1\\2\n3' },
    ]);
    const bare = parsed.families[2]?.samples[0];
    expect([bare?.value, bare?.timestamp, bare?.braces]).toEqual(['1e-7', '1767225600000', false]);
  });

  it.each([
    ['x{a=1} 2', 1, 'expected ="…" after label a'],
    ['# TYPE x counter\n# TYPE x gauge', 2, 'second # TYPE line for x (first at line 1)'],
    ['# TYPE x flavour', 1, "unknown metric type 'flavour'"],
    ['x{a="1"}', 1, 'expected whitespace, a value'],
    [
      '# TYPE x counter\nx 1\n# TYPE y counter\ny 1\nx 2',
      5,
      'samples of x are not contiguous (family starts at line 1)',
    ],
    ['x{a="\\t"} 1', 1, 'unknown escape \\t'],
  ])('§2.1 a parse error names the line: %j', (text, line, problem) => {
    expect(() => parseExposition(text)).toThrow(ExpositionParseError);
    expect(() => parseExposition(text)).toThrow(`line ${line}: ${problem}`);
  });

  it('§2.1 an empty body has no families', () => {
    expect(parseExposition('')).toEqual({ families: [], comments: [] });
  });
});
