import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from './raw-client.ts';
import { createTestServices, type TestServices } from './relay-fixture.ts';

// SIGTERM under load, on the relay as a process: draining stops reading frames, answers those in flight and exits,
// so a client that never stops sending cannot hold shutdown to its 30 s cap.

let services: TestServices;

beforeAll(async () => {
  services = await createTestServices('shutdown');
});

afterAll(async () => {
  await services?.database.drop();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startRelayProcess(): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const [app, health, metrics] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, ['relay/src/main.ts'], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: services.database.url,
      REDIS_URL: services.redisUrl,
      BUZZ_BIND_ADDR: `127.0.0.1:${app}`,
      BUZZ_HEALTH_PORT: String(health),
      BUZZ_METRICS_PORT: String(metrics),
      RELAY_URL: 'ws://relay.test',
      BUZZ_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${health}/_readiness`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the relay process never became ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, url: `ws://127.0.0.1:${app}`, exited };
}

/** Keeps `window` EVENTs in flight until the connection goes; collects the ids answered OK true. */
async function publishSteadily(url: string, window: number, acknowledged: Set<string>): Promise<number> {
  const sk = generateSecretKey();
  const client = await RawClient.connect(url);
  await client.auth(sk);
  let sent = 0;
  let open = true;
  client.closed.then(() => {
    open = false;
  });
  client.socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as unknown[];
    if (message[0] !== 'OK' || message[2] !== true) return;
    acknowledged.add(message[1] as string);
    sendNext();
  });
  const sendNext = () => {
    if (!open || !client.isOpen) return;
    const event = finalizeEvent(
      { kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [['t', 'drain']], content: `steady ${sent++}` },
      sk,
    );
    client.send(['EVENT', event]);
  };
  for (let i = 0; i < window; i++) sendNext();
  await client.closed;
  return sent;
}

describe('SIGTERM drain', () => {
  it('§1 under a steady publisher the relay exits promptly with every acknowledged event stored', async () => {
    const relay = await startRelayProcess();
    const acknowledged = new Set<string>();
    const publishers = Array.from({ length: 4 }, () => publishSteadily(relay.url, 8, acknowledged));
    // Steady state first, however busy the machine: a few dozen events through before the signal.
    const warm = Date.now() + 20_000;
    while (acknowledged.size < 50 && Date.now() < warm) await new Promise((resolve) => setTimeout(resolve, 50));
    const before = acknowledged.size;
    const signalled = performance.now();
    relay.child.kill('SIGTERM');
    const code = await relay.exited;
    const seconds = (performance.now() - signalled) / 1000;
    const sent = (await Promise.all(publishers)).reduce((sum, n) => sum + n, 0);
    console.log(
      `SIGTERM drain: exited ${seconds.toFixed(2)} s after the signal (code ${code}); ` +
        `${sent} EVENTs sent, ${acknowledged.size} acknowledged (${acknowledged.size - before} after the signal)`,
    );
    expect(code).toBe(0);
    expect(before).toBeGreaterThanOrEqual(50);
    // The drain cap is 30 s; a drain that waited on the publisher would reach it. Generous bound, figure above.
    expect(seconds).toBeLessThan(15);
    const db = new pg.Client({ connectionString: services.database.url });
    await db.connect();
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE id = ANY($1::text[])', [
      [...acknowledged],
    ]);
    await db.end();
    expect(rows[0]!.n).toBe(acknowledged.size);
  }, 60_000);
});
