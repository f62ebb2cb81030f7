import { describe, expect, it } from 'vitest';
import { checkMaskedValues, maskTimingValues, TIMING_PLACEHOLDER } from './mask.ts';

const scraped = [
  '# TYPE buzz_db_pool_active gauge',
  'buzz_db_pool_active 2',
  '',
  '# TYPE buzz_db_pool_idle gauge',
  'buzz_db_pool_idle 3',
  '',
  '# TYPE buzz_db_pool_max gauge',
  'buzz_db_pool_max 10',
  '',
  '# TYPE buzz_db_pool_size gauge',
  'buzz_db_pool_size 5',
  '',
  '# TYPE buzz_audit_log_seconds histogram',
  'buzz_audit_log_seconds_bucket{le="0.001"} 1',
  'buzz_audit_log_seconds_bucket{le="+Inf"} 2',
  'buzz_audit_log_seconds_sum 0.0021',
  'buzz_audit_log_seconds_count 2',
  '',
  '# TYPE buzz_fanout_recipients histogram',
  'buzz_fanout_recipients_bucket{le="0"} 1',
  'buzz_fanout_recipients_bucket{le="+Inf"} 1',
  'buzz_fanout_recipients_sum 0',
  'buzz_fanout_recipients_count 1',
  '',
  '',
].join('\n');

describe('maskTimingValues', () => {
  it('§2.1 masks only the listed timing values: finite latency buckets, latency sums, pool usage gauges and pool ceilings', () => {
    const masked = maskTimingValues(scraped);
    const maskedLines = masked.split('\n').filter((l) => l.endsWith(` ${TIMING_PLACEHOLDER}`));
    expect(maskedLines).toEqual([
      `buzz_db_pool_active ${TIMING_PLACEHOLDER}`,
      `buzz_db_pool_idle ${TIMING_PLACEHOLDER}`,
      `buzz_db_pool_max ${TIMING_PLACEHOLDER}`,
      `buzz_db_pool_size ${TIMING_PLACEHOLDER}`,
      `buzz_audit_log_seconds_bucket{le="0.001"} ${TIMING_PLACEHOLDER}`,
      `buzz_audit_log_seconds_sum ${TIMING_PLACEHOLDER}`,
    ]);
    expect(masked).toContain('buzz_audit_log_seconds_bucket{le="+Inf"} 2\n');
    expect(masked).toContain('buzz_audit_log_seconds_count 2\n');
    expect(masked).toContain('buzz_fanout_recipients_sum 0\n');
  });

  it('§2.1 masking is stable: masking a masked body changes nothing', () => {
    const masked = maskTimingValues(scraped);
    expect(maskTimingValues(masked)).toBe(masked);
  });
});

describe('checkMaskedValues', () => {
  it('§2.1 a well-formed scrape passes', () => {
    expect(checkMaskedValues(scraped)).toEqual([]);
  });

  it.each([
    [
      'buzz_audit_log_seconds_bucket{le="+Inf"} 2',
      'buzz_audit_log_seconds_bucket{le="+Inf"} 0',
      'less than the bucket before it',
    ],
    ['buzz_audit_log_seconds_count 2', 'buzz_audit_log_seconds_count 3', 'le="+Inf" is 2 but _count is 3'],
    ['buzz_audit_log_seconds_sum 0.0021', 'buzz_audit_log_seconds_sum -0.5', '_sum is -0.5; it must be ≥ 0'],
    [
      'buzz_audit_log_seconds_sum 0.0021',
      'buzz_audit_log_seconds_sum 2.1e-7',
      "looks like JavaScript's number formatting",
    ],
    ['buzz_db_pool_size 5', 'buzz_db_pool_size inf', 'it must be finite'],
    ['buzz_db_pool_active 2', 'buzz_db_pool_active 1', 'buzz_db_pool_active is 1 but size − idle = 5 − 3 = 2'],
    [
      'buzz_audit_log_seconds_bucket{le="0.001"} 1',
      'buzz_audit_log_seconds_bucket{le="0.001"} 1.0',
      'bucket counts are unsigned integers',
    ],
  ])('§2.1 %s → %s is reported', (line, broken, message) => {
    const findings = checkMaskedValues(scraped.replace(line, broken));
    expect(findings.map((f) => f.message).join('\n')).toContain(message);
  });
});
