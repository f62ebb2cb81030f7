import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { boundPort, closeServer, listen } from './listen.ts';

const open: Server[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map(closeServer));
});

describe('listen', () => {
  it('§1 an app or health port in use rejects with one line naming the address, the variable and the code', async () => {
    const first = await listen(createServer(), { host: '127.0.0.1', port: 0, variable: 'BUZZ_BIND_ADDR' });
    open.push(first);
    const port = boundPort(first);
    await expect(listen(createServer(), { host: '127.0.0.1', port, variable: 'BUZZ_HEALTH_PORT' })).rejects.toThrow(
      new Error(`cannot bind 127.0.0.1:${port} (BUZZ_HEALTH_PORT): EADDRINUSE`),
    );
  });

  it('§1 a named listener is named in the line, with a hint at the cause', async () => {
    const first = await listen(createServer(), { host: '127.0.0.1', port: 0, variable: 'BUZZ_BIND_ADDR' });
    open.push(first);
    const port = boundPort(first);
    const address = { host: '127.0.0.1', port, variable: 'BUZZ_METRICS_PORT', name: 'metrics port' };
    await expect(listen(createServer(), address)).rejects.toThrow(
      new Error(
        `cannot bind metrics port 127.0.0.1:${port} (BUZZ_METRICS_PORT): EADDRINUSE — is another process using it?`,
      ),
    );
  });
});
