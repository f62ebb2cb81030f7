import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListenAddress {
  readonly host: string;
  /** 0 picks a free port (boundPort tells which). */
  readonly port: number;
  /** The setting the port comes from, named in the error. */
  readonly variable: string;
  /**
   * Names the listener in the error and adds a hint at the usual causes: the contract wants one clear line when
   * the metrics port cannot be bound (CONTRACT §1 `process.metrics-port`).
   */
  readonly name?: string;
}

const BIND_HINTS: Readonly<Record<string, string>> = {
  EADDRINUSE: ' — is another process using it?',
  EACCES: ' — this port needs privileges; choose one above 1023',
  EADDRNOTAVAIL: ' — the host is not an address of this machine',
};

/** Resolves once listening; rejects with one line naming the address and the variable when it cannot bind. */
export function listen(server: Server, address: ListenAddress): Promise<Server> {
  const { host, port, variable, name } = address;
  const listener = name === undefined ? '' : `${name} `;
  return new Promise((resolve, reject) => {
    const fail = (cause: string, error: unknown) =>
      reject(new Error(`cannot bind ${listener}${host}:${port} (${variable}): ${cause}`, { cause: error }));
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === undefined) fail(error.message, error);
      else fail(name === undefined ? error.code : `${error.code}${BIND_HINTS[error.code] ?? ''}`, error);
    };
    server.once('error', onError);
    try {
      server.listen({ host, port }, () => {
        server.off('error', onError);
        resolve(server);
      });
    } catch (error) {
      // node:http throws at once, instead of emitting 'error', for a port outside 0-65535.
      fail(error instanceof Error ? error.message : String(error), error);
    }
  });
}

export function boundPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** Stops accepting and resolves once the open connections have ended; idle keep-alive sockets are closed now. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
