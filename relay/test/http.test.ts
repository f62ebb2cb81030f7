import { spawn } from 'node:child_process';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue, RawClient } from './raw-client.ts';
import { createTestServices, startTestRelay, type TestRelay, type TestServices } from './relay-fixture.ts';

let services: TestServices;
let relay: TestRelay;

beforeAll(async () => {
  services = await createTestServices('http');
  relay = await startTestRelay(services);
});

afterAll(async () => {
  await relay?.stop();
  await services?.database.drop();
});

const app = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${relay.relay.ports.app}${path}`, init);

describe('NIP-11', () => {
  it('§4 GET / with Accept: application/nostr+json and GET /info answer the relay information document', async () => {
    for (const response of [await app('/', { headers: { accept: 'application/nostr+json' } }), await app('/info')]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      const info = (await response.json()) as { supported_nips: number[]; limitation: Record<string, unknown> };
      expect(info.supported_nips).toEqual([1, 11, 42, 45]);
      expect(info.limitation.max_message_length).toBe(512 * 1024);
      expect(info.limitation.auth_required).toBe(true);
    }
  });
});

describe('track_metrics', () => {
  it('§2.4 code, caller from the first x-envoy-downstream-service-cluster value, action = route template', async () => {
    const fresh = await startTestRelay(services);
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${fresh.relay.ports.app}${path}`, { headers });
    await get('/info', { 'x-envoy-downstream-service-cluster': 'frontend_1' });
    await get('/info', { 'x-envoy-downstream-service-cluster': '' });
    await get('/info', { 'x-envoy-downstream-service-cluster': 'bad value!' });
    await get('/info', { 'x-envoy-downstream-service-cluster': 'x'.repeat(65) });
    await get('/info');
    await get('/', { accept: 'application/nostr+json' });
    // Not counted: unmatched routes, /_* paths, /health, /metrics.
    for (const path of ['/nope', '/info/extra', '/_liveness', '/_readiness', '/_status', '/health', '/metrics']) {
      await get(path);
    }
    const body = await fresh.scrape();
    const series = body.split('\n').filter((line) => line.startsWith('http_requests_total'));
    expect(series).toEqual([
      'http_requests_total{code="200",caller="",action="/info"} 1',
      'http_requests_total{code="200",caller="frontend_1",action="/info"} 1',
      'http_requests_total{code="200",caller="unknown",action="/"} 1',
      'http_requests_total{code="200",caller="unknown",action="/info"} 3',
    ]);
    expect(metricValue(body, 'http_request_latency_ms_count{code="200",caller="unknown",action="/info"}')).toBe(3);
    await fresh.stop();
  });

  it('§2.4 a WebSocket upgrade on / counts as code 101 with its caller', async () => {
    const fresh = await startTestRelay(services);
    const client = await RawClient.connect(`ws://127.0.0.1:${fresh.relay.ports.app}/`, {
      'x-envoy-downstream-service-cluster': 'ws-edge',
    });
    await client.challenge();
    const body = await fresh.scrape();
    expect(metricValue(body, 'http_requests_total{code="101",caller="ws-edge",action="/"}')).toBe(1);
    client.close();
    await fresh.stop();
  });
});

describe('health listener', () => {
  it('§1 /_liveness, /_readiness and /_status on BUZZ_HEALTH_PORT', async () => {
    const health = (path: string) => fetch(`http://127.0.0.1:${relay.relay.ports.health}${path}`);
    expect((await health('/_liveness')).status).toBe(200);
    expect((await health('/_readiness')).status).toBe(200);
    const status = (await (await health('/_status')).json()) as Record<string, unknown>;
    expect(status).toMatchObject({ status: 'ok', node_id: relay.relay.nodeId });
    expect((await health('/other')).status).toBe(404);
    expect(await relay.scrape()).not.toContain('action="/_');
  });

  it('§1 readiness turns 503 once shutdown starts', async () => {
    const fresh = await startTestRelay(services);
    const client = await RawClient.connect(fresh.url);
    await client.challenge();
    const stopped = fresh.stop();
    const readiness = await fetch(`http://127.0.0.1:${fresh.relay.ports.health}/_readiness`);
    expect(readiness.status).toBe(503);
    expect((await client.closed).code).toBe(1001);
    await stopped;
  });
});

/** Opens a raw TCP connection and resolves with the milliseconds until the server closes it. */
function timeUntilClosed(port: number, behave: (socket: Socket) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1', () => behave(socket));
    socket.on('error', () => {});
    // Read what the server sends (its 408), or its closing FIN would never be seen.
    socket.resume();
    socket.on('close', () => resolve(performance.now() - started));
    setTimeout(() => reject(new Error(`port ${port} kept the connection open for 10 s`)), 10_000).unref();
  });
}

