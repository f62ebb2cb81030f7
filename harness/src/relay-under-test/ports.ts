import { freeLoopbackPort } from '../services/free-port.ts';

export interface RelayPorts {
  readonly ws: number;
  readonly health: number;
  readonly metrics: number;
}

export async function freeRelayPorts(): Promise<RelayPorts> {
  return { ws: await freeLoopbackPort(), health: await freeLoopbackPort(), metrics: await freeLoopbackPort() };
}
