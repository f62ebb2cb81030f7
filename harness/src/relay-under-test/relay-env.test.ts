import { describe, expect, it } from 'vitest';
import type { PlaceholderValues } from './adapter-types.ts';
import { parseAdapter } from './load-adapter.ts';
import { buildRelayEnv } from './relay-env.ts';

const values: PlaceholderValues = {
  databaseUrl: 'postgres://db/x',
  redisUrl: 'redis://r/1',
  s3Endpoint: 'http://127.0.0.1:7070',
  s3AccessKey: 'key',
  s3SecretKey: 'secret',
  s3Bucket: 'bc-cluster-1',
  wsPort: '21000',
  healthPort: '21001',
  metricsPort: '21002',
  adapterDir: '/adapters',
};

const hostEnv = {
  PATH: '/usr/bin',
  HOME: '/home/ci',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://harness-own-collector:4317',
  OTEL_SERVICE_NAME: 'the-harness',
  AWS_SECRET_ACCESS_KEY: 'secret',
  CARGO_HOME: '/cargo',
};

function adapter(extra: Record<string, unknown> = {}) {
  return parseAdapter(
    {
      name: 'env',
      command: ['relay'],
      env: { DATABASE_URL: '{databaseUrl}', BUZZ_BIND_ADDR: '127.0.0.1:{wsPort}', DIR: '{adapterDir}' },
      readiness: { tcp: '127.0.0.1:{wsPort}' },
      urls: { ws: 'ws://127.0.0.1:{wsPort}', metrics: 'http://m', health: 'http://h' },
      ...extra,
    },
    '/adapters/env.json',
  );
}

describe('buildRelayEnv', () => {
  it('§3.1 is built from scratch: PATH, HOME and the adapter env; none of the harness OTEL_* or other variables', () => {
    expect(buildRelayEnv(adapter(), { values, otel: {}, extraEnv: {}, hostEnv })).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/ci',
      DATABASE_URL: 'postgres://db/x',
      BUZZ_BIND_ADDR: '127.0.0.1:21000',
      DIR: '/adapters',
    });
  });

  it("hands the relay its cluster's object store and bucket through the s3 placeholders", () => {
    const s3 = adapter({
      env: {
        BUZZ_S3_ENDPOINT: '{s3Endpoint}',
        BUZZ_S3_ACCESS_KEY: '{s3AccessKey}',
        BUZZ_S3_SECRET_KEY: '{s3SecretKey}',
        BUZZ_S3_BUCKET: '{s3Bucket}',
      },
    });
    expect(buildRelayEnv(s3, { values, otel: {}, extraEnv: {}, hostEnv })).toMatchObject({
      BUZZ_S3_ENDPOINT: 'http://127.0.0.1:7070',
      BUZZ_S3_ACCESS_KEY: 'key',
      BUZZ_S3_SECRET_KEY: 'secret',
      BUZZ_S3_BUCKET: 'bc-cluster-1',
    });
  });

  it('copies inheritEnv names that the harness has, and extraEnv over the adapter env', () => {
    const env = buildRelayEnv(adapter({ inheritEnv: ['CARGO_HOME', 'RUSTUP_HOME'] }), {
      values,
      otel: {},
      extraEnv: { BUZZ_BIND_ADDR: '127.0.0.1:9', BUZZ_SEND_BUFFER: '2' },
      hostEnv,
    });
    expect(env).toMatchObject({ CARGO_HOME: '/cargo', BUZZ_BIND_ADDR: '127.0.0.1:9', BUZZ_SEND_BUFFER: '2' });
    expect(env).not.toHaveProperty('RUSTUP_HOME');
  });

  it('§3.1 passthrough gives the suite OTEL_* variables under their own names, from otel and extraEnv', () => {
    const env = buildRelayEnv(adapter(), {
      values,
      otel: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4317' },
      extraEnv: { OTEL_SERVICE_NAME: 'svc' },
      hostEnv,
    });
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://127.0.0.1:4317');
    expect(env.OTEL_SERVICE_NAME).toBe('svc');
  });

  it('§3.1 withhold drops every OTEL_* variable, whichever record it came in', () => {
    const env = buildRelayEnv(adapter({ otelEnv: 'withhold' }), {
      values,
      otel: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4317' },
      extraEnv: { OTEL_SERVICE_NAME: 'svc', BUZZ_SEND_BUFFER: '2' },
      hostEnv,
    });
    expect(Object.keys(env).filter((name) => name.startsWith('OTEL_'))).toEqual([]);
    expect(env.BUZZ_SEND_BUFFER).toBe('2');
  });

  it('a rename map renames listed names, withholds the null ones and passes the rest', () => {
    const env = buildRelayEnv(
      adapter({ otelEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: 'TRACES_URL', OTEL_TRACES_SAMPLER: null } }),
      {
        values,
        otel: {
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317',
          OTEL_TRACES_SAMPLER: 'always_on',
          OTEL_SERVICE_NAME: 's',
        },
        extraEnv: {},
        hostEnv,
      },
    );
    expect(env).toMatchObject({ TRACES_URL: 'http://c:4317', OTEL_SERVICE_NAME: 's' });
    expect(env).not.toHaveProperty('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(env).not.toHaveProperty('OTEL_TRACES_SAMPLER');
  });
});
