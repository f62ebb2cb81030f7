import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './registry.ts';

// Expected bodies are written out by hand from metrics-exporter-prometheus 0.18's rendering rules (CONTRACT §2.1).
describe('MetricsRegistry', () => {
  it('§2.1 an empty registry renders an empty body', () => {
    expect(new MetricsRegistry().render()).toBe('');
  });

  it('§2.1 counters render before gauges and gauges before histograms', () => {
    const registry = new MetricsRegistry();
    registry.histogram('buzz_fanout_recipients').observe(3);
    registry.gauge('buzz_subscriptions_active').add(2);
    registry.counter('buzz_ws_connections_total').inc();
    expect(registry.render()).toBe(
      [
        '# TYPE buzz_ws_connections_total counter',
        'buzz_ws_connections_total 1',
        '',
        '# TYPE buzz_subscriptions_active gauge',
        'buzz_subscriptions_active 2',
        '',
        '# TYPE buzz_fanout_recipients histogram',
        'buzz_fanout_recipients_bucket{le="0"} 0',
        'buzz_fanout_recipients_bucket{le="1"} 0',
        'buzz_fanout_recipients_bucket{le="5"} 1',
        'buzz_fanout_recipients_bucket{le="10"} 1',
        'buzz_fanout_recipients_bucket{le="25"} 1',
        'buzz_fanout_recipients_bucket{le="50"} 1',
        'buzz_fanout_recipients_bucket{le="100"} 1',
        'buzz_fanout_recipients_bucket{le="500"} 1',
        'buzz_fanout_recipients_bucket{le="1000"} 1',
        'buzz_fanout_recipients_bucket{le="+Inf"} 1',
        'buzz_fanout_recipients_sum 3',
        'buzz_fanout_recipients_count 1',
        '',
        '',
      ].join('\n'),
    );
  });

  it('§2.1 families are sorted by name inside their group', () => {
    const registry = new MetricsRegistry();
    registry.counter('http_requests_total').inc(['200', '', '/']);
    registry.counter('buzz_ws_connections_total').inc();
    registry.counter('buzz_events_received_total').inc(['1']);
    registry.gauge('buzz_ws_connections_active').set(1);
    registry.gauge('buzz_subscriptions_active').set(4);
    const typeLines = registry.render().match(/^# TYPE .*$/gm);
    expect(typeLines).toEqual([
      '# TYPE buzz_events_received_total counter',
      '# TYPE buzz_ws_connections_total counter',
      '# TYPE http_requests_total counter',
      '# TYPE buzz_subscriptions_active gauge',
      '# TYPE buzz_ws_connections_active gauge',
    ]);
  });

  it('§2.1 series are sorted by their rendered label text', () => {
    const registry = new MetricsRegistry();
    const received = registry.counter('buzz_events_received_total');
    received.inc(['9']);
    received.inc(['other']);
    received.inc(['10'], 2);
    received.inc(['1']);
    expect(registry.render()).toBe(
      [
        '# TYPE buzz_events_received_total counter',
        'buzz_events_received_total{kind="1"} 1',
        'buzz_events_received_total{kind="10"} 2',
        'buzz_events_received_total{kind="9"} 1',
        'buzz_events_received_total{kind="other"} 1',
        '',
        '',
      ].join('\n'),
    );
  });

  it('§2.1 labels come in call-site order, no HELP lines, no suffixes', () => {
    const registry = new MetricsRegistry();
    registry.counter('http_requests_total').inc(['404', 'web', '/media/{sha256}']);
    expect(registry.render()).toBe(
      [
        '# TYPE http_requests_total counter',
        'http_requests_total{code="404",caller="web",action="/media/{sha256}"} 1',
        '',
        '',
      ].join('\n'),
    );
  });

  it('§2.1 histogram buckets are cumulative, a value on a bound counts in it, +Inf equals _count', () => {
    const registry = new MetricsRegistry();
    const fanout = registry.histogram('buzz_fanout_recipients');
    for (const value of [0, 1, 1, 7, 1000, 1001]) fanout.observe(value);
    expect(registry.render()).toBe(
      [
        '# TYPE buzz_fanout_recipients histogram',
        'buzz_fanout_recipients_bucket{le="0"} 1',
        'buzz_fanout_recipients_bucket{le="1"} 3',
        'buzz_fanout_recipients_bucket{le="5"} 3',
        'buzz_fanout_recipients_bucket{le="10"} 4',
        'buzz_fanout_recipients_bucket{le="25"} 4',
        'buzz_fanout_recipients_bucket{le="50"} 4',
        'buzz_fanout_recipients_bucket{le="100"} 4',
        'buzz_fanout_recipients_bucket{le="500"} 4',
        'buzz_fanout_recipients_bucket{le="1000"} 5',
        'buzz_fanout_recipients_bucket{le="+Inf"} 6',
        'buzz_fanout_recipients_sum 2010',
        'buzz_fanout_recipients_count 6',
        '',
        '',
      ].join('\n'),
    );
  });

  it('§2.2 seconds buckets render through f64 Display and _sum keeps full precision', () => {
    const registry = new MetricsRegistry();
    const seconds = registry.histogram('buzz_event_processing_seconds');
    seconds.observe(0.1);
    seconds.observe(0.2);
    expect(registry.render()).toBe(
      [
        '# TYPE buzz_event_processing_seconds histogram',
        'buzz_event_processing_seconds_bucket{le="0.001"} 0',
        'buzz_event_processing_seconds_bucket{le="0.005"} 0',
        'buzz_event_processing_seconds_bucket{le="0.01"} 0',
        'buzz_event_processing_seconds_bucket{le="0.025"} 0',
        'buzz_event_processing_seconds_bucket{le="0.05"} 0',
        'buzz_event_processing_seconds_bucket{le="0.1"} 1',
        'buzz_event_processing_seconds_bucket{le="0.25"} 2',
        'buzz_event_processing_seconds_bucket{le="0.5"} 2',
        'buzz_event_processing_seconds_bucket{le="1"} 2',
        'buzz_event_processing_seconds_bucket{le="5"} 2',
        'buzz_event_processing_seconds_bucket{le="+Inf"} 2',
        'buzz_event_processing_seconds_sum 0.30000000000000004',
        'buzz_event_processing_seconds_count 2',
        '',
        '',
      ].join('\n'),
    );
  });

  it('§2.1 a tiny _sum is written without an exponent', () => {
    const registry = new MetricsRegistry();
    registry.histogram('buzz_audit_log_seconds').observe(1e-7);
    expect(registry.render()).toContain('\nbuzz_audit_log_seconds_sum 0.0000001\n');
  });

  it('§2.1 a labelled histogram puts le last and labels _sum and _count without le', () => {
    const registry = new MetricsRegistry();
    const latency = registry.histogram('http_request_latency_ms');
    latency.observe(7, ['200', 'web', '/info']);
    latency.observe(30, ['101', '', '/']);
    expect(registry.render()).toBe(
      [
        '# TYPE http_request_latency_ms histogram',
        'http_request_latency_ms_bucket{code="101",caller="",action="/",le="5"} 0',
        'http_request_latency_ms_bucket{code="101",caller="",action="/",le="10"} 0',
        'http_request_latency_ms_bucket{code="101",caller="",action="/",le="25"} 0',
        'http_request_latency_ms_bucket{code="101",caller="",action="/",le="50"} 1',
        'http_request_latency_ms_bucket{code="101",caller="",action="/",le="100"} 1',
        'http_request_latency_ms_bucket{code="101",caller="",action="/",le="250"} 1',
        'http_request_latency_ms_bucket{code="101",caller="",action="/",le="500"} 1',
        'http_request_latency_ms_bucket{code="101",caller="",action="/",le="1000"} 1',
        'http_request_latency_ms_bucket{code="101",caller="",action="/",le="2500"} 1',
        'http_request_latency_ms_bucket{code="101",caller="",action="/",le="5000"} 1',
        'http_request_latency_ms_bucket{code="101",caller="",action="/",le="10000"} 1',
        'http_request_latency_ms_bucket{code="101",caller="",action="/",le="+Inf"} 1',
        'http_request_latency_ms_sum{code="101",caller="",action="/"} 30',
        'http_request_latency_ms_count{code="101",caller="",action="/"} 1',
        'http_request_latency_ms_bucket{code="200",caller="web",action="/info",le="5"} 0',
        'http_request_latency_ms_bucket{code="200",caller="web",action="/info",le="10"} 1',
        'http_request_latency_ms_bucket{code="200",caller="web",action="/info",le="25"} 1',
        'http_request_latency_ms_bucket{code="200",caller="web",action="/info",le="50"} 1',
        'http_request_latency_ms_bucket{code="200",caller="web",action="/info",le="100"} 1',
        'http_request_latency_ms_bucket{code="200",caller="web",action="/info",le="250"} 1',
        'http_request_latency_ms_bucket{code="200",caller="web",action="/info",le="500"} 1',
        'http_request_latency_ms_bucket{code="200",caller="web",action="/info",le="1000"} 1',
        'http_request_latency_ms_bucket{code="200",caller="web",action="/info",le="2500"} 1',
        'http_request_latency_ms_bucket{code="200",caller="web",action="/info",le="5000"} 1',
        'http_request_latency_ms_bucket{code="200",caller="web",action="/info",le="10000"} 1',
        'http_request_latency_ms_bucket{code="200",caller="web",action="/info",le="+Inf"} 1',
        'http_request_latency_ms_sum{code="200",caller="web",action="/info"} 7',
        'http_request_latency_ms_count{code="200",caller="web",action="/info"} 1',
        '',
        '',
      ].join('\n'),
    );
  });

  it('§2.1 a NaN observation counts in +Inf and _count only and makes _sum NaN', () => {
    const registry = new MetricsRegistry();
    registry.histogram('buzz_fanout_recipients').observe(Number.NaN);
    const body = registry.render();
    expect(body).toContain('buzz_fanout_recipients_bucket{le="1000"} 0\n');
    expect(body).toContain('buzz_fanout_recipients_bucket{le="+Inf"} 1\n');
    expect(body).toContain('buzz_fanout_recipients_sum NaN\n');
    expect(body).toContain('buzz_fanout_recipients_count 1\n');
  });

  it('§2.1 a gauge that went back to 0 stays listed at 0', () => {
    const registry = new MetricsRegistry();
    const active = registry.gauge('buzz_ws_connections_active');
    active.add(1);
    active.add(-1);
    expect(registry.render()).toBe('# TYPE buzz_ws_connections_active gauge\nbuzz_ws_connections_active 0\n\n');
  });

  it.each([
    [1e21, '1000000000000000000000'],
    [1e-7, '0.0000001'],
    [-0, '-0'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NEGATIVE_INFINITY, '-inf'],
  ])('§2.1 gauge value %s renders as %s', (value, expected) => {
    const registry = new MetricsRegistry();
    registry.gauge('buzz_subscriptions_active').set(value);
    expect(registry.render()).toBe(`# TYPE buzz_subscriptions_active gauge\nbuzz_subscriptions_active ${expected}\n\n`);
  });

  it('§2.1 counters past 2^53 render as exact integers', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('buzz_multinode_fanout_lag_total');
    counter.inc([], Number.MAX_SAFE_INTEGER);
    counter.inc([], 2);
    expect(registry.render()).toContain('\nbuzz_multinode_fanout_lag_total 9007199254740993\n');
  });

  it('§2.1 a counter holds the full u64 range and wraps past it like fetch_add', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('buzz_cache_invalidation_lag_total');
    counter.inc([], 18446744073709551615n);
    expect(registry.render()).toContain('\nbuzz_cache_invalidation_lag_total 18446744073709551615\n');
    counter.inc([], 2);
    expect(registry.render()).toContain('\nbuzz_cache_invalidation_lag_total 1\n');
  });

  it('§2.1 label values escape backslash, quote and newline as the exporter does', () => {
    const registry = new MetricsRegistry();
    registry.counter('buzz_auth_attempts_total').inc(['a"b']);
    registry.counter('buzz_auth_attempts_total').inc(['x\ny']);
    registry.counter('buzz_auth_attempts_total').inc(['c\\d']);
    expect(registry.render()).toBe(
      [
        '# TYPE buzz_auth_attempts_total counter',
        'buzz_auth_attempts_total{method="a\\"b"} 1',
        'buzz_auth_attempts_total{method="c\\\\d"} 1',
        'buzz_auth_attempts_total{method="x\\ny"} 1',
        '',
        '',
      ].join('\n'),
    );
  });

  it('§2.1 equal label values share a series and any differing value makes another', () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter('http_requests_total');
    requests.inc(['200', 'a', 'b/c']);
    requests.inc(['200', 'a', 'b/c']);
    requests.inc(['200', 'ab', '/c']);
    requests.inc(['200', '', 'ab/c']);
    expect(registry.render()).toBe(
      [
        '# TYPE http_requests_total counter',
        'http_requests_total{code="200",caller="",action="ab/c"} 1',
        'http_requests_total{code="200",caller="a",action="b/c"} 2',
        'http_requests_total{code="200",caller="ab",action="/c"} 1',
        '',
        '',
      ].join('\n'),
    );
  });

  it('§2.1 families appear lazily: a handle alone registers nothing', () => {
    const registry = new MetricsRegistry();
    registry.counter('buzz_ws_connections_total');
    registry.gauge('buzz_ws_connections_active');
    registry.histogram('buzz_fanout_recipients');
    expect(registry.render()).toBe('');
  });

  it('§2.1 touching one family creates no other', () => {
    const registry = new MetricsRegistry();
    registry.counter('buzz_events_stored_total').inc(['1']);
    expect(registry.render()).toBe('# TYPE buzz_events_stored_total counter\nbuzz_events_stored_total{kind="1"} 1\n\n');
  });

  it('§2.1 an increment by 0 registers the series at 0, as counter!().increment(0) does', () => {
    const registry = new MetricsRegistry();
    registry.counter('buzz_audit_send_errors_total').inc([], 0);
    expect(registry.render()).toBe('# TYPE buzz_audit_send_errors_total counter\nbuzz_audit_send_errors_total 0\n\n');
  });

  it('§2.3 a wrong label count throws, names the labels, and registers nothing', () => {
    const registry = new MetricsRegistry();
    expect(() => registry.counter('http_requests_total').inc(['200'])).toThrow(
      'metric http_requests_total takes 3 label value(s) [code, caller, action], got 1',
    );
    expect(() => registry.counter('buzz_ws_connections_total').inc(['x'])).toThrow(
      'metric buzz_ws_connections_total takes 0 label value(s) [], got 1',
    );
    expect(() => registry.histogram('buzz_fanout_recipients').observe(1, ['x'])).toThrow(/takes 0 label value/);
    expect(registry.render()).toBe('');
  });

  it.each([-1, 1.5, Number.NaN, -1n, 1n << 64n])('§2.1 counter increment %s is refused', (by) => {
    const registry = new MetricsRegistry();
    expect(() => registry.counter('buzz_ws_auth_timeouts_total').inc([], by)).toThrow(/unsigned 64-bit integer/);
    expect(registry.render()).toBe('');
  });

  // Found by the Rust oracle: metrics-exporter-prometheus adds histogram samples to `_sum` when a scrape (or its
  // 5 s upkeep) drains them, block by block of 64 samples, newest block first, each block summed from zero.
  function sumLine(registry: MetricsRegistry): string | undefined {
    return registry
      .render()
      .split('\n')
      .find((line) => line.startsWith('buzz_audit_log_seconds_sum'));
  }

  it('§2.1 a scrape between observations groups the sum the way the exporter drains it', () => {
    const registry = new MetricsRegistry();
    const histogram = registry.histogram('buzz_audit_log_seconds');
    histogram.observe(0.1);
    registry.render();
    histogram.observe(0.2);
    histogram.observe(0.3);
    // 0.1 + (0.2 + 0.3), where a running sum would give 0.6000000000000001
    expect(sumLine(registry)).toBe('buzz_audit_log_seconds_sum 0.6');
  });

  it('§2.1 more than 64 samples between scrapes are summed per block, the newest block first', () => {
    const registry = new MetricsRegistry();
    const histogram = registry.histogram('buzz_audit_log_seconds');
    histogram.observe(Number.NEGATIVE_INFINITY);
    for (let i = 0; i < 63; i++) histogram.observe(0);
    histogram.observe(Number.MAX_VALUE);
    histogram.observe(Number.MAX_VALUE);
    // (0 + (MAX + MAX)) + -inf = inf + -inf, where a running sum stays at -inf
    expect(sumLine(registry)).toBe('buzz_audit_log_seconds_sum NaN');
  });

  it('§2.1 upkeep drains like a scrape', () => {
    const registry = new MetricsRegistry();
    const histogram = registry.histogram('buzz_audit_log_seconds');
    histogram.observe(0.1);
    registry.runUpkeep();
    histogram.observe(0.2);
    histogram.observe(0.3);
    expect(sumLine(registry)).toBe('buzz_audit_log_seconds_sum 0.6');
  });

  it('§2.1 two registries share nothing', () => {
    const first = new MetricsRegistry();
    const second = new MetricsRegistry();
    first.counter('buzz_ws_connections_total').inc();
    expect(second.render()).toBe('');
  });
});
