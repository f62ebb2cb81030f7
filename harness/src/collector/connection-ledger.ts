import type { Socket } from 'node:net';
import type { ConnectionRecord } from './model.ts';

/** Every TCP connection the receivers' listeners accepted, whether or not a request followed. */
export class ConnectionLedger {
  #records: ConnectionRecord[] = [];

  record(listener: ConnectionRecord['listener'], socket: Socket): void {
    this.#records.push({
      listener,
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? 0,
      acceptedAt: Date.now(),
    });
  }

  list(): readonly ConnectionRecord[] {
    return [...this.#records];
  }

  reset(): void {
    this.#records = [];
  }
}
