import { setTimeout as delay } from 'node:timers/promises';
import { prepareMetricsBody } from '../../src/golden/compare.ts';
import { ExpositionParseError } from '../../src/metrics/parse-exposition.ts';

// Scraping a relay's /metrics after a session. Some effects land just after the reply a session step waits for
// (connection clean-up, the audit write, the workflow count, the search index's verdict), so a scrape is taken only
// once the relays have settled (bounded polling).

const SETTLE_TIMEOUT_MS = 15_000;
const POLL_MS = 100;
/**
 * How long the masked canonical bodies must stay the same when they do not (or cannot yet) equal a golden: long
 * enough for writes that trail the last reply (the audit log) on a loaded machine.
 */
const STABLE_FOR_MS = 1000;

export interface Scrape {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: string;
}

export async function scrape(url: string, init: RequestInit = {}): Promise<Scrape> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
}

export function familiesOf(body: string): string[] {
  return [...body.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] ?? '');
}

export interface SettleOptions {
  /** Families that must have appeared on some node (a session's `metrics`). */
  readonly declared: readonly string[];
  /** Per node, the golden body a settled scrape is expected to equal (masked), when there is one. */
  readonly goldens?: readonly (string | undefined)[];
}

/**
 * Scrapes every URL until no node shows an open connection, the nodes together
 * show every declared family, and the masked canonical bodies either equal their goldens or stayed the same for
 * STABLE_FOR_MS; returns the raw bodies of the last scrape, settled or not once the bound passes
 * (the comparison then reports what differs).
 */
export async function settledScrapes(urls: readonly string[], options: SettleOptions): Promise<string[]> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let unchanged: { key: string; since: number } | undefined;
  for (;;) {
    const now = Date.now();
    const bodies = await Promise.all(urls.map(async (url) => (await scrape(url)).body));
    const prepared = bodies.map(prepareOrUndefined);
    const families = bodies.map((body) => new Set(familiesOf(body)));
    const everywhere = new Set(families.flatMap((f) => [...f]));
    const quiet =
      bodies.every((body) => (/^buzz_ws_connections_active (\S+)$/m.exec(body)?.[1] ?? '0') === '0') &&
      options.declared.every((name) => everywhere.has(name)) &&
      prepared.every((p) => p !== undefined);
    const key = prepared.join('\n\u0000\n');
    unchanged = quiet ? (unchanged?.key === key ? unchanged : { key, since: now }) : undefined;
    const matchesGoldens = options.goldens !== undefined && prepared.every((p, i) => p === options.goldens?.[i]);
    const stable = unchanged !== undefined && now - unchanged.since >= STABLE_FOR_MS;
    if ((quiet && matchesGoldens) || stable || now > deadline) return bodies;
    await delay(POLL_MS);
  }
}

function prepareOrUndefined(body: string): string | undefined {
  try {
    return prepareMetricsBody(body);
  } catch (error) {
    if (error instanceof ExpositionParseError) return undefined;
    throw error;
  }
}
