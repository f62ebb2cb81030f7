import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from './stats.ts';

describe('bench latency summaries', () => {
  it('bench: nearest-rank percentiles', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile(sorted, 1)).toBe(100);
    expect(percentile(Float64Array.of(7), 0.99)).toBe(7);
  });

  it('bench: summarize sorts its samples and median takes the middle run', () => {
    expect(summarize([3, 1, 2])).toEqual({ count: 3, p50: 2, p90: 3, p99: 3, max: 3 });
    expect(median([1758, 900, 2000])).toBe(1758);
  });
});
