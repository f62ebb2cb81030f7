import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import WebSocket from 'ws';
import { clauseTest } from '../src/clauses/clause-test.ts';
import { LATER_FAMILIES } from '../src/contract/families.ts';
import { prepareMetricsBody } from '../src/golden/compare.ts';
import { familiesOf, type Scrape, scrape } from './support/metrics-scrape.ts';
import { type SuiteRelay, startSuiteRelay } from './support/suite-relay.ts';

// CONTRACT §2.1 on the metrics port itself, against one freshly started relay that no client has touched:
// which families a fresh relay shows, what /health and every other path and method answer, the Content-Type,
// and that a gauge back at 0 stays listed. The relay is shared; the fresh scrape is taken before anything else.

const SETTLE_TIMEOUT_MS = 15_000;
const POLL_MS = 100;

/** Requests that must all get the metrics: other paths, a query, and methods other than GET. */
const OTHER_REQUESTS: readonly { readonly method: string; readonly path: string }[] = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/metrics?format=text' },
  { method: 'GET', path: '/some/other/path' },
  { method: 'POST', path: '/metrics' },
  { method: 'PUT', path: '/anything' },
  { method: 'DELETE', path: '/metrics' },
];

describe('metrics endpoint of a freshly started relay', () => {
  let suiteRelay: SuiteRelay;
  let metricsUrl: URL;
  /** The first scrape, before any other request. */
  let fresh: Scrape;

  beforeAll(async () => {
    suiteRelay = await startSuiteRelay({ label: 'metrics endpoint' });
    metricsUrl = new URL(suiteRelay.relay.metricsUrl);
    fresh = await scrape(metricsUrl.href);
  });

  afterAll(async () => {
    await suiteRelay?.stop();
  });

  clauseTest(
    'metrics.lazy-families',
    'a fresh relay lists no family of the snapshot (later revisions may add pool gauges)',
    () => {
      expect(fresh.status).toBe(200);
      expect(familiesOf(fresh.body).filter((f) => !LATER_FAMILIES.includes(f))).toEqual([]);
    },
  );

  clauseTest(
    'metrics.content-type',
    'the metrics are served as exactly `text/plain`, without a version parameter',
    async () => {
      expect(fresh.contentType).toBe('text/plain');
      const head = await fetch(metricsUrl, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toBe('text/plain');
    },
  );

  clauseTest('metrics.health', '/health on the metrics port answers 200 `OK`', async () => {
    const health = await scrape(new URL('/health', metricsUrl).href);
    expect({ status: health.status, body: health.body }).toEqual({ status: 200, body: 'OK' });
  });

  clauseTest('metrics.any-path', 'every other path and method gets the same metrics as GET /metrics', async () => {
    const expected = prepareMetricsBody(fresh.body);
    for (const { method, path } of OTHER_REQUESTS) {
      const got = await scrape(new URL(path, metricsUrl).href, { method, ...(method === 'GET' ? {} : { body: '' }) });
      const what = `${method} ${path}`;
      expect(got.status, what).toBe(200);
      expect(got.contentType, what).toBe('text/plain');
      expect(prepareMetricsBody(got.body), what).toBe(expected);
    }
  });

  clauseTest(
    'metrics.lazy-families',
    'a gauge that went back to 0 stays listed: buzz_ws_connections_active after a connection',
    async () => {
      await openAndCloseConnection(suiteRelay.endpoint.wsUrl);
      const after = await pollScrape(metricsUrl.href, (s) => gaugeValue(s.body, 'buzz_ws_connections_active') !== '1');
      expect(after.body).toMatch(/^buzz_ws_connections_total 1$/m);
      expect(gaugeValue(after.body, 'buzz_ws_connections_active')).toBe('0');
    },
  );
});

/** Scrapes until `done` holds or the bound passes; returns the last scrape either way, for the test to judge. */
async function pollScrape(url: string, done: (s: Scrape) => boolean): Promise<Scrape> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const result = await scrape(url);
    if (done(result) || Date.now() > deadline) return result;
    await delay(POLL_MS);
  }
}

function gaugeValue(body: string, name: string): string | undefined {
  return new RegExp(`^${name} (\\S+)$`, 'm').exec(body)?.[1];
}

/** One WebSocket connection that receives its AUTH challenge and closes cleanly, without authenticating. */
async function openAndCloseConnection(wsUrl: string): Promise<void> {
  const socket = new WebSocket(wsUrl);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no AUTH challenge from ${wsUrl} within 5 s`)), 5000);
      socket.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } finally {
    await new Promise<void>((resolve) => {
      if (socket.readyState === WebSocket.CLOSED) return resolve();
      socket.once('close', () => resolve());
      socket.close(1000);
    });
  }
}
