import { describe, expect, it } from 'vitest';
import { labelValueFindings } from './label-rules.ts';

type HttpSeries = readonly [caller: string, action?: string, code?: string];

/** One http_requests_total family with a series per [caller, action, code]. */
const http = (...series: HttpSeries[]) =>
  `# TYPE http_requests_total counter\n${series
    .map(
      ([caller, action = '/info', code = '200']) =>
        `http_requests_total{code="${code}",caller="${caller}",action="${action}"} 1\n`,
    )
    .join('')}\n`;

/** One buzz_events_received_total family with a series per kind. */
const received = (...kinds: string[]) =>
  `# TYPE buzz_events_received_total counter\n${kinds.map((k) => `buzz_events_received_total{kind="${k}"} 1\n`).join('')}\n`;

describe('labelValueFindings', () => {
  it('§2.4 equal bodies give no finding', () => {
    expect(labelValueFindings(http(['web-1']) + received('1'), http(['web-1']) + received('1'))).toEqual([]);
  });

  it('§2.4 a series whose only difference is a ruled label names that label', () => {
    expect(labelValueFindings(http(['web-1']), http(['unknown'])).map((f) => f.message)).toEqual([
      '[metrics.labels.caller §2.4] http_requests_total{code="200",caller="web-1",action="/info"} is missing and {code="200",caller="unknown",action="/info"} is there instead: caller="unknown" where the golden has caller="web-1"',
    ]);
    expect(labelValueFindings(http(['u', '/media/{sha256}']), http(['u', '/media/abc'])).map((f) => f.clause)).toEqual([
      'metrics.labels.action',
    ]);
  });

  it('§2.4 values no rule can produce are findings even when the golden holds them', () => {
    const scraped = received('12345', '01') + http(['bad caller!', '/_status', '2xx'], ['x', '/health']);
    expect(labelValueFindings(scraped, scraped).map((f) => f.message)).toEqual([
      '[metrics.labels.kind §2.4] buzz_events_received_total has kind="12345": a kind is its decimal number when the allow-list holds it, else `other`',
      '[metrics.labels.kind §2.4] buzz_events_received_total has kind="01": a kind is its decimal number when the allow-list holds it, else `other`',
      '[metrics.labels.code §2.4] http_requests_total has code="2xx": a code is the numeric HTTP status',
      '[metrics.labels.caller §2.4] http_requests_total has caller="bad caller!": a caller is at most 64 bytes of [A-Za-z0-9_-], else `unknown`',
      '[metrics.labels.action §2.4] http_requests_total has action="/_status": paths starting with /_, /health and /metrics are not counted',
      '[metrics.labels.action §2.4] http_requests_total has action="/health": paths starting with /_, /health and /metrics are not counted',
    ]);
  });

  it('§2.4 allow-listed kinds, other, an empty caller and a 64-byte caller pass', () => {
    const scraped = received('0', '22242', '49001', 'other') + http([''], ['a'.repeat(64)]);
    expect(labelValueFindings(scraped, scraped)).toEqual([]);
  });
});
