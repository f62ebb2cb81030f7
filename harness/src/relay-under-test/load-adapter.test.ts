import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdapterError } from './adapter-error.ts';
import { loadAdapter, parseAdapter } from './load-adapter.ts';

const REPO = resolve(import.meta.dirname, '../../..');
const FILE = '/adapters/test.json';

const valid = {
  name: 'test',
  command: ['node', 'relay.ts'],
  env: { DATABASE_URL: '{databaseUrl}', BUZZ_BIND_ADDR: '127.0.0.1:{wsPort}' },
  readiness: { http: 'http://127.0.0.1:{healthPort}/_readiness' },
  urls: { ws: 'ws://127.0.0.1:{wsPort}', metrics: 'http://127.0.0.1:{metricsPort}/metrics', health: 'http://x' },
};

function problemsOf(json: unknown): readonly string[] {
  try {
    parseAdapter(json, FILE);
  } catch (error) {
    if (error instanceof AdapterError) return error.problems;
    throw error;
  }
  throw new Error('the adapter was accepted');
}

describe('loadAdapter', () => {
  it('§1 the reference adapter starts relay/src/main.ts with this Node from the repository root', async () => {
    const adapter = await loadAdapter(join(REPO, 'adapters/reference.json'));
    expect(adapter.command).toEqual([process.execPath, 'relay/src/main.ts']);
    expect(adapter.cwd).toBe(REPO);
    expect(adapter.readiness).toEqual({
      kind: 'http',
      url: 'http://127.0.0.1:{healthPort}/_readiness',
      timeoutMs: 20_000,
    });
    expect(Object.keys(adapter.env)).toEqual([
      'DATABASE_URL',
      'REDIS_URL',
      'BUZZ_BIND_ADDR',
      'RELAY_URL',
      'BUZZ_HEALTH_PORT',
      'BUZZ_METRICS_PORT',
      'TYPESENSE_URL',
      'BUZZ_S3_ENDPOINT',
      'BUZZ_S3_ACCESS_KEY',
      'BUZZ_S3_SECRET_KEY',
      'BUZZ_S3_BUCKET',
    ]);
    expect(adapter.otelEnv).toEqual({ mode: 'passthrough' });
    expect(adapter.redisPubSub).toBe('per-db-index');
  });

  it('the adapter that withholds OTEL variables and the Rust example are valid', async () => {
    const withheld = await loadAdapter(join(REPO, 'adapters/reference-without-otel.json'));
    expect(withheld.otelEnv).toEqual({ mode: 'withhold' });
    expect(withheld.redisPubSub).toBe('per-db-index');
    const rust = await loadAdapter(join(REPO, 'adapters/buzz-rust.example.json'));
    // a built binary, the checkout's schema applied by psql, ready once its app listener is up
    expect(rust.command?.slice(0, 2)).toEqual(['sh', '-c']);
    expect(rust.command?.[2]).toContain('BUZZ_RELAY_BIN:-./target/release/buzz-relay');
    expect(rust.migrate?.command.join(' ')).toContain('schema/schema.sql');
    expect(rust.readiness).toEqual({ kind: 'logLine', pattern: /buzz-relay TCP listening/, timeoutMs: 60_000 });
    expect(rust.env.BUZZ_GIT_CONFORMANCE_PROBE).toBe('false');
    expect(rust.redisPubSub).toBe('shared');
  });

  it('defaults: cwd is the adapter directory, otelEnv passthrough, readiness timeout 20 s, no migration', () => {
    const adapter = parseAdapter(valid, FILE);
    expect(adapter.cwd).toBe('/adapters');
    expect(adapter.otelEnv).toEqual({ mode: 'passthrough' });
    expect(adapter.readiness.timeoutMs).toBe(20_000);
    expect(adapter.migrate).toBeNull();
    expect(adapter.redisPubSub).toBe('shared');
  });

  it('§5 redisPubSub reads "per-db-index" and "shared"', () => {
    expect(parseAdapter({ ...valid, redisPubSub: 'per-db-index' }, FILE).redisPubSub).toBe('per-db-index');
    expect(parseAdapter({ ...valid, redisPubSub: 'shared' }, FILE).redisPubSub).toBe('shared');
  });

  it('reads the other readiness probes, an OTEL rename map and a migration step', () => {
    const adapter = parseAdapter(
      {
        ...valid,
        readiness: { logLine: 'listening on \\d+', timeoutMs: 5000 },
        otelEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: 'MY_OTLP_URL', OTEL_SERVICE_NAME: null },
        migrate: { command: ['node', 'migrate.ts'] },
      },
      FILE,
    );
    expect(adapter.readiness).toMatchObject({ kind: 'logLine', timeoutMs: 5000 });
    expect(adapter.otelEnv).toEqual({
      mode: 'rename',
      names: { OTEL_EXPORTER_OTLP_ENDPOINT: 'MY_OTLP_URL', OTEL_SERVICE_NAME: null },
    });
    expect(adapter.migrate).toEqual({ command: [process.execPath, 'migrate.ts'], timeoutMs: 120_000 });
    const tcp = parseAdapter({ ...valid, readiness: { tcp: '[::1]:{wsPort}' } }, FILE);
    expect(tcp.readiness).toEqual({ kind: 'tcp', address: '[::1]:{wsPort}', timeoutMs: 20_000 });
  });

  const cases: [string, unknown, string][] = [
    ['a non-object', [1], 'the top level must be a JSON object'],
    ['a misspelt field', { ...valid, comand: ['x'] }, 'comand: unknown field'],
    ['no name', { ...valid, name: '' }, 'name: required'],
    ['neither command nor image', { ...valid, command: undefined }, 'command: required (or set image'],
    ['a command string', { ...valid, command: 'node relay.ts' }, 'command: must be a non-empty array'],
    ['an empty command', { ...valid, command: [] }, 'command: must be a non-empty array'],
    [
      'an unknown placeholder',
      { ...valid, env: { RELAY_URL: 'ws://{host}:1' } },
      'env.RELAY_URL: unknown placeholder {host}',
    ],
    ['a number in env', { ...valid, env: { BUZZ_SEND_BUFFER: 10 } }, 'env.BUZZ_SEND_BUFFER: must be a string'],
    [
      'an OTEL variable in env',
      { ...valid, env: { OTEL_SERVICE_NAME: 'x' } },
      'env.OTEL_SERVICE_NAME: OTEL_* variables',
    ],
    ['a bad variable name', { ...valid, env: { 'BAD-NAME': 'x' } }, 'env.BAD-NAME: not a valid environment variable'],
    [
      'inheriting OTEL',
      { ...valid, inheritEnv: ['OTEL_SERVICE_NAME'] },
      "inheritEnv: OTEL_SERVICE_NAME: the harness's",
    ],
    ['an unknown otelEnv mode', { ...valid, otelEnv: 'drop' }, 'otelEnv: must be "passthrough", "withhold"'],
    ['mapping a non-OTEL name', { ...valid, otelEnv: { PATH: 'X' } }, 'otelEnv.PATH: only OTEL_* variables'],
    ['an unknown redisPubSub', { ...valid, redisPubSub: 'per-db' }, 'redisPubSub: must be "per-db-index"'],
    ['a boolean redisPubSub', { ...valid, redisPubSub: true }, 'redisPubSub: must be "per-db-index"'],
    ['no readiness', { ...valid, readiness: undefined }, 'readiness: required'],
    ['two probes', { ...valid, readiness: { http: 'http://x', tcp: 'x:1' } }, '(found http, tcp)'],
    ['a bad regex', { ...valid, readiness: { logLine: '(' } }, 'readiness.logLine: not a valid regular expression'],
    ['a tcp probe without port', { ...valid, readiness: { tcp: 'localhost' } }, 'readiness.tcp: must be "host:port"'],
    ['a ws readiness URL', { ...valid, readiness: { http: 'ws://x' } }, 'readiness.http: must be an http://'],
    [
      'a zero timeout',
      { ...valid, readiness: { http: 'http://x', timeoutMs: 0 } },
      'readiness.timeoutMs: must be a positive',
    ],
    ['no urls', { ...valid, urls: undefined }, 'urls: required'],
    ['an http ws url', { ...valid, urls: { ...valid.urls, ws: 'http://x' } }, 'urls.ws: required, a ws:// or wss://'],
    ['no health url', { ...valid, urls: { ...valid.urls, health: undefined } }, 'urls.health: required'],
    ['a migrate string', { ...valid, migrate: 'npm run migrate' }, 'migrate: must be null or an object'],
    ['a migrate without command', { ...valid, migrate: {} }, 'migrate.command: required'],
  ];
  it.each(cases)('rejects %s with a message naming the field', (_what, json, message) => {
    expect(problemsOf(json).join('\n')).toContain(message);
  });

  it("an image runs its own command, or the given one with the image's node", () => {
    const own = parseAdapter({ ...valid, command: undefined, image: 'ghcr.io/block/buzz:0.2.1' }, FILE);
    expect([own.image, own.command]).toEqual(['ghcr.io/block/buzz:0.2.1', null]);
    const given = parseAdapter({ ...valid, image: 'node:24' }, FILE);
    expect(given.command).toEqual(['node', 'relay.ts']);
  });

  it('reports every problem at once, naming the file', () => {
    const error = (() => {
      try {
        return parseAdapter({ ...valid, name: 1, urls: {}, readiness: {} }, FILE);
      } catch (caught) {
        return caught as AdapterError;
      }
    })();
    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).problems.length).toBeGreaterThanOrEqual(5);
    expect((error as AdapterError).message).toMatch(
      /^invalid relay adapter \/adapters\/test\.json:\n {2}- name: required/,
    );
  });

  it('names the file when it is missing or not JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'adapter-'));
    await expect(loadAdapter(join(dir, 'missing.json'))).rejects.toThrow(
      `invalid relay adapter ${join(dir, 'missing.json')}:\n  - cannot read the file (ENOENT)`,
    );
    await writeFile(join(dir, 'broken.json'), '{ "name": ');
    await expect(loadAdapter(join(dir, 'broken.json'))).rejects.toThrow(/broken\.json:\n {2}- not valid JSON/);
  });
});
