import { describe, expect, it } from 'vitest';
import { withoutFamilies } from './without-families.ts';

const body = [
  '# TYPE a_total counter',
  'a_total 1',
  '',
  '# TYPE pool gauge',
  'pool 3',
  '',
  '# TYPE h histogram',
  'h_bucket{le="+Inf"} 0',
  'h_sum 0',
  'h_count 0',
  '',
  '',
].join('\n');

describe('withoutFamilies', () => {
  it('§2.1 drops a family with its empty line and keeps the rest byte for byte', () => {
    expect(withoutFamilies(body, ['pool'])).toBe(body.replace('# TYPE pool gauge\npool 3\n\n', ''));
  });

  it('§2.1 dropping every family leaves the empty body', () => {
    expect(withoutFamilies(body, ['a_total', 'pool', 'h'])).toBe('');
    expect(withoutFamilies('', ['pool'])).toBe('');
  });

  it('§2.1 names that are not there change nothing', () => {
    expect(withoutFamilies(body, ['other'])).toBe(body);
  });
});
