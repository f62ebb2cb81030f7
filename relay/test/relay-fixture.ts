import { pino } from 'pino';
import { type RunningRelay, startRelay } from '../src/app.ts';
import { type Config, parseConfig } from '../src/config.ts';
import { createTestDatabase, createTestRedis, type TestDatabase } from './database.ts';

// A relay started in this test process on free ports, on the file's own database and Redis db index.

export interface TestServices {
  readonly database: TestDatabase;
  readonly redisUrl: string;
}

export async function createTestServices(label: string): Promise<TestServices> {
  return { database: await createTestDatabase(label), redisUrl: await createTestRedis() };
}

export function testConfig(services: TestServices, env: Record<string, string> = {}): Config {
  return parseConfig({
    DATABASE_URL: services.database.url,
    REDIS_URL: services.redisUrl,
    BUZZ_BIND_ADDR: '127.0.0.1:0',
    BUZZ_HEALTH_PORT: '0',
    BUZZ_METRICS_PORT: '0',
    RELAY_URL: 'ws://relay.test',
    BUZZ_LOG_LEVEL: 'silent',
    ...env,
  });
}

export interface TestRelay {
  readonly relay: RunningRelay;
  readonly url: string;
  scrape(): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestRelay(services: TestServices, env: Record<string, string> = {}): Promise<TestRelay> {
  const config = testConfig(services, env);
  const relay = await startRelay(config, { log: pino({ level: process.env.RELAY_TEST_LOG ?? 'silent' }) });
  return {
    relay,
    url: `ws://127.0.0.1:${relay.ports.app}`,
    async scrape() {
      const res = await fetch(`http://127.0.0.1:${relay.ports.metrics}/metrics`);
      return res.text();
    },
    stop: () => relay.stop(),
  };
}
