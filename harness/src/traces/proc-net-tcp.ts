// Linux /proc TCP tables, parsed: the evidence that the relay process held no connection the contract forbids.
// /proc/<pid>/net/tcp{,6} list every socket of the network namespace; the process's own are those whose inode
// appears among its /proc/<pid>/fd links (`socket:[<inode>]`), which socketInodes extracts.

export interface ProcSocket {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** e.g. ESTABLISHED, SYN_SENT, LISTEN. */
  readonly state: string;
  readonly inode: string;
}

const STATES: Readonly<Record<string, string>> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
  '0C': 'NEW_SYN_RECV',
};

/** Parses the text of /proc/.../net/tcp or tcp6; throws naming the line when a row is malformed. */
export function parseProcNetTcp(text: string): ProcSocket[] {
  const rows = text.split('\n').slice(1);
  return rows.flatMap((row, index) => {
    if (row.trim() === '') return [];
    const fields = row.trim().split(/\s+/);
    const [local, remote, state, inode] = [fields[1], fields[2], fields[3], fields[9]];
    if (local === undefined || remote === undefined || state === undefined || inode === undefined) {
      throw new Error(`/proc net/tcp line ${index + 2} has too few fields: ${JSON.stringify(row)}`);
    }
    const [localAddress, localPort] = endpoint(local, index + 2);
    const [remoteAddress, remotePort] = endpoint(remote, index + 2);
    return [{ localAddress, localPort, remoteAddress, remotePort, state: STATES[state.toUpperCase()] ?? state, inode }];
  });
}

/** Inodes of the sockets among the targets of /proc/<pid>/fd/* links. */
export function socketInodes(linkTargets: readonly string[]): Set<string> {
  return new Set(linkTargets.flatMap((target) => /^socket:\[(\d+)\]$/.exec(target)?.[1] ?? []));
}

function endpoint(text: string, line: number): [string, number] {
  const [hex, port] = text.split(':');
  if (hex === undefined || port === undefined || !/^[0-9A-Fa-f]+$/.test(hex + port)) {
    throw new Error(`/proc net/tcp line ${line}: malformed address ${JSON.stringify(text)}`);
  }
  return [hex.length === 8 ? ipv4(hex) : ipv6(hex), Number.parseInt(port, 16)];
}

/** The kernel prints each 32-bit word in host (little-endian) byte order. */
function wordBytes(hex: string): number[] {
  const bytes = [0, 2, 4, 6].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return bytes.reverse();
}

function ipv4(hex: string): string {
  return wordBytes(hex).join('.');
}

function ipv6(hex: string): string {
  const bytes = [0, 8, 16, 24].flatMap((i) => wordBytes(hex.slice(i, i + 8)));
  return normalizeAddress(
    [0, 2, 4, 6, 8, 10, 12, 14].map((i) => (((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16)).join(':'),
  );
}

/** One spelling per address: IPv4-mapped IPv6 as plain IPv4, IPv6 lowercase with the longest zero run as `::`. */
export function normalizeAddress(address: string): string {
  const lower = address.toLowerCase().replace(/^\[|\]$/g, '');
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1];
  if (dotted !== undefined) return dotted;
  if (!lower.includes(':')) return lower;
  const [head = '', tail] = lower.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right].map((g) =>
    g.replace(/^0+(?=.)/, ''),
  );
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
    const word = (g: string | undefined) => Number.parseInt(g ?? '0', 16);
    const [high, low] = [word(groups[6]), word(groups[7])];
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j += 1;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (bestStart === -1) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}
