import { describe, expect, it } from 'vitest';
import { normalizeAddress, parseProcNetTcp, socketInodes } from './proc-net-tcp.ts';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const row = (local: string, remote: string, state: string, inode: number) =>
  `   0: ${local} ${remote} ${state} 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`;

describe('/proc TCP tables', () => {
  it('§3.1 parses IPv4 and IPv6 rows with ports, states and inodes', () => {
    const v4 = parseProcNetTcp(HEADER + row('0100007F:AFC8', '0100007F:10DD', '02', 11));
    expect(v4).toEqual([
      {
        localAddress: '127.0.0.1',
        localPort: 45000,
        remoteAddress: '127.0.0.1',
        remotePort: 4317,
        state: 'SYN_SENT',
        inode: '11',
      },
    ]);
    const v6 = parseProcNetTcp(
      HEADER + row('00000000000000000000000001000000:0BB8', '0000000000000000FFFF00000100007F:1538', '01', 12),
    );
    expect(v6[0]).toMatchObject({
      localAddress: '::1',
      localPort: 3000,
      remoteAddress: '127.0.0.1',
      remotePort: 5432,
      state: 'ESTABLISHED',
    });
  });

  it('§3.1 a malformed row is an error naming its line', () => {
    expect(() => parseProcNetTcp(`${HEADER}   0: nonsense\n`)).toThrow('/proc net/tcp line 2 has too few fields');
  });

  it('§3.1 socket inodes come from fd link targets; addresses have one spelling', () => {
    expect(socketInodes(['socket:[5]', 'pipe:[6]', 'anon_inode:[eventfd]', 'socket:[7]'])).toEqual(new Set(['5', '7']));
    expect(normalizeAddress('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(normalizeAddress('[::FFFF:10.0.0.2]')).toBe('10.0.0.2');
    expect(normalizeAddress('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
  });
});
