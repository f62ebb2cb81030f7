import { setTimeout as delay } from 'node:timers/promises';
import { isRunning, tcpConnectionsOf } from '../../src/relay-under-test/index.ts';
import type { ProcSocket } from '../../src/traces/proc-net-tcp.ts';

// Samples the TCP sockets a relay process (and its descendants) holds, at a fixed interval from start until the
// process has exited, plus whenever asked. A sample is evidence, not a wait: more samples only see more.

const INTERVAL_MS = 150;

export interface SocketSampler {
  /** Takes one sample now (e.g. just before the stop). */
  sampleNow(): Promise<void>;
  /** Stops sampling (call once the process has exited) and returns every distinct socket seen. */
  finish(): Promise<{ sockets: ProcSocket[]; samples: number }>;
}

export function sampleSockets(pid: number): SocketSampler {
  const seen = new Map<string, ProcSocket>();
  let samples = 0;
  let running = true;
  const sample = async () => {
    const connections = await tcpConnectionsOf(pid).catch(() => []);
    samples += 1;
    for (const c of connections) {
      const socket: ProcSocket = {
        localAddress: c.localAddress,
        localPort: c.localPort,
        remoteAddress: c.remoteAddress,
        remotePort: c.remotePort,
        state: c.state,
        inode: String(c.inode),
      };
      seen.set(`${socket.inode} ${socket.state} ${socket.remoteAddress}:${socket.remotePort}`, socket);
    }
  };
  const loop = (async () => {
    while (running && isRunning(pid)) {
      await sample();
      await delay(INTERVAL_MS);
    }
  })();
  return {
    sampleNow: sample,
    async finish() {
      running = false;
      await loop;
      return { sockets: [...seen.values()], samples };
    },
  };
}
