import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HeldLock, tryLock } from '../machine/lock-file.ts';

// Ports for the servers the harness starts (relays, local Postgres and Redis) come from a range this process leases
// machine-wide, so two suite runs (or two workers of one) never hand out the same port. They lie below the
// kernel's ephemeral range (32768+ on Linux), so an outgoing connection cannot take one between the check and the
// server's bind; a process outside the suite still can, which the relay launch answers by retrying.

export interface PortLeaseOptions {
  /** Where the lease files live; one per range, named by its first and last port. */
  readonly dir: string;
  readonly low: number;
  readonly high: number;
  readonly rangeSize: number;
}

export const DEFAULT_PORT_LEASES: PortLeaseOptions = {
  dir: join(tmpdir(), 'buzz-compat-ports'),
  low: 20_000,
  high: 32_000,
  rangeSize: 100,
};

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Hands out ports from ranges it leases one at a time; the leases last until release() or the process's exit. */
export class PortLeases {
  readonly #options: PortLeaseOptions;
  readonly #leases: HeldLock[] = [];
  #next = 0;
  #end = 0;

  constructor(options: PortLeaseOptions) {
    this.#options = options;
  }

  /** A port of a range leased to this process, free a moment ago, never handed out before by this object. */
  async next(): Promise<number> {
    for (;;) {
      while (this.#next < this.#end) {
        const port = this.#next++;
        if (await isPortFree(port)) return port;
      }
      this.#leaseRange();
    }
  }

  /** The first port of every range this object holds. */
  leasedRanges(): number[] {
    return this.#leases.map((lease) => Number(/(\d+)-\d+\.lock$/.exec(lease.path)?.[1]));
  }

  release(): void {
    for (const lease of this.#leases.splice(0)) lease.release();
    this.#next = this.#end = 0;
  }

  #leaseRange(): void {
    const { dir, low, high, rangeSize } = this.#options;
    const count = Math.floor((high - low) / rangeSize);
    // start at a random range so that processes starting together rarely contend for the same file
    const first = Math.floor(Math.random() * count);
    for (let i = 0; i < count; i++) {
      const start = low + ((first + i) % count) * rangeSize;
      const lease = tryLock(
        join(dir, `${start}-${start + rangeSize - 1}.lock`),
        `ports of ${process.argv[1] ?? 'node'}`,
      );
      if (lease === null) continue;
      this.#leases.push(lease);
      this.#next = start;
      this.#end = start + rangeSize;
      return;
    }
    throw new Error(
      `all ${count} port ranges between ${low} and ${high} are leased by live processes (lease files in ${dir}); ` +
        'too many suite runs at once on this machine: wait for some to finish',
    );
  }
}

const leases = new PortLeases(DEFAULT_PORT_LEASES);

/** A TCP port for a server the harness starts on loopback (any address), from this process's leased ranges. */
export function freeLoopbackPort(): Promise<number> {
  return leases.next();
}
