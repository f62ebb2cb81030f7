// The suite's side of the collector's query API (query-server.ts). Same calls whichever way the collector runs.
import type { CollectedSpan, ConnectionRecord, ConnectionsResponse, SpansResponse } from './model.ts';

export interface FetchSpansOptions {
  /** Only spans whose resource has this `service.name` (string). */
  readonly service?: string;
}

export interface WaitForSpansOptions extends FetchSpansOptions {
  readonly timeoutMs: number;
  /** Pause between polls; default 50 ms. */
  readonly intervalMs?: number;
}

export async function fetchSpans(queryUrl: string, opts: FetchSpansOptions = {}): Promise<readonly CollectedSpan[]> {
  const url = new URL('/spans', queryUrl);
  if (opts.service !== undefined) url.searchParams.set('service', opts.service);
  const body = (await request(url, 'GET')) as SpansResponse;
  return body.spans;
}

export async function fetchConnections(queryUrl: string): Promise<readonly ConnectionRecord[]> {
  const body = (await request(new URL('/connections', queryUrl), 'GET')) as ConnectionsResponse;
  return body.connections;
}

/** Forgets every span and connection the collector has recorded so far. */
export async function resetCollector(queryUrl: string): Promise<void> {
  await request(new URL('/reset', queryUrl), 'POST');
}

/**
 * Polls until `predicate` accepts the spans received so far (narrowed by `opts.service`), and returns them.
 * Rejects after `opts.timeoutMs` with the number of spans it last saw, so a missing span is told from a slow one.
 */
export async function waitForSpans(
  queryUrl: string,
  predicate: (spans: readonly CollectedSpan[]) => boolean,
  opts: WaitForSpansOptions,
): Promise<readonly CollectedSpan[]> {
  const deadline = Date.now() + opts.timeoutMs;
  const intervalMs = opts.intervalMs ?? 50;
  for (;;) {
    const spans = await fetchSpans(queryUrl, opts);
    if (predicate(spans)) return spans;
    if (Date.now() >= deadline) {
      const names = [...new Set(spans.map((span) => span.name))].join(', ');
      const scope = opts.service === undefined ? '' : ` for service.name=${JSON.stringify(opts.service)}`;
      throw new Error(
        `waitForSpans: condition not met after ${opts.timeoutMs} ms; the collector at ${queryUrl} held ` +
          `${spans.length} span(s)${scope}${names ? ` (${names})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

async function request(url: URL, method: 'GET' | 'POST'): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { method });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new Error(`collector query API ${method} ${url.href} is not reachable: ${cause}`);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`collector query API ${method} ${url.href} answered ${response.status}: ${text}`);
  }
  return text === '' ? undefined : JSON.parse(text);
}