describe('HTTP timeouts on the app, health and metrics listeners', () => {
  it('§1 half-sent headers and silent sockets are closed; a WebSocket is not', async () => {
    const fresh = await startTestRelay(services, {
      BUZZ_HTTP_HEADERS_TIMEOUT_MS: '400',
      BUZZ_HTTP_REQUEST_TIMEOUT_MS: '1000',
      BUZZ_HTTP_IDLE_TIMEOUT_MS: '800',
    });
    for (const [listener, port] of Object.entries(fresh.relay.ports)) {
      // Slowloris: a header byte every 100 ms, so only the header timeout can end it.
      const slow = await timeUntilClosed(port, (socket) => {
        socket.write('GET /health HTTP/1.1\r\nHost: relay.test\r\nX-Slow: ');
        const drip = setInterval(() => socket.write('a'), 100);
        socket.once('close', () => clearInterval(drip));
      });
      const silent = await timeUntilClosed(port, () => {});
      console.log(
        `${listener} listener: half-sent headers closed after ${slow.toFixed(0)} ms, silent socket after ${silent.toFixed(0)} ms`,
      );
      expect(slow).toBeLessThan(5000);
      expect(silent).toBeLessThan(5000);
    }
    const client = await RawClient.connect(fresh.url);
    await client.challenge();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(client.isOpen).toBe(true);
    client.close();
    await fresh.stop();
  });
});

/** A TCP relay to Postgres that can be cut and restored, to make the database unreachable for one relay only. */
class CuttableProxy {
  readonly #target: URL;
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;
  port = 0;

  constructor(databaseUrl: string) {
    this.#target = new URL(databaseUrl);
  }

  async open(): Promise<void> {
    this.#server = createServer((incoming) => {
      const outgoing = connect(Number(this.#target.port), this.#target.hostname);
      for (const socket of [incoming, outgoing]) {
        this.#sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => this.#sockets.delete(socket));
      }
      incoming.pipe(outgoing).pipe(incoming);
    });
    await new Promise<void>((resolve) => this.#server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.#server.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server?.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.port = String(this.port);
    return url.toString();
  }
}

describe('readiness follows the database', () => {
  it('§1 /_readiness is 503 while Postgres is unreachable and 200 again once it is back', async () => {
    const proxy = new CuttableProxy(services.database.url);
    await proxy.open();
    const viaProxy = await startTestRelay({
      ...services,
      database: { ...services.database, url: proxy.urlFor(services.database.url) },
    });
    const readiness = async () => {
      const response = await fetch(`http://127.0.0.1:${viaProxy.relay.ports.health}/_readiness`);
      return { status: response.status, body: await response.text() };
    };
    expect(await readiness()).toEqual({ status: 200, body: 'OK' });
    await proxy.cut();
    const started = performance.now();
    expect(await readiness()).toEqual({ status: 503, body: 'not ready: postgres unreachable' });
    console.log(`readiness answered 503 ${(performance.now() - started).toFixed(0)} ms after Postgres went away`);
    await proxy.open();
    const deadline = Date.now() + 10_000;
    let last = await readiness();
    while (last.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      last = await readiness();
    }
    expect(last).toEqual({ status: 200, body: 'OK' });
    await viaProxy.stop();
    await proxy.cut();
  });
});

function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['relay/src/main.ts'], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('process start-up failures', () => {
  it('§1 a second relay on a busy metrics port exits non-zero with one clear line; the first keeps serving', async () => {
    const result = await runMain({
      DATABASE_URL: services.database.url,
      REDIS_URL: services.redisUrl,
      BUZZ_BIND_ADDR: '127.0.0.1:0',
      BUZZ_HEALTH_PORT: '0',
      BUZZ_METRICS_PORT: String(relay.relay.ports.metrics),
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `cannot bind metrics port 127.0.0.1:${relay.relay.ports.metrics} (BUZZ_METRICS_PORT)`,
    );
    expect((await fetch(`http://127.0.0.1:${relay.relay.ports.metrics}/health`)).status).toBe(200);
  });

  it('§1 a bad configuration value stops start-up with one line naming the variable and the value', async () => {
    const result = await runMain({ BUZZ_METRICS_PORT: '70000' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'buzz-relay: invalid BUZZ_METRICS_PORT="70000": expected a whole number between 0 and 65535',
    ]);
  });
});
