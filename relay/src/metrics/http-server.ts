import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from '../config.ts';
import { createTimedServer } from '../http/timeouts.ts';
import type { MetricsRegistry } from './registry.ts';

// The Prometheus endpoint (CONTRACT §2.1): every path and method gets the exposition, except `/health`. Like
// metrics-exporter-prometheus's builder, which spawns its upkeep task with the listener, it drains histogram
// observations on a timer too, so their sums group as buzz-relay's do and pending samples stay bounded.

const UPKEEP_MS = 5_000;

export interface MetricsServerOptions {
  readonly host: string;
  /** 0 picks a free port; the bound one is in the result. */
  readonly port: number;
  readonly registry: MetricsRegistry;
  readonly log: Logger;
  /** Defaults to the relay's default HTTP timeouts. */
  readonly timeouts?: HttpTimeouts;
  /** How often histogram observations are drained between scrapes; default 5 s, the exporter's upkeep period. */
  readonly upkeepMs?: number;
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

const BIND_HINTS: Readonly<Record<string, string>> = {
  EADDRINUSE: ' — is another process using it?',
  EACCES: ' — this port needs privileges; choose one above 1023',
  EADDRNOTAVAIL: ' — the host is not an address of this machine',
};

/** Rejects, with one line naming the address and the cause, when the port cannot be bound. */
export function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const { host, port, registry, log, timeouts = DEFAULT_HTTP_TIMEOUTS, upkeepMs = UPKEEP_MS } = options;
  const server = createTimedServer(timeouts, (req, res) => respond(req, res, registry, log));
  return new Promise((resolve, reject) => {
    const fail = (cause: string, error: Error) => {
      reject(new Error(`cannot bind metrics port ${host}:${port} (BUZZ_METRICS_PORT): ${cause}`, { cause: error }));
    };
    const onListenError = (error: NodeJS.ErrnoException) => {
      fail(error.code === undefined ? error.message : `${error.code}${BIND_HINTS[error.code] ?? ''}`, error);
    };
    server.once('error', onListenError);
    try {
      server.listen({ host, port }, () => {
        server.off('error', onListenError);
        server.on('error', (error) => log.error({ err: error }, 'metrics server error'));
        const bound = (server.address() as AddressInfo).port;
        log.info({ host, port: bound }, 'metrics server listening');
        const upkeep = setInterval(() => registry.runUpkeep(), upkeepMs);
        upkeep.unref();
        resolve({
          port: bound,
          close: () =>
            new Promise<void>((done, failClose) => {
              clearInterval(upkeep);
              server.close((error) => (error ? failClose(error) : done()));
              server.closeAllConnections();
            }),
        });
      });
    } catch (error) {
      // node:http throws at once, instead of emitting 'error', for a port outside 0-65535.
      fail(error instanceof Error ? error.message : String(error), error as Error);
    }
  });
}

function respond(req: IncomingMessage, res: ServerResponse, registry: MetricsRegistry, log: Logger): void {
  if (pathOf(req.url) === '/health') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK');
    return;
  }
  let body: string;
  try {
    body = registry.render();
  } catch (error) {
    log.error({ err: error }, 'metrics render failed');
    res.writeHead(500, { 'Content-Type': 'text/plain' }).end('metrics render failed\n');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain' }).end(body);
}

// The request target's path, as hyper's `uri().path()` gives it: no query, and the path of an absolute-form target.
function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  if (!url.startsWith('/')) return URL.parse(url)?.pathname ?? url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
