// The collector's read side: what the suite asks after a scenario. JSON in the shapes of model.ts.
import { createServer, type ServerResponse } from 'node:http';
import type { ConnectionLedger } from './connection-ledger.ts';
import { closeServer, listen, trackSockets } from './listen.ts';
import type { ConnectionsResponse, SpansResponse } from './model.ts';
import type { Receiver } from './receiver.ts';
import type { SpanStore } from './span-store.ts';

export interface QueryServerOptions {
  readonly host: string;
  readonly port: number;
  readonly store: SpanStore;
  readonly ledger: ConnectionLedger;
}

const ROUTES: Readonly<Record<string, string>> = {
  '/spans': 'GET',
  '/connections': 'GET',
  '/reset': 'POST',
  '/healthz': 'GET',
};

export async function startQueryServer(options: QueryServerOptions): Promise<Receiver> {
  const { store, ledger } = options;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://collector');
    const method = ROUTES[url.pathname];
    if (method === undefined) {
      sendJson(response, 404, { error: `no such endpoint ${url.pathname}; try ${Object.keys(ROUTES).join(', ')}` });
      return;
    }
    if (request.method !== method) {
      response.setHeader('allow', method);
      sendJson(response, 405, { error: `${url.pathname} accepts ${method} only` });
      return;
    }
    // Drain any request body so keep-alive connections stay usable.
    request.resume();
    switch (url.pathname) {
      case '/spans': {
        const service = url.searchParams.get('service') ?? undefined;
        sendJson(response, 200, { spans: store.list({ service }) } satisfies SpansResponse);
        return;
      }
      case '/connections':
        sendJson(response, 200, { connections: ledger.list() } satisfies ConnectionsResponse);
        return;
      case '/reset':
        store.reset();
        ledger.reset();
        response.writeHead(204).end();
        return;
      default:
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }
  });
  const sockets = trackSockets(server);
  const port = await listen(server, options.host, options.port, 'query API');
  return { port, close: () => closeServer(server, sockets) };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
