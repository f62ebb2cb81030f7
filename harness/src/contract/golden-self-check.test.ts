import { describe, expect, it } from 'vitest';
import { bucketBounds, contractTableProblems } from './golden-self-check.ts';

const seconds = (bounds: readonly string[]) =>
  `# TYPE buzz_audit_log_seconds histogram\n${bounds.map((le) => `buzz_audit_log_seconds_bucket{le="${le}"} 0`).join('\n')}\nbuzz_audit_log_seconds_sum 0\nbuzz_audit_log_seconds_count 0\n\n`;

describe('contractTableProblems', () => {
  it('§2.2 §2.3 a body that follows the tables has no problem', () => {
    const body = `# TYPE buzz_events_received_total counter\nbuzz_events_received_total{kind="1"} 2\n\n# TYPE buzz_db_pool_max gauge\nbuzz_db_pool_max <timing>\n\n${seconds(bucketBounds('buzz_audit_log_seconds') ?? [])}`;
    expect(contractTableProblems(body)).toEqual([]);
  });

  it('§2.2 §2.3 an unknown family, a wrong type, wrong labels, moved buckets and a JavaScript number are problems', () => {
    const body = [
      '# TYPE buzz_unknown counter\nbuzz_unknown 1\n',
      '# TYPE buzz_subscriptions_active counter\nbuzz_subscriptions_active 1\n',
      '# TYPE buzz_events_stored_total counter\nbuzz_events_stored_total{type="1"} 1\n',
      '# TYPE buzz_ws_connections_active gauge\nbuzz_ws_connections_active 1e-7\n',
      seconds(['0.001', '0.006', '+Inf']),
    ].join('\n');
    expect(contractTableProblems(body)).toEqual([
      'buzz_unknown is not a family of CONTRACT §2.3',
      'buzz_subscriptions_active is counter; §2.3 says gauge',
      'line 8: buzz_events_stored_total has labels (type); §2.3 says (kind)',
      "line 11: buzz_ws_connections_active value 1e-7 is not Rust's f64 Display",
      'buzz_audit_log_seconds{} has buckets 0.001, 0.006, +Inf; §2.2 says 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, +Inf',
    ]);
  });
});
