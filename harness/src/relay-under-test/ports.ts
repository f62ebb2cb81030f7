import { createServer } from 'node:net';

export interface RelayPorts {
  readonly ws: number;
  readonly health: number;
  readonly metrics: number;
}

// Ports are drawn below the kernel's ephemeral range (32768+ on Linux), so an outgoing connection of some other
// process cannot take one between our check and the relay's bind; ports handed out in this process are not reused.
const LOW = 20_000;
const HIGH = 32_000;
const ATTEMPTS = 200;
const handedOut = new Set<number>();

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await isFree(port)) return port;
  }
  throw new Error(`no free TCP port found between ${LOW} and ${HIGH} after ${ATTEMPTS} attempts`);
}

export async function freeRelayPorts(): Promise<RelayPorts> {
  return { ws: await freePort(), health: await freePort(), metrics: await freePort() };
}
