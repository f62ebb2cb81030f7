import { createServer, type RequestListener, type Server } from 'node:http';
import type { HttpTimeouts } from '../config.ts';

/**
 * An HTTP server that closes connections a production server would not keep: headers still incomplete after
 * `headersMs` (slowloris), a request unfinished after `requestMs`, a socket silent for `idleMs` (one that never
 * sends a byte included, which the header timeout alone never reaches). Node checks the header and request
 * timeouts every `connectionsCheckingInterval` (30 s by default), so the interval follows the header timeout.
 * A socket upgraded to a WebSocket leaves the idle timeout behind (ws clears it); pings keep those alive.
 */
export function createTimedServer(timeouts: HttpTimeouts, listener: RequestListener): Server {
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(timeouts.headersMs / 4))),
    },
    listener,
  );
  server.keepAliveTimeout = timeouts.idleMs;
  server.setTimeout(timeouts.idleMs);
  return server;
}
