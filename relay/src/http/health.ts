import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpTimeouts } from '../config.ts';
import type { UncountedHandler } from './router.ts';
import { createTimedServer } from './timeouts.ts';

export interface HealthState {
  readonly nodeId: string;
  readonly startedAt: number;
  shuttingDown: boolean;
  connections(): number;
  subscriptions(): number;
  /** Why the node cannot serve now (a service it needs is down), or undefined. */
  readiness(): Promise<string | undefined>;
  /** Failures of unawaited work, by path (relay/src/failures.ts). */
  failures(): Readonly<Record<string, number>>;
}

function reply(res: ServerResponse, code: number, contentType: string, body: string): true {
  res.writeHead(code, { 'content-type': contentType }).end(body);
  return true;
}

/**
 * `/_liveness`, `/_readiness` (503 while shutting down or while Postgres or Redis does not answer) and `/_status`;
 * false for any other path.
 */
export function healthHandler(state: HealthState): UncountedHandler {
  return (_req: IncomingMessage, res: ServerResponse, path: string) => {
    switch (path) {
      case '/_liveness':
        return reply(res, 200, 'text/plain', 'OK');
      case '/_readiness':
        if (state.shuttingDown) return reply(res, 503, 'text/plain', 'shutting down');
        state.readiness().then(
          (problem) => {
            if (state.shuttingDown) reply(res, 503, 'text/plain', 'shutting down');
            else if (problem === undefined) reply(res, 200, 'text/plain', 'OK');
            else reply(res, 503, 'text/plain', `not ready: ${problem}`);
          },
          (error: unknown) => reply(res, 503, 'text/plain', `not ready: ${String(error)}`),
        );
        return true;
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
            failures: state.failures(),
            uptime_secs: Math.floor((Date.now() - state.startedAt) / 1000),
          }),
        );
      default:
        return false;
    }
  };
}

/** The health listener on BUZZ_HEALTH_PORT; anything but the three paths is 404. */
export function startHealthServer(
  host: string,
  port: number,
  timeouts: HttpTimeouts,
  handler: UncountedHandler,
): Promise<Server> {
  const server = createTimedServer(timeouts, (req, res) => {
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
