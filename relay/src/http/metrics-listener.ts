import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from '../config.ts';
import type { MetricsRegistry } from '../metrics/registry.ts';
import { boundPort, listen } from './listen.ts';
import { pathOf } from './path.ts';
import { createTimedServer } from './timeouts.ts';

// The Prometheus endpoint (CONTRACT §2.1): every path and method gets the exposition, except `/health`. Like
// metrics-exporter-prometheus's builder, which spawns its upkeep task with the listener, it drains histogram
// observations on a timer too, so their sums group as buzz-relay's do and pending samples stay bounded.

const UPKEEP_MS = 5_000;

export interface MetricsListenerOptions {
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

export interface MetricsListener {
  readonly port: number;
  close(): Promise<void>;
}

/** Rejects, with one line naming the address and the cause, when the port cannot be bound. */
export async function startMetricsListener(options: MetricsListenerOptions): Promise<MetricsListener> {
  const { host, port, registry, log, timeouts = DEFAULT_HTTP_TIMEOUTS, upkeepMs = UPKEEP_MS } = options;
  const server = createTimedServer(timeouts, (req, res) => respond(req, res, registry, log));
  await listen(server, { host, port, variable: 'BUZZ_METRICS_PORT', name: 'metrics port' });
  server.on('error', (error) => log.error({ err: error }, 'metrics server error'));
  const bound = boundPort(server);
  log.info({ host, port: bound }, 'metrics server listening');
  const upkeep = setInterval(() => registry.runUpkeep(), upkeepMs);
  upkeep.unref();
  return {
    port: bound,
    close: () =>
      new Promise<void>((done, failClose) => {
        clearInterval(upkeep);
        server.close((error) => (error ? failClose(error) : done()));
        server.closeAllConnections();
      }),
  };
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
