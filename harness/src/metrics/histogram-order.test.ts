import { describe, expect, it } from 'vitest';
import { checkHistogramLineOrder } from './histogram-order.ts';

const histogram = (...lines: string[]) => `# TYPE h_seconds histogram\n${lines.join('\n')}\n\n`;
const A = [
  'h_seconds_bucket{k="a",le="0.5"} 1',
  'h_seconds_bucket{k="a",le="+Inf"} 1',
  'h_seconds_sum{k="a"} 0.1',
  'h_seconds_count{k="a"} 1',
];
const B = A.map((line) => line.replace('k="a"', 'k="b"'));

describe('checkHistogramLineOrder', () => {
  it('§2.1 buckets by rising bound, +Inf, _sum, _count, one series after another: no finding', () => {
    expect(checkHistogramLineOrder(histogram(...B, ...A))).toEqual([]);
  });

  it('§2.1 buckets out of order, _count before _sum and interleaved series are findings', () => {
    const messages = (body: string) => checkHistogramLineOrder(body).map((f) => f.message);
    expect(messages(histogram(A[1] as string, A[0] as string, A[2] as string, A[3] as string))).toEqual([
      '[metrics.histogram-lines §2.1] line 3 (h_seconds{k="a"}): _bucket lines are not in rising bound order, +Inf last',
    ]);
    expect(messages(histogram(A[0] as string, A[1] as string, A[3] as string, A[2] as string))).toEqual([
      '[metrics.histogram-lines §2.1] line 4 (h_seconds{k="a"}): _count must follow _sum',
    ]);
    expect(messages(histogram(A[0] as string, ...B, ...A.slice(1)))).toEqual([
      '[metrics.histogram-lines §2.1] line 7 (h_seconds{k="a"}): the lines of one series are not together',
    ]);
  });
});
