import { request } from 'node:http';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsRegistry } from '../metrics/registry.ts';
import { type MetricsListener, startMetricsListener } from './metrics-listener.ts';

const log = pino({ level: 'silent' });
const started: MetricsListener[] = [];

async function start(registry: MetricsRegistry, port = 0): Promise<MetricsListener> {
  const server = await startMetricsListener({ host: '127.0.0.1', port, registry, log });
  started.push(server);
  return server;
}

interface Reply {
  status: number;
  contentType: string | undefined;
  body: string;
}

function send(port: number, method: string, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' || method === 'PUT' ? 'ignored body' : undefined);
  });
}

function registryWithData(): MetricsRegistry {
  const registry = new MetricsRegistry();
  registry.counter('buzz_ws_connections_total').inc();
  registry.gauge('buzz_ws_connections_active').set(1);
  return registry;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

describe('startMetricsListener', () => {
  it('§2.1 drains histogram observations on its upkeep timer between scrapes, as the exporter does', async () => {
    const registry = new MetricsRegistry();
    const server = await startMetricsListener({ host: '127.0.0.1', port: 0, registry, log, upkeepMs: 10 });
    started.push(server);
    const histogram = registry.histogram('buzz_audit_log_seconds');
    histogram.observe(0.1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    histogram.observe(0.2);
    histogram.observe(0.3);
    const { body } = await send(server.port, 'GET', '/metrics');
    // drained as 0.1, then 0.2 + 0.3: a running sum would show 0.6000000000000001
    expect(body).toContain('buzz_audit_log_seconds_sum 0.6\n');
  });

  it('§2.1 /metrics answers the exposition with Content-Type text/plain exactly', async () => {
    const registry = registryWithData();
    const server = await start(registry);
    const reply = await send(server.port, 'GET', '/metrics');
    expect(reply).toEqual({ status: 200, contentType: 'text/plain', body: registry.render() });
    expect(reply.body).toContain('buzz_ws_connections_total 1\n');
  });

  it.each([
    ['GET', '/'],
    ['GET', '/anything/else?x=1'],
    ['POST', '/metrics'],
    ['PUT', '/x'],
    ['DELETE', '/metrics'],
    ['OPTIONS', '/'],
  ])('§2.1 %s %s answers the exposition too', async (method, path) => {
    const registry = registryWithData();
    const server = await start(registry);
    expect(await send(server.port, method, path)).toEqual({
      status: 200,
      contentType: 'text/plain',
      body: registry.render(),
    });
  });

  it('§2.1 HEAD gets the headers without a body', async () => {
    const server = await start(registryWithData());
    expect(await send(server.port, 'HEAD', '/metrics')).toEqual({ status: 200, contentType: 'text/plain', body: '' });
  });

  it.each(['/health', '/health?probe=1', 'http://metrics.example/health'])('§2.1 %s answers OK', async (path) => {
    const server = await start(registryWithData());
    const reply = await send(server.port, 'GET', path);
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('OK');
  });

  it('§2.1 an empty registry serves an empty body', async () => {
    const server = await start(new MetricsRegistry());
    expect(await send(server.port, 'GET', '/metrics')).toEqual({ status: 200, contentType: 'text/plain', body: '' });
  });

  it('§2.1 each scrape renders the registry as it is now', async () => {
    const registry = new MetricsRegistry();
    const server = await start(registry);
    expect((await send(server.port, 'GET', '/metrics')).body).toBe('');
    registry.counter('buzz_ws_auth_timeouts_total').inc();
    expect((await send(server.port, 'GET', '/metrics')).body).toBe(
      '# TYPE buzz_ws_auth_timeouts_total counter\nbuzz_ws_auth_timeouts_total 1\n\n',
    );
  });

  it('§1 a busy port rejects with one clear line and the first server keeps serving', async () => {
    const first = await start(registryWithData());
    const attempt = startMetricsListener({ host: '127.0.0.1', port: first.port, registry: new MetricsRegistry(), log });
    await expect(attempt).rejects.toThrow(
      `cannot bind metrics port 127.0.0.1:${first.port} (BUZZ_METRICS_PORT): EADDRINUSE — is another process using it?`,
    );
    const reply = await send(first.port, 'GET', '/metrics');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('buzz_ws_connections_total 1\n');
  });

  it('§1 an address that is not local rejects with its cause', async () => {
    const attempt = startMetricsListener({ host: '192.0.2.1', port: 0, registry: new MetricsRegistry(), log });
    await expect(attempt).rejects.toThrow(
      'cannot bind metrics port 192.0.2.1:0 (BUZZ_METRICS_PORT): EADDRNOTAVAIL — the host is not an address of this machine',
    );
  });

  it('§1 a port outside 0-65535 rejects with the same kind of line', async () => {
    const attempt = startMetricsListener({ host: '127.0.0.1', port: 70000, registry: new MetricsRegistry(), log });
    await expect(attempt).rejects.toThrow(
      /^cannot bind metrics port 127\.0\.0\.1:70000 \(BUZZ_METRICS_PORT\): .*70000/,
    );
  });

  it('§1 close() frees the port', async () => {
    const server = await startMetricsListener({ host: '127.0.0.1', port: 0, registry: new MetricsRegistry(), log });
    await server.close();
    const again = await start(new MetricsRegistry(), server.port);
    expect(again.port).toBe(server.port);
  });
});
