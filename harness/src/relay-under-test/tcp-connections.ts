import { readdir, readFile, readlink } from 'node:fs/promises';
import { endianness } from 'node:os';
import { descendantsOf } from './proc-tree.ts';

// Linux only: a process's sockets are the `socket:[inode]` links in /proc/<pid>/fd, and the kernel's TCP tables
// (/proc/<pid>/net/tcp and tcp6, seen from the process's own network namespace) say what each inode is.

export type TcpState =
  | 'ESTABLISHED'
  | 'SYN_SENT'
  | 'SYN_RECV'
  | 'FIN_WAIT1'
  | 'FIN_WAIT2'
  | 'TIME_WAIT'
  | 'CLOSE'
  | 'CLOSE_WAIT'
  | 'LAST_ACK'
  | 'LISTEN'
  | 'CLOSING'
  | 'NEW_SYN_RECV'
  | 'UNKNOWN';

const STATES: Readonly<Record<number, TcpState>> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RECV',
  4: 'FIN_WAIT1',
  5: 'FIN_WAIT2',
  6: 'TIME_WAIT',
  7: 'CLOSE',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
  12: 'NEW_SYN_RECV',
};

export interface TcpConnection {
  /** The process holding the socket: the one asked about or one of its descendants. */
  readonly pid: number;
  readonly family: 'tcp' | 'tcp6';
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly state: TcpState;
  readonly inode: number;
}

/**
 * The TCP sockets (listening ones included, state `LISTEN`) held right now by `pid` and its descendants, so a
 * relay started through a wrapper (cargo run, a shell, docker-init) is seen whole. Throws if `pid` is gone.
 */
export async function tcpConnectionsOf(pid: number): Promise<TcpConnection[]> {
  const pids = [pid, ...(await descendantsOf(pid))];
  const connections: TcpConnection[] = [];
  for (const owner of pids) {
    const inodes = await socketInodes(owner, owner === pid);
    if (inodes.size === 0) continue;
    for (const family of ['tcp', 'tcp6'] as const) {
      const table = await readFile(`/proc/${owner}/net/${family}`, 'utf8').catch(() => '');
      for (const row of parseTcpTable(table, family)) {
        if (inodes.has(row.inode)) connections.push({ pid: owner, ...row });
      }
    }
  }
  return connections;
}

async function socketInodes(pid: number, required: boolean): Promise<Set<number>> {
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch (error) {
    if (!required) return new Set();
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? `process ${pid} does not exist (or /proc is not mounted)`
        : `cannot read /proc/${pid}/fd: ${code}`,
    );
  }
  const inodes = new Set<number>();
  for (const fd of fds) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(Number(match[1]));
  }
  return inodes;
}

/** Parses the text of /proc/net/tcp or tcp6. */
export function parseTcpTable(text: string, family: 'tcp' | 'tcp6'): Omit<TcpConnection, 'pid'>[] {
  const rows: Omit<TcpConnection, 'pid'>[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [local, remote, state] = [fields[1]!, fields[2]!, fields[3]!];
    const [localAddress, localPort] = parseEndpoint(local);
    const [remoteAddress, remotePort] = parseEndpoint(remote);
    rows.push({
      family,
      localAddress,
      localPort,
      remoteAddress,
      remotePort,
      state: STATES[Number.parseInt(state, 16)] ?? 'UNKNOWN',
      inode: Number(fields[9]),
    });
  }
  return rows;
}

function parseEndpoint(text: string): [string, number] {
  const [hex = '', port = '0'] = text.split(':');
  return [hex.length === 8 ? ipv4(hostBytes(hex)) : ipv6(hostBytes(hex)), Number.parseInt(port, 16)];
}

/** The kernel prints each 32-bit word of the address in host byte order. */
function hostBytes(hex: string): number[] {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const wordBytes = [0, 2, 4, 6].map((at) => Number.parseInt(hex.slice(word + at, word + at + 2), 16));
    bytes.push(...(endianness() === 'LE' ? wordBytes.reverse() : wordBytes));
  }
  return bytes;
}

function ipv4(bytes: readonly number[]): string {
  return bytes.join('.');
}

function ipv6(bytes: readonly number[]): string {
  const isV4Mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isV4Mapped) return `::ffff:${ipv4(bytes.slice(12))}`;
  const groups = [0, 2, 4, 6, 8, 10, 12, 14].map((at) => ((bytes[at]! << 8) | bytes[at + 1]!).toString(16));
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === '0') length++;
    if (length > bestLength) [bestStart, bestLength] = [start, length];
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}
