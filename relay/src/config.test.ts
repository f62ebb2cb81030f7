import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('parseConfig', () => {
  it('§1 every variable has the contract default', () => {
    const config = parseConfig({});
    expect(config.databaseUrl).toBe('postgres://buzz:buzz_dev@localhost:5432/buzz');
    expect(config.redisUrl).toBe('redis://localhost:6379');
    expect(config.bind).toEqual({ host: '0.0.0.0', port: 3000 });
    expect(config.relayUrl).toBe('ws://localhost:3000');
    expect(config.healthPort).toBe(8080);
    expect(config.metricsPort).toBe(9102);
    expect(config.limits).toMatchObject({
      maxConcurrentHandlers: 1024,
      sendBuffer: 1000,
      slowClientGraceLimit: 15,
      maxFrameBytes: 512 * 1024,
    });
    expect(config.access).toEqual({
      pubkeyAllowlist: false,
      requireRelayMembership: false,
      relayOwnerPubkey: undefined,
      relayPrivateKey: undefined,
    });
    expect(config.otel.endpoint).toBeUndefined();
    expect(config.dbPoolMax).toBe(10);
    expect(config.media).toEqual({
      maxBytes: 16 * 1024 * 1024,
      relayUrl: 'ws://localhost:3000',
      s3: {
        endpoint: 'http://localhost:9000',
        accessKey: 'buzz_dev',
        secretKey: 'buzz_dev_secret',
        bucket: 'buzz-media',
      },
    });
  });

  it('BUZZ_S3_* name the object store, as buzz reads them', () => {
    const config = parseConfig({
      BUZZ_S3_ENDPOINT: 'https://s3.example.test:9443',
      BUZZ_S3_ACCESS_KEY: 'key',
      BUZZ_S3_SECRET_KEY: 'secret',
      BUZZ_S3_BUCKET: 'media-1',
    });
    expect(config.media.s3).toEqual({
      endpoint: 'https://s3.example.test:9443',
      accessKey: 'key',
      secretKey: 'secret',
      bucket: 'media-1',
    });
  });

  it('§3.1 an empty OTEL_EXPORTER_OTLP_ENDPOINT counts as set; absent stays undefined', () => {
    expect(parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).otel.endpoint).toBe('');
    expect(parseConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://x:4317' }).otel).toMatchObject({
      endpoint: undefined,
      tracesEndpoint: 'http://x:4317',
    });
  });

  it('§1 access control values are parsed and normalised', () => {
    const key = 'ab'.repeat(32);
    const config = parseConfig({
      BUZZ_PUBKEY_ALLOWLIST: '1',
      BUZZ_REQUIRE_RELAY_MEMBERSHIP: 'true',
      RELAY_OWNER_PUBKEY: key.toUpperCase(),
      BUZZ_RELAY_PRIVATE_KEY: 'cd'.repeat(32),
    });
    expect(config.access).toEqual({
      pubkeyAllowlist: true,
      requireRelayMembership: true,
      relayOwnerPubkey: key,
      relayPrivateKey: 'cd'.repeat(32),
    });
  });

  it('§1 BUZZ_PUBKEY_ALLOWLIST is a switch, on for exactly true or 1 (as buzz reads it)', () => {
    const on = (value: string) => parseConfig({ BUZZ_PUBKEY_ALLOWLIST: value }).access.pubkeyAllowlist;
    expect([on('true'), on('1')]).toEqual([true, true]);
    expect([on('TRUE'), on('yes'), on('ab'.repeat(32)), on('')]).toEqual([false, false, false, false]);
  });

  it('§1 relay membership without an owner or a relay key refuses to start, naming what is missing', () => {
    const owner = 'ab'.repeat(32);
    expect(() => parseConfig({ BUZZ_REQUIRE_RELAY_MEMBERSHIP: 'true', BUZZ_RELAY_PRIVATE_KEY: owner })).toThrow(
      /BUZZ_REQUIRE_RELAY_MEMBERSHIP is on but RELAY_OWNER_PUBKEY is not set/,
    );
    expect(() => parseConfig({ BUZZ_REQUIRE_RELAY_MEMBERSHIP: 'true', RELAY_OWNER_PUBKEY: owner })).toThrow(
      /BUZZ_REQUIRE_RELAY_MEMBERSHIP is on but BUZZ_RELAY_PRIVATE_KEY is not set/,
    );
  });

  const bad: [string, string, string][] = [
    ['BUZZ_METRICS_PORT', '70000', 'invalid BUZZ_METRICS_PORT="70000": expected a whole number between 0 and 65535'],
    ['BUZZ_HEALTH_PORT', 'http', 'invalid BUZZ_HEALTH_PORT="http": expected a whole number between 0 and 65535'],
    ['BUZZ_BIND_ADDR', 'localhost', 'invalid BUZZ_BIND_ADDR="localhost": expected host:port with port 0–65535'],
    ['BUZZ_BIND_ADDR', '0.0.0.0:99999', 'invalid BUZZ_BIND_ADDR="0.0.0.0:99999": expected host:port with port 0–65535'],
    ['RELAY_URL', 'not a url', 'invalid RELAY_URL="not a url": expected a URL (ws://… or wss://…)'],
    ['RELAY_URL', 'http://x', 'invalid RELAY_URL="http://x": expected a URL with scheme ws: or wss:'],
    [
      'DATABASE_URL',
      'mysql://x',
      'invalid DATABASE_URL="mysql://x": expected a URL with scheme postgres: or postgresql:',
    ],
    ['REDIS_URL', '::', 'invalid REDIS_URL="::": expected a URL (redis://… or rediss://…)'],
    [
      'BUZZ_S3_ENDPOINT',
      's3.local:9000',
      'invalid BUZZ_S3_ENDPOINT="s3.local:9000": expected a URL with scheme http: or https:',
    ],
    [
      'BUZZ_SEND_BUFFER',
      'lots',
      'invalid BUZZ_SEND_BUFFER="lots": expected a whole number between 1 and 9007199254740991',
    ],
    [
      'BUZZ_MAX_CONNECTIONS',
      '0',
      'invalid BUZZ_MAX_CONNECTIONS="0": expected a whole number between 1 and 9007199254740991',
    ],
    ['RELAY_OWNER_PUBKEY', 'abc', 'invalid RELAY_OWNER_PUBKEY="abc": expected 64 hex characters'],
    ['BUZZ_REQUIRE_RELAY_MEMBERSHIP', 'maybe', 'invalid BUZZ_REQUIRE_RELAY_MEMBERSHIP="maybe": expected true or false'],
  ];
  for (const [name, value, message] of bad) {
    it(`§1 ${name}=${JSON.stringify(value)} stops start-up with one line naming it`, () => {
      expect(() => parseConfig({ [name]: value })).toThrow(new ConfigError(message));
    });
  }
});
