import { describe, expect, it } from 'vitest';
import { canonicalize, isCanonical } from './canonicalize.ts';

const shuffled = [
  '# TYPE h histogram',
  'h_sum{k="b"} 1',
  'h_bucket{k="b",le="+Inf"} 1',
  'h_bucket{k="b",le="0.5"} 1',
  'h_count{k="b"} 1',
  'h_bucket{k="a",le="10"} 0',
  'h_bucket{k="a",le="+Inf"} 0',
  'h_bucket{k="a",le="5"} 0',
  'h_sum{k="a"} 0',
  'h_count{k="a"} 0',
  '',
  '# TYPE g gauge',
  'g 1',
  '',
  '# TYPE z_total counter',
  'z_total{kind="7"} 1',
  'z_total{kind="1"} 2',
  '',
  '# TYPE a_total counter',
  'a_total 3',
  '',
].join('\n');

const canonical = [
  '# TYPE a_total counter',
  'a_total 3',
  '',
  '# TYPE z_total counter',
  'z_total{kind="1"} 2',
  'z_total{kind="7"} 1',
  '',
  '# TYPE g gauge',
  'g 1',
  '',
  '# TYPE h histogram',
  'h_bucket{k="a",le="5"} 0',
  'h_bucket{k="a",le="10"} 0',
  'h_bucket{k="a",le="+Inf"} 0',
  'h_sum{k="a"} 0',
  'h_count{k="a"} 0',
  'h_bucket{k="b",le="0.5"} 1',
  'h_bucket{k="b",le="+Inf"} 1',
  'h_sum{k="b"} 1',
  'h_count{k="b"} 1',
  '',
  '',
].join('\n');

describe('canonicalize', () => {
  it('§2.1 orders groups, families by name, series by label text, histogram lines by bound then _sum, _count', () => {
    expect(canonicalize(shuffled)).toBe(canonical);
  });

  it('§2.1 is idempotent and ends a non-empty body with "\\n\\n"', () => {
    expect(canonicalize(canonical)).toBe(canonical);
    expect(canonical.endsWith('1\n\n')).toBe(true);
  });

  it('§2.1 isCanonical tells a shuffled body from its canonical form', () => {
    expect(isCanonical(canonical)).toBe(true);
    expect(isCanonical(shuffled)).toBe(false);
    expect(isCanonical('')).toBe(true);
  });

  it('§2.1 keeps every byte of a line, only the order changes', () => {
    const odd = '# TYPE x gauge\nx{a="1",}   0.0000001 \n\n';
    expect(canonicalize(odd)).toBe(odd);
  });
});
