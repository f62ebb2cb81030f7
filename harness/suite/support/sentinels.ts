import { readdir, readFile, readlink } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printProgressNotice } from '../../src/cli/progress-notice.ts';
import { waitForLock } from '../../src/machine/lock-file.ts';
import type { LedgerConnection } from '../../src/traces/no-connection-verdict.ts';
import { parseProcNetTcp } from '../../src/traces/proc-net-tcp.ts';

// Listeners on the OTLP default ports (4317 gRPC, 4318 HTTP) on both loopbacks, so that a relay falling back to
// the SDK's default endpoint is caught even though nothing real listens there. Each accepted connection is kept
// open and never answered (so a client holds its end, and an exporter does not reconnect again and again) and its
// client process is looked up at once in /proc, because other tests on the same machine may dial these ports too
// (the relay's own unit tests dial 4317 on purpose): only the process group of a relay under test makes a
// connection that relay's fault. The ports are the same for every suite run on the machine, so the sentinels are
// started under a machine-wide lock: a second run waits for the first one's sentinels to close.

export const SENTINEL_PORTS = [4317, 4318] as const;
const HOSTS = ['127.0.0.1', '::1'] as const;
const LOCK_PATH = join(tmpdir(), 'buzz-compat-locks', 'otlp-default-ports.lock');
/** Long enough for another run's no-connection file to finish (its hook allows 120 s). */
export const SENTINEL_LOCK_WAIT_MS = 180_000;

/** The process holding the client end of an accepted connection. */
export interface SocketOwner {
  readonly pid: number;
  /** Process group: a relay under test leads its own, so this names the relay even for a helper process. */
  readonly pgid: number;
  readonly command: string;
}

export interface SentinelConnection extends LedgerConnection {
  /** null when the client end was already gone (or in another network namespace) when it was looked up. */
  readonly owner: SocketOwner | null;
}

export interface Sentinels {
  /** Connections accepted so far, each once its owner has been looked up. */
  accepted(): Promise<SentinelConnection[]>;
  /** What the sentinels could not watch (IPv6 missing), to print beside the verdict. */
  readonly notes: readonly string[];
  close(): Promise<void>;
}

export class SentinelPortTakenError extends Error {
  override name = 'SentinelPortTakenError';
}

/** `who` names the waiting test in progress output, e.g. its clause id. */
export async function startSentinels(who: string): Promise<Sentinels> {
  const lock = await waitForLock(LOCK_PATH, `buzz-compat suite run in ${process.cwd()}`, {
    timeoutMs: SENTINEL_LOCK_WAIT_MS,
    what: `the OTLP default ports ${SENTINEL_PORTS.join('/')}, which only one suite run at a time can watch`,
    onWait: (holder) =>
      printProgressNotice(
        `${who}: waiting for another run (${holder}) to release the OTLP default ports ${SENTINEL_PORTS.join('/')}, ` +
          `at most ${SENTINEL_LOCK_WAIT_MS / 1000} s`,
      ),
  });
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const lookups: Promise<SentinelConnection>[] = [];
  const notes: string[] = [];
  try {
    for (const host of HOSTS) {
      for (const port of SENTINEL_PORTS) {
        const listener = `sentinel ${host.includes(':') ? `[${host}]` : host}:${port}`;
        const server = createServer((socket) => {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {});
          const remoteAddress = socket.remoteAddress ?? '?';
          const remotePort = socket.remotePort ?? 0;
          lookups.push(socketOwner(remotePort, port).then((owner) => ({ listener, remoteAddress, remotePort, owner })));
        });
        const outcome = await listen(server, host, port);
        if (outcome === 'listening') servers.push(server);
        else if (host === '::1' && outcome === 'no-ipv6') {
          notes.push(`IPv6 is unavailable on this host: no sentinel on [::1]:${port}, only on 127.0.0.1`);
        } else {
          throw new SentinelPortTakenError(
            `port ${port} on ${host} is taken by another process, so the no-connection check cannot watch it ` +
              `(${outcome}). Stop whatever listens there (often a local OpenTelemetry collector or agent; ` +
              `\`ss -ltnp 'sport = :${port}'\` names it) and run the suite again.`,
          );
        }
      }
    }
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    lock.release();
    throw error;
  }
  return {
    accepted: () => Promise.all(lookups),
    notes,
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map(closeServer));
      lock.release();
    },
  };
}

type ListenOutcome = 'listening' | 'no-ipv6' | string;

function listen(server: Server, host: string, port: number): Promise<ListenOutcome> {
  return new Promise((resolve) => {
    const failed = (error: NodeJS.ErrnoException) => {
      server.off('listening', listening);
      const code = error.code ?? error.message;
      resolve(code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT' ? 'no-ipv6' : code);
    };
    const listening = () => {
      server.off('error', failed);
      resolve('listening');
    };
    server.once('error', failed);
    server.once('listening', listening);
    // exclusive: a listener another process holds with SO_REUSEPORT must still count as taken
    server.listen({ host, port, exclusive: true, ipv6Only: true });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The process whose TCP socket goes from local port `clientPort` to remote port `serverPort`, from /proc. */
export async function socketOwner(clientPort: number, serverPort: number): Promise<SocketOwner | null> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const row of parseProcNetTcp(text)) {
      if (row.localPort === clientPort && row.remotePort === serverPort && row.inode !== '0') inodes.add(row.inode);
    }
  }
  if (inodes.size === 0) return null;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fds = await readdir(`/proc/${entry}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${entry}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode !== undefined && inodes.has(inode)) return describeProcess(Number(entry));
    }
  }
  return null;
}

async function describeProcess(pid: number): Promise<SocketOwner> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // the fields after the command name (which may hold spaces and parentheses): state, ppid, pgrp, …
  const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return { pid, pgid: Number.isInteger(pgid) ? pgid : -1, command: cmdline.replaceAll('\0', ' ').trim() };
}
