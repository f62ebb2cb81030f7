import type { OtelSettings } from './telemetry/settings.ts';

// The only reader of process.env (process.ts hands it in). Every value is parsed once; a bad one stops start-up with
// one line that names the variable and the value, so an operator knows exactly what to fix.

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export interface Limits {
  readonly maxConnections: number;
  readonly maxConcurrentHandlers: number;
  /** Frames a connection may have queued but not yet flushed to its socket. */
  readonly sendBuffer: number;
  readonly slowClientGraceLimit: number;
  readonly maxFrameBytes: number;
  readonly maxSubscriptionsPerConnection: number;
}

/** What every HTTP listener (app, health, metrics) allows a client before it closes the connection. */
export interface HttpTimeouts {
  /** From a request's first byte to the end of its headers (slow-header clients). */
  readonly headersMs: number;
  /** From a request's first byte to the end of its body. */
  readonly requestMs: number;
  /** A socket with no traffic either way (also between keep-alive requests); WebSockets are exempt. */
  readonly idleMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 120_000, idleMs: 30_000 };

export interface AccessConfig {
  /** AUTH also needs a row in the pubkey_allowlist table, which no relay path writes (buzz: SQL only). */
  readonly pubkeyAllowlist: boolean;
  readonly requireRelayMembership: boolean;
  readonly relayOwnerPubkey: string | undefined;
  /** 64 hex; the relay's own key. Its public key counts as an administrator, like the owner's. */
  readonly relayPrivateKey: string | undefined;
}

export interface MediaConfig {
  readonly maxBytes: number;
  readonly relayUrl: string;
  /** Where blobs (and, in buzz, git objects) live; buzz's BUZZ_S3_* with its development defaults. */
  readonly s3: S3Config;
}

/** An S3-compatible store, addressed path-style and signed with SigV4 for region us-east-1, as buzz does. */
export interface S3Config {
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly bucket: string;
}

export interface Config {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly bind: HostPort;
  readonly relayUrl: string;
  readonly healthPort: number;
  readonly metricsPort: number;
  readonly limits: Limits;
  readonly http: HttpTimeouts;
  readonly access: AccessConfig;
  readonly otel: OtelSettings;
  readonly dbPoolMax: number;
  /** Queue between the Redis consumer and the fan-out worker; overflow drops the oldest and counts lag. */
  readonly fanoutChannelCapacity: number;
  /** Queue between the Redis consumer and the cache-invalidation worker; same overflow rule. */
  readonly cacheInvalidationChannelCapacity: number;
  /** Worker threads that verify signatures; 0 verifies on the main thread. */
  readonly verifyThreads: number;
  readonly logLevel: string;
  readonly media: MediaConfig;
  readonly search: SearchConfig;
}

