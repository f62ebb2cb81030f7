import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UncountedHandler } from './router.ts';

export interface HealthState {
  readonly nodeId: string;
  readonly startedAt: number;
  shuttingDown: boolean;
  connections(): number;
  subscriptions(): number;
}

function reply(res: ServerResponse, code: number, contentType: string, body: string): true {
  res.writeHead(code, { 'content-type': contentType }).end(body);
  return true;
}

/** `/_liveness`, `/_readiness` (503 while shutting down) and `/_status`; false for any other path. */
export function healthHandler(state: HealthState): UncountedHandler {
  return (_req: IncomingMessage, res: ServerResponse, path: string) => {
    switch (path) {
      case '/_liveness':
        return reply(res, 200, 'text/plain', 'OK');
      case '/_readiness':
        return state.shuttingDown
          ? reply(res, 503, 'text/plain', 'shutting down')
          : reply(res, 200, 'text/plain', 'OK');
      case '/_status':
        return reply(
          res,
          200,
          'application/json',
          JSON.stringify({
            status: state.shuttingDown ? 'shutting_down' : 'ok',
            node_id: state.nodeId,
            connections: state.connections(),
            subscriptions: state.subscriptions(),
            uptime_secs: Math.floor((Date.now() - state.startedAt) / 1000),
          }),
        );
      default:
        return false;
    }
  };
}

/** The health listener on BUZZ_HEALTH_PORT; anything but the three paths is 404. */
export function startHealthServer(host: string, port: number, handler: UncountedHandler): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!handler(req, res, path)) reply(res, 404, 'text/plain', 'not found\n');
  });
  return listen(server, host, port, 'BUZZ_HEALTH_PORT');
}

/** Resolves once listening; rejects with one line naming the variable when the port cannot be bound. */
export function listen(server: Server, host: string, port: number, variable: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(new Error(`cannot bind ${host}:${port} (${variable}): ${error.code ?? error.message}`, { cause: error }));
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.off('error', onError);
      resolve(server);
    });
  });
}

export function boundPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
