import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { REPO_ROOT } from '../../src/test-run/suite-env.ts';
import { leaseRedisDb, leaseSoleServer, type RedisDbLease } from './redis-db-lease.ts';

const services = inject('services');
const POLL_MS = 50;
const POLL_LIMIT_MS = 10_000;

/** The reference relay's adapter, but declaring the pub/sub scope under test. */
async function useAdapterWith(redisPubSub: 'shared' | 'per-db-index'): Promise<void> {
  const reference = JSON.parse(await readFile(join(REPO_ROOT, 'adapters/reference.json'), 'utf8'));
  const file = join(await mkdtemp(join(tmpdir(), 'redis-lease-adapter-')), 'adapter.json');
  await writeFile(file, JSON.stringify({ ...reference, cwd: REPO_ROOT, redisPubSub }));
  vi.stubEnv('BUZZ_COMPAT_ADAPTER', file);
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + POLL_LIMIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`${what} did not happen within ${POLL_LIMIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function connectError(url: string): Promise<string | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

async function subscriber(url: string, channel: string): Promise<{ client: Redis; received: string[] }> {
  const client = new Redis(url, { maxRetriesPerRequest: 2 });
  const received: string[] = [];
  client.on('message', (_channel: string, message: string) => received.push(message));
  await client.subscribe(channel);
  return { client, received };
}

const held: RedisDbLease[] = [];
const clients: Redis[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await Promise.allSettled(held.splice(0).map((lease) => lease.release()));
  vi.unstubAllEnvs();
});

describe('leaseRedisDb', () => {
  it.skipIf(services.mode === 'external')(
    '§5 a "shared" relay gets a Redis server per cluster whose pub/sub no other cluster hears, stopped on release',
    async () => {
      await useAdapterWith('shared');
      const [a, b] = await Promise.all([leaseRedisDb('lease test a'), leaseRedisDb('lease test b')]);
      held.push(a, b);
      expect(new URL(a.url).port).not.toBe(new URL(b.url).port);

      const channel = `buzz:0:events:${Date.now()}`;
      const control = await subscriber(a.url, channel);
      const other = await subscriber(b.url, channel);
      const publisherA = new Redis(a.url, { maxRetriesPerRequest: 2 });
      const publisherB = new Redis(b.url, { maxRetriesPerRequest: 2 });
      clients.push(control.client, other.client, publisherA, publisherB);

      // Only the control subscriber on a's own server counts as a receiver.
      expect(await publisherA.publish(channel, 'from a')).toBe(1);
      await until('the control subscriber receiving', () => (control.received.length > 0 ? true : undefined));
      // b's subscriber works: it receives b's own message, and nothing of a's.
      expect(await publisherB.publish(channel, 'from b')).toBe(1);
      await until('the other subscriber receiving', () => (other.received.length > 0 ? true : undefined));
      expect(control.received).toEqual(['from a']);
      expect(other.received).toEqual(['from b']);

      // a's clients would otherwise keep reconnecting to the stopped server.
      control.client.disconnect();
      publisherA.disconnect();
      await a.release();
      expect(await until('a refusing connections', () => connectError(a.url))).toBe('ECONNREFUSED');
      expect(await connectError(b.url)).toBeUndefined();
    },
    60_000,
  );

  it('§5 a "per-db-index" relay gets db indexes of the suite\'s one Redis', async () => {
    await useAdapterWith('per-db-index');
    const [a, b] = await Promise.all([leaseRedisDb('lease test c'), leaseRedisDb('lease test d')]);
    held.push(a, b);
    expect(new URL(a.url).host).toBe(new URL(services.redisUrl).host);
    expect(new URL(b.url).host).toBe(new URL(services.redisUrl).host);
    expect(a.index).not.toBe(b.index);
  });

  it('§5 on an external Redis, "shared" clusters take turns, and a cluster that waits too long is told what to do', async () => {
    const first = await leaseSoleServer('turn test first', services.redisUrl);
    held.push(first);
    expect(first.index).toBe(1);
    await expect(leaseSoleServer('turn test second', services.redisUrl, 300)).rejects.toThrow(
      /held by turn test first .*BUZZ_COMPAT_SERVICES=containers or local.*--maxWorkers=1/s,
    );
    await first.release();
    const second = await leaseSoleServer('turn test second', services.redisUrl, 5_000);
    held.push(second);
    expect(second.url).toBe(first.url);
  });
});
