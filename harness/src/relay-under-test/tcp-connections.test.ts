import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTcpTable, tcpConnectionsOf } from './tcp-connections.ts';

const started: ChildProcess[] = [];
const servers: Server[] = [];

afterEach(() => {
  // each helper process leads its own group, so a grandchild it started goes with it
  for (const child of started.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const server of servers.splice(0)) server.close();
});

async function listen(host: string): Promise<number> {
  const server = createServer((socket) => socket.on('error', () => {}));
  servers.push(server);
  server.listen(0, host);
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}

/** A node process that runs `script` and reports readiness by printing a line; resolves with that line. */
async function startNode(script: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  started.push(child);
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, line: chunk.toString().trim() };
}

const connectAndWait = (host: string, port: number) =>
  `const s = require('node:net').connect(${port}, '${host}', () => console.log(s.localPort)); setInterval(() => {}, 1000);`;

describe('tcpConnectionsOf', () => {
  it('§3.1 lists an established connection of a process to a loopback port, with both ends', async () => {
    const port = await listen('127.0.0.1');
    const { child, line } = await startNode(connectAndWait('127.0.0.1', port));
    const connections = await tcpConnectionsOf(child.pid!);
    expect(connections).toContainEqual(
      expect.objectContaining({
        pid: child.pid,
        family: 'tcp',
        localAddress: '127.0.0.1',
        localPort: Number(line),
        remoteAddress: '127.0.0.1',
        remotePort: port,
        state: 'ESTABLISHED',
      }),
    );
  });

  it('§3.1 sees connections over IPv6 loopback', async () => {
    const port = await listen('::1');
    const { child } = await startNode(connectAndWait('::1', port));
    const connections = await tcpConnectionsOf(child.pid!);
    expect(connections).toContainEqual(
      expect.objectContaining({ family: 'tcp6', remoteAddress: '::1', remotePort: port, state: 'ESTABLISHED' }),
    );
  });

  it('§3.1 includes the connections of descendants (a relay started through a wrapper)', async () => {
    const port = await listen('127.0.0.1');
    const grandchild = connectAndWait('127.0.0.1', port);
    const wrapper = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' }); setInterval(() => {}, 1000);`;
    const { child } = await startNode(wrapper);
    const connections = await tcpConnectionsOf(child.pid!);
    const toServer = connections.filter((connection) => connection.remotePort === port);
    expect(toServer).toHaveLength(1);
    expect(toServer[0]!.pid).not.toBe(child.pid);
  });

  it('lists nothing for a process without sockets, and fails clearly for a process that is gone', async () => {
    const { child } = await startNode('console.log("up"); setInterval(() => {}, 1000);');
    expect(await tcpConnectionsOf(child.pid!)).toEqual([]);
    child.kill('SIGKILL');
    await once(child, 'exit');
    await expect(tcpConnectionsOf(child.pid!)).rejects.toThrow(`process ${child.pid} does not exist`);
  });
});

describe('parseTcpTable', () => {
  it('decodes addresses, ports and states of /proc/net/tcp and tcp6 rows', () => {
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:10E1 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1111 1 0 100 0 0 10 0',
      '   1: 0100007F:D2F0 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 2222 1 0 20 4 30 10 -1',
    ].join('\n');
    expect(parseTcpTable(tcp, 'tcp')).toEqual([
      {
        family: 'tcp',
        localAddress: '127.0.0.1',
        localPort: 4321,
        remoteAddress: '0.0.0.0',
        remotePort: 0,
        state: 'LISTEN',
        inode: 1111,
      },
      {
        family: 'tcp',
        localAddress: '127.0.0.1',
        localPort: 54000,
        remoteAddress: '127.0.0.1',
        remotePort: 8080,
        state: 'ESTABLISHED',
        inode: 2222,
      },
    ]);
    const tcp6 = [
      '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000000000000000000001000000:10DD 0000000000000000FFFF00000100007F:10DC 06 00000000:00000000 00:00000000 00000000     0        0 3333 1',
      '   1: B80D0120000000000000000001000000:0050 00000000000000000000000000000000:0000 02 00000000:00000000 00:00000000 00000000     0        0 4444 1',
    ].join('\n');
    expect(parseTcpTable(tcp6, 'tcp6').map((row) => [row.localAddress, row.remoteAddress, row.state])).toEqual([
      ['::1', '::ffff:127.0.0.1', 'TIME_WAIT'],
      ['2001:db8::1', '::', 'SYN_SENT'],
    ]);
  });
});
