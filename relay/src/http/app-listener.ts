import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpTimeouts } from '../config.ts';
import type { Logger } from '../log.ts';
import type { MetricsRegistry } from '../metrics/registry.ts';
import { type HealthState, healthHandler } from './health.ts';
import { listen } from './listen.ts';
import { pathOf } from './path.ts';
import type { Route } from './route.ts';
import { AppRouter } from './router.ts';
import { createTimedServer } from './timeouts.ts';

// The app listener on BUZZ_BIND_ADDR: the routes (counted by the router), buzz's uncounted `/health`, `/metrics` and
// health paths, and WebSocket upgrades of `/`, counted as 101 or, while shutting down or full, 503.

/** Where upgrades go (relay/src/ws/server.ts). */
export interface UpgradeTarget {
  readonly atCapacity: boolean;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, upgraded: () => void): void;
}

export interface AppListenerOptions {
  readonly host: string;
  readonly port: number;
  readonly timeouts: HttpTimeouts;
  readonly routes: readonly Route[];
  readonly registry: MetricsRegistry;
  readonly health: HealthState;
  readonly webSockets: UpgradeTarget;
  readonly log: Logger;
}

export function startAppListener(options: AppListenerOptions): Promise<Server> {
  const { registry, health, webSockets } = options;
  const handleHealth = healthHandler(health);
  const router = new AppRouter(
    options.routes,
    {
      requests: registry.counter('http_requests_total'),
      latencyMs: registry.histogram('http_request_latency_ms'),
    },
    (req, res, path) => {
      if (path === '/health') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
        return true;
      }
      if (path === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(registry.render());
        return true;
      }
      return handleHealth(req, res, path);
    },
    options.log,
  );
  const server = createTimedServer(options.timeouts, (req, res) => router.handle(req, res));
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => {});
    const started = performance.now();
    if (req.method !== 'GET' || pathOf(req.url) !== '/') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (health.shuttingDown || webSockets.atCapacity) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      router.record(req, '503', '/', started);
      return;
    }
    webSockets.upgrade(req, socket, head, () => router.record(req, '101', '/', started));
  });
  return listen(server, { host: options.host, port: options.port, variable: 'BUZZ_BIND_ADDR' });
}
