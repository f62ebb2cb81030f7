import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UncountedHandler } from './router.ts';

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
