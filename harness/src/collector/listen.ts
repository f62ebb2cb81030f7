import type { Server, Socket } from 'node:net';

/** A listener could not be bound; `message` is the one line the operator needs. */
export class ListenError extends Error {
  override name = 'ListenError';
}

/** Binds `server` and resolves with the port it got (useful when `port` is 0). */
export function listen(server: Server, host: string, port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? 'the port is already in use (stop whatever holds it, or pick another port)'
          : error.code === 'EACCES'
            ? 'permission denied (ports below 1024 need privileges)'
            : error.message;
      reject(new ListenError(`collector: cannot listen on ${host}:${port} for the ${what}: ${reason}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new ListenError(`collector: the ${what} on ${host}:${port} did not report a TCP port`));
        return;
      }
      resolve(address.port);
    });
  });
}

/** The sockets `server` currently holds, kept up to date, so closing it can end them. */
export function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

/** Closes `server` and destroys the sockets it still holds, so close never waits on an idle keep-alive client. */
export function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  });
}