/** The Typesense-compatible search index every stored event is sent to (buzz-search; TYPESENSE_* as buzz reads them). */
export interface SearchConfig {
  readonly url: string;
  readonly apiKey: string;
  readonly collection: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

const HEX64 = /^[0-9a-f]{64}$/;
const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

function fail(name: string, value: string, expected: string): never {
  throw new ConfigError(`invalid ${name}=${JSON.stringify(value)}: expected ${expected}`);
}

function text(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const trimmed = raw.trim();
  if (!/^\d+$/.test(trimmed)) fail(name, raw, `a whole number between ${min} and ${max}`);
  const value = Number(trimmed);
  if (value < min || value > max) fail(name, raw, `a whole number between ${min} and ${max}`);
  return value;
}

function port(env: Env, name: string, fallback: number): number {
  return integer(env, name, fallback, 0, 65535);
}

function url(env: Env, name: string, fallback: string, schemes: readonly string[]): string {
  const value = text(env, name, fallback);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    fail(name, value, `a URL (${schemes.map((s) => `${s}//…`).join(' or ')})`);
  }
  if (!schemes.includes(parsed.protocol)) fail(name, value, `a URL with scheme ${schemes.join(' or ')}`);
  return value;
}

function bindAddress(env: Env, name: string, fallback: string): HostPort {
  const value = text(env, name, fallback);
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
  const host = match?.[1] ?? match?.[2];
  const portNumber = Number(match?.[3]);
  if (host === undefined || !(portNumber >= 0 && portNumber <= 65535)) fail(name, value, 'host:port with port 0–65535');
  return { host, port: portNumber };
}

function flag(env: Env, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return false;
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  fail(name, raw, 'true or false');
}

function pubkey(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = raw.trim().toLowerCase();
  if (!HEX64.test(value)) fail(name, raw, '64 hex characters');
  return value;
}

/** buzz turns these switches on for exactly `true` or `1`; anything else, a list of keys included, is off. */
function strictFlag(env: Env, name: string): boolean {
  const raw = env[name];
  return raw === 'true' || raw === '1';
}

/** Membership is enforced only with an owner who can administer it and a stable key to sign its NIP-43 events. */
function accessConfig(env: Env): AccessConfig {
  const access: AccessConfig = {
    pubkeyAllowlist: strictFlag(env, 'BUZZ_PUBKEY_ALLOWLIST'),
    requireRelayMembership: flag(env, 'BUZZ_REQUIRE_RELAY_MEMBERSHIP'),
    relayOwnerPubkey: pubkey(env, 'RELAY_OWNER_PUBKEY'),
    relayPrivateKey: pubkey(env, 'BUZZ_RELAY_PRIVATE_KEY'),
  };
  if (access.requireRelayMembership && access.relayOwnerPubkey === undefined) {
    throw new ConfigError(
      'BUZZ_REQUIRE_RELAY_MEMBERSHIP is on but RELAY_OWNER_PUBKEY is not set: give the 64-hex pubkey of the relay owner, who adds the first members',
    );
  }
  if (access.requireRelayMembership && access.relayPrivateKey === undefined) {
    throw new ConfigError(
      'BUZZ_REQUIRE_RELAY_MEMBERSHIP is on but BUZZ_RELAY_PRIVATE_KEY is not set: the relay signs its membership events (NIP-43) with it, and a key made up at start-up would leave them unverifiable after a restart',
    );
  }
  return access;
}

function httpTimeouts(env: Env): HttpTimeouts {
  const headersMs = integer(env, 'BUZZ_HTTP_HEADERS_TIMEOUT_MS', DEFAULT_HTTP_TIMEOUTS.headersMs, 1);
  const requestMs = integer(env, 'BUZZ_HTTP_REQUEST_TIMEOUT_MS', DEFAULT_HTTP_TIMEOUTS.requestMs, 1);
  if (requestMs < headersMs) {
    fail('BUZZ_HTTP_REQUEST_TIMEOUT_MS', String(requestMs), `at least BUZZ_HTTP_HEADERS_TIMEOUT_MS (${headersMs})`);
  }
  return { headersMs, requestMs, idleMs: integer(env, 'BUZZ_HTTP_IDLE_TIMEOUT_MS', DEFAULT_HTTP_TIMEOUTS.idleMs, 1) };
}

export function parseConfig(env: Env): Config {
  const relayUrl = url(env, 'RELAY_URL', 'ws://localhost:3000', ['ws:', 'wss:']);
  const logLevel = text(env, 'BUZZ_LOG_LEVEL', 'info');
  if (!LOG_LEVELS.has(logLevel)) fail('BUZZ_LOG_LEVEL', logLevel, [...LOG_LEVELS].join(', '));
  return {
    databaseUrl: url(env, 'DATABASE_URL', 'postgres://buzz:buzz_dev@localhost:5432/buzz', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', 'redis://localhost:6379', ['redis:', 'rediss:']),
    bind: bindAddress(env, 'BUZZ_BIND_ADDR', '0.0.0.0:3000'),
    relayUrl,
    healthPort: port(env, 'BUZZ_HEALTH_PORT', 8080),
    metricsPort: port(env, 'BUZZ_METRICS_PORT', 9102),
    limits: {
      maxConnections: integer(env, 'BUZZ_MAX_CONNECTIONS', 10_000, 1),
      maxConcurrentHandlers: integer(env, 'BUZZ_MAX_CONCURRENT_HANDLERS', 1024, 1),
      sendBuffer: integer(env, 'BUZZ_SEND_BUFFER', 1000, 1),
      slowClientGraceLimit: integer(env, 'BUZZ_SLOW_CLIENT_GRACE_LIMIT', 15, 1),
      maxFrameBytes: integer(env, 'BUZZ_MAX_FRAME_BYTES', 512 * 1024, 64),
      maxSubscriptionsPerConnection: integer(env, 'BUZZ_MAX_SUBSCRIPTIONS', 100, 1),
    },
    http: httpTimeouts(env),
    access: accessConfig(env),
    otel: {
      endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
      tracesEndpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
      serviceName: env.OTEL_SERVICE_NAME,
      resourceAttributes: env.OTEL_RESOURCE_ATTRIBUTES,
      sampler: env.OTEL_TRACES_SAMPLER,
      samplerArg: env.OTEL_TRACES_SAMPLER_ARG,
    },
    dbPoolMax: integer(env, 'BUZZ_DB_POOL_MAX', 10, 1, 1000),
    fanoutChannelCapacity: integer(env, 'BUZZ_FANOUT_CHANNEL_CAPACITY', 1024, 1),
    cacheInvalidationChannelCapacity: integer(env, 'BUZZ_CACHE_INVALIDATION_CHANNEL_CAPACITY', 1024, 1),
    verifyThreads: integer(env, 'BUZZ_VERIFY_THREADS', 2, 0, 64),
    logLevel,
    media: {
      maxBytes: integer(env, 'BUZZ_MEDIA_MAX_BYTES', 16 * 1024 * 1024, 1),
      relayUrl,
      s3: {
        endpoint: url(env, 'BUZZ_S3_ENDPOINT', 'http://localhost:9000', ['http:', 'https:']),
        accessKey: text(env, 'BUZZ_S3_ACCESS_KEY', 'buzz_dev'),
        secretKey: text(env, 'BUZZ_S3_SECRET_KEY', 'buzz_dev_secret'),
        bucket: text(env, 'BUZZ_S3_BUCKET', 'buzz-media'),
      },
    },
    search: {
      url: url(env, 'TYPESENSE_URL', 'http://localhost:8108', ['http:', 'https:']),
      apiKey: text(env, 'TYPESENSE_API_KEY', 'buzz_dev_key'),
      collection: text(env, 'TYPESENSE_COLLECTION', 'events'),
    },
  };
}
