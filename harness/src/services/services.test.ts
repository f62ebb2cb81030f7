import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseServicesMode } from './choose-mode.ts';
import { createIsolatedDatabase, type IsolatedDatabase, redisUrlForWorker } from './isolation.ts';
import { findLocalBinaries, startLocalServices } from './local.ts';

// Issue 2: the test services are real servers, not stand-ins.
describe('test services', () => {
  const services = inject('services');
  let database: IsolatedDatabase;

  beforeAll(async () => {
    database = await createIsolatedDatabase(services.databaseUrl, 'services');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('Postgres commits and rolls back real transactions', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)');
      await client.query('BEGIN');
      await client.query("INSERT INTO notes (body) VALUES ('kept')");
      await client.query('COMMIT');
      await client.query('BEGIN');
      await client.query("INSERT INTO notes (body) VALUES ('discarded')");
      await client.query('ROLLBACK');
      const { rows } = await client.query<{ body: string }>('SELECT body FROM notes ORDER BY id');
      expect(rows.map((row) => row.body)).toEqual(['kept']);
    } finally {
      await client.end();
    }
  });

  it('a test file gets a database no other file can see', async () => {
    const other = await createIsolatedDatabase(services.databaseUrl, 'services-other');
    try {
      expect(other.name).not.toBe(database.name);
      const client = new pg.Client({ connectionString: other.url });
      await client.connect();
      try {
        const { rows } = await client.query("SELECT to_regclass('public.notes') AS t");
        expect(rows[0].t).toBeNull();
      } finally {
        await client.end();
      }
    } finally {
      await other.drop();
    }
  });

  it('Redis delivers PUBLISH from one client to a SUBSCRIBE on another', async () => {
    const url = redisUrlForWorker(services.redisUrl);
    const subscriber = new Redis(url);
    const publisher = new Redis(url);
    try {
      const channel = `services-test-${process.pid}`;
      const received = new Promise<string>((resolve) =>
        subscriber.on('message', (_channel, message) => resolve(message)),
      );
      await subscriber.subscribe(channel);
      expect(await publisher.publish(channel, 'hello')).toBe(1);
      expect(await received).toBe('hello');
    } finally {
      subscriber.disconnect();
      publisher.disconnect();
    }
  });
});

describe('choosing services', () => {
  it('BUZZ_COMPAT_SERVICES=containers without a Docker engine fails with one sentence saying what to do', async () => {
    const env = {
      PATH: process.env.PATH,
      BUZZ_COMPAT_SERVICES: 'containers',
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    };
    await expect(chooseServicesMode(env)).rejects.toThrow(
      /BUZZ_COMPAT_SERVICES=containers but no Docker engine answers .*start Docker, set DOCKER_HOST, or choose BUZZ_COMPAT_SERVICES=local\./,
    );
  });

  it('an unknown BUZZ_COMPAT_SERVICES value is named in the error', async () => {
    await expect(chooseServicesMode({ BUZZ_COMPAT_SERVICES: 'docker' })).rejects.toThrow(
      'BUZZ_COMPAT_SERVICES=docker is not one of external, containers, local.',
    );
  });

  it('external mode without its URLs names the missing variables', async () => {
    await expect(
      chooseServicesMode({ BUZZ_COMPAT_SERVICES: 'external', BUZZ_COMPAT_DATABASE_URL: 'postgres://x' }),
    ).rejects.toThrow(
      'BUZZ_COMPAT_SERVICES=external needs BUZZ_COMPAT_REDIS_URL, BUZZ_COMPAT_S3_URL, BUZZ_COMPAT_S3_ACCESS_KEY, BUZZ_COMPAT_S3_SECRET_KEY to be set.',
    );
  });

  it('with nothing available the error lists all three ways to get services', async () => {
    const env = { PATH: '/nonexistent', DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
    await expect(chooseServicesMode(env)).rejects.toThrow(/external:.*\n.*containers:.*\n.*local:/s);
  });
});

describe.skipIf(findLocalBinaries().missing.length > 0)('local services', () => {
  it('start real servers and leave no process or directory behind when stopped', async () => {
    const services = await startLocalServices();
    const redis = new Redis(services.endpoints.redisUrl);
    const pidText = await redis.info('server');
    redis.disconnect();
    const redisPid = Number(/process_id:(\d+)/.exec(pidText)?.[1]);
    const client = new pg.Client({ connectionString: services.endpoints.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ pid: number; dir: string }>(
      "SELECT pg_backend_pid() AS pid, current_setting('data_directory') AS dir",
    );
    await client.end();
    const dataDir = rows[0]!.dir;
    expect(existsSync(dataDir)).toBe(true);

    const objectStoreUrl = services.endpoints.objectStore.url;
    expect((await fetch(objectStoreUrl)).status).toBe(403);

    await services.stop();

    expect(() => process.kill(redisPid, 0)).toThrow();
    expect(existsSync(dataDir)).toBe(false);
    await expect(fetch(objectStoreUrl)).rejects.toThrow();
  });
});
