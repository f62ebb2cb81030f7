import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { RelayLaunchError } from './adapter-error.ts';
import { failedToBind, launchRelay, type RelayUnderTest } from './launch-relay.ts';
import { parseAdapter } from './load-adapter.ts';
import { descendantsOf, isRunning } from './proc-tree.ts';

const FAKE_RELAY = join(import.meta.dirname, 'test-support/fake-relay.ts');
const services = {
  databaseUrl: 'postgres://nobody@127.0.0.1:1/none',
  redisUrl: 'redis://127.0.0.1:1',
  objectStore: { url: 'http://127.0.0.1:1', accessKey: 'key', secretKey: 'secret', bucket: 'bc-none' },
};
const launched: RelayUnderTest[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(launched.splice(0).map((relay) => relay.stop('SIGKILL')));
});

function adapter(overrides: Record<string, unknown> = {}) {
  return parseAdapter(
    {
      name: 'fake',
      command: ['node', FAKE_RELAY],
      env: {
        DATABASE_URL: '{databaseUrl}',
        REDIS_URL: '{redisUrl}',
        BUZZ_BIND_ADDR: '127.0.0.1:{wsPort}',
        BUZZ_HEALTH_PORT: '{healthPort}',
        BUZZ_METRICS_PORT: '{metricsPort}',
      },
      readiness: { http: 'http://127.0.0.1:{healthPort}/_readiness', timeoutMs: 10_000 },
      urls: {
        ws: 'ws://127.0.0.1:{wsPort}',
        metrics: 'http://127.0.0.1:{metricsPort}/metrics',
        health: 'http://127.0.0.1:{healthPort}',
      },
      ...overrides,
    },
    join(import.meta.dirname, 'fake.json'),
  );
}

async function launch(overrides: Record<string, unknown>, extraEnv: Record<string, string> = {}) {
  const relay = await launchRelay(adapter(overrides), { services, extraEnv, label: 'fake' });
  launched.push(relay);
  return relay;
}

async function launchFailure(overrides: Record<string, unknown>, extraEnv: Record<string, string> = {}) {
  const error = await launch(overrides, extraEnv).then(
    () => new Error('the relay was launched'),
    (caught: unknown) => caught,
  );
  if (!(error instanceof RelayLaunchError)) throw error;
  return error;
}

/** A value a fake relay printed as `<key> <value>`. */
function printed(lines: readonly string[], key: string): string {
  const line = lines.find((candidate) => candidate.startsWith(`${key} `));
  if (line === undefined) throw new Error(`no ${key} line in:\n${lines.join('\n')}`);
  return line.slice(key.length + 1);
}

describe('launchRelay', () => {
  it('§1 starts the relay on free ports and resolves its URLs once it is ready', async () => {
    const relay = await launch({});
    expect(printed(relay.logs(), 'PID')).toBe(String(relay.pid));
    expect(new Set([relay.ports.ws, relay.ports.health, relay.ports.metrics]).size).toBe(3);
    expect(relay.wsUrl).toBe(`ws://127.0.0.1:${relay.ports.ws}`);
    expect(relay.metricsUrl).toBe(`http://127.0.0.1:${relay.ports.metrics}/metrics`);
    expect(relay.healthUrl).toBe(`http://127.0.0.1:${relay.ports.health}`);
    expect((await fetch(`${relay.healthUrl}/_readiness`)).status).toBe(200);
  });

  it('§3.1 gives the relay a clean environment: none of the harness OTEL_* or other variables leak', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4317');
    vi.stubEnv('OTEL_SERVICE_NAME', 'harness');
    vi.stubEnv('SOME_HARNESS_SECRET', 'secret');
    const relay = await launch({});
    const env = JSON.parse(printed(relay.logs(), 'ENV')) as Record<string, string>;
    expect(Object.keys(env).sort()).toEqual(
      ['PATH', 'HOME', 'DATABASE_URL', 'REDIS_URL', 'BUZZ_BIND_ADDR', 'BUZZ_HEALTH_PORT', 'BUZZ_METRICS_PORT'].sort(),
    );
    expect(env).toEqual(relay.env);
    expect(env.BUZZ_HEALTH_PORT).toBe(String(relay.ports.health));
  });

  it('§3.1 passes the OTEL variables the suite chose, and none when the adapter withholds them', async () => {
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_SERVICE_NAME: 'svc' };
    const passed = await launchRelay(adapter(), { services, otel, label: 'passthrough' });
    launched.push(passed);
    expect(JSON.parse(printed(passed.logs(), 'ENV'))).toMatchObject(otel);
    const withheld = await launchRelay(adapter({ otelEnv: 'withhold' }), { services, otel, label: 'withhold' });
    launched.push(withheld);
    expect(printed(withheld.logs(), 'ENV')).not.toContain('OTEL_');
  });

  it('§1 stop() sends SIGTERM and returns how the relay exited', async () => {
    const relay = await launch({});
    expect(await relay.stop()).toEqual({ code: 0, signal: null });
    expect(relay.logs()).toContain('draining');
    expect(await relay.stop()).toEqual({ code: 0, signal: null });
    expect(isRunning(relay.pid)).toBe(false);
  });

  it('stop() after the relay exited by itself signals nothing: its group id may belong to another process by then', async () => {
    const relay = await launch({});
    process.kill(relay.pid, 'SIGKILL');
    const status = await relay.exited;
    const kill = vi.spyOn(process, 'kill');
    try {
      expect(await relay.stop()).toEqual(status);
      expect(kill).not.toHaveBeenCalled();
    } finally {
      kill.mockRestore();
    }
  });

  it('stop() kills a relay that ignores the signal once the timeout passes, with everything it started', async () => {
    const relay = await launch({}, { FAKE_RELAY_MODE: 'ignore-sigterm' });
    expect(await relay.stop('SIGTERM', 300)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(relay.logs()).toContain('ignoring SIGTERM');
    const withChild = await launch({}, { FAKE_RELAY_MODE: 'with-child' });
    const child = Number(printed(withChild.logs(), 'CHILD'));
    expect(isRunning(child)).toBe(true);
    await withChild.stop();
    expect(isRunning(child)).toBe(false);
  });

  it('uses the ports it is given instead of free ones', async () => {
    const first = await launch({});
    const relay = await launchRelay(adapter(), { services, label: 'ports', ports: { metrics: first.ports.metrics } });
    launched.push(relay);
    expect(relay.ports.metrics).toBe(first.ports.metrics);
    expect(relay.env.BUZZ_METRICS_PORT).toBe(String(first.ports.metrics));
  });

  it('waits for a log line or a TCP port when the adapter says so', async () => {
    const byLog = await launch({ readiness: { logLine: '^ready$' } });
    expect(byLog.logs()).toContain('ready');
    const byPort = await launch({ readiness: { tcp: '127.0.0.1:{healthPort}' } });
    expect(byPort.logs()).toContain('ready');
  });

  it('fails at once with a clear message when the command does not exist, leaving nothing running', async () => {
    const before = await descendantsOf(process.pid);
    const error = await launchFailure({ command: ['buzz-relay-that-does-not-exist', '--serve'] });
    expect(error.message).toMatch(
      /^cannot start relay "fake" \(adapter fake, .*fake\.json\): "buzz-relay-that-does-not-exist" was not found \(no such file, or not on PATH\)\. Check the adapter's command/,
    );
    expect(await descendantsOf(process.pid)).toEqual(before);
  });

  it('fails clearly when the relay never becomes ready, and kills it with everything it started', async () => {
    const error = await launchFailure(
      { readiness: { http: 'http://127.0.0.1:{healthPort}/_readiness', timeoutMs: 1000 } },
      { FAKE_RELAY_MODE: 'never-ready' },
    );
    expect(error.message).toMatch(
      /did not become ready within 1000 ms \(waiting for HTTP 2xx from http:\/\/127\.0\.0\.1:\d+\/_readiness; last attempt: ECONNREFUSED\); it was killed\. Last output:\n/,
    );
    expect(error.exit).toBeNull();
    expect(isRunning(Number(printed(error.logs, 'PID')))).toBe(false);
  });

  it('kills the whole process group of a wrapper that never becomes ready (node -e "setInterval(…)")', async () => {
    const script =
      "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']); console.log('CHILD ' + c.pid); setInterval(() => {}, 1000)";
    const error = await launchFailure({
      command: ['node', '-e', script],
      readiness: { logLine: '^never$', timeoutMs: 500 },
    });
    expect(error.message).toContain('did not become ready within 500 ms (waiting for a log line matching /^never$/');
    expect(isRunning(Number(printed(error.logs, 'CHILD')))).toBe(false);
  });

  it('fails at once when the relay exits before it is ready, with its exit code and last output', async () => {
    const error = await launchFailure({
      command: ['node', '-e', "console.error('error: cannot bind the metrics port'); process.exit(3)"],
    });
    expect(error.exit).toEqual({ code: 3, signal: null });
    expect(error.message).toMatch(
      /exited before it was ready \(exit code 3\)\. Last output:\n {2}\| error: cannot bind the metrics port$/,
    );
  });

  it('starts a relay again on fresh ports when it exits because a port was taken before it could bind it', async () => {
    const marker = join(await mkdtemp(join(tmpdir(), 'bind-once-')), 'first-health-port');
    const relay = await launch({}, { FAKE_RELAY_MODE: 'bind-fails-once', FAKE_RELAY_MARKER: marker });
    const firstHealthPort = Number(await readFile(marker, 'utf8'));
    expect(relay.ports.health).not.toBe(firstHealthPort);
    expect(relay.env.BUZZ_HEALTH_PORT).toBe(String(relay.ports.health));
    expect((await fetch(`${relay.healthUrl}/_readiness`)).status).toBe(200);
  });

  it('gives up after 3 bind failures, and never retries ports the caller fixed', async () => {
    const always = await launchFailure({}, { FAKE_RELAY_MODE: 'bind-fails-always' });
    expect(always.message).toContain('Address already in use (os error 98)');
    expect(always.message).toMatch(/\(3 attempts, each on fresh ports, each failed to bind one: /);
    const marker = join(await mkdtemp(join(tmpdir(), 'bind-fixed-')), 'first-health-port');
    const fixed = await launchRelay(adapter(), {
      services,
      label: 'fixed',
      ports: { metrics: 1 },
      extraEnv: { FAKE_RELAY_MODE: 'bind-fails-once', FAKE_RELAY_MARKER: marker },
    }).then(
      () => new Error('the relay was launched'),
      (caught: unknown) => caught,
    );
    expect((fixed as Error).message).toMatch(/exited before it was ready \(exit code 1\)/);
    expect((fixed as Error).message).not.toContain('attempts');
  });

  it('recognises a bind failure in Node, Rust, Go and C wordings, in any case, only after an exit', () => {
    const exit = { code: 1, signal: null };
    const failed = (line: string, exited = exit) =>
      failedToBind(new RelayLaunchError('x', { exit: exited, logs: [line] }));
    expect(failed('Error: listen EADDRINUSE: address already in use 127.0.0.1:20001')).toBe(true);
    expect(failed('Error: Address already in use (os error 98)')).toBe(true);
    expect(failed('listen tcp 127.0.0.1:20001: bind: address already in use')).toBe(true);
    expect(failed('bind failed: ADDRESS IN USE')).toBe(true);
    expect(failed('connection refused')).toBe(false);
    expect(failed('Error: Address already in use (os error 98)', null as never)).toBe(false);
  });

  it('names the cwd field when the working directory does not exist', async () => {
    const error = await launchFailure({ cwd: 'no-such-directory' });
    expect(error.message).toMatch(/the working directory .*no-such-directory does not exist .*field cwd/);
  });

  it('runs the migration once per database before the first launch, and reports a failing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'migrate-'));
    const log = join(dir, 'runs.log');
    await appendFile(log, '');
    const migrate = {
      command: [
        'node',
        '-e',
        `require('node:fs').appendFileSync(${JSON.stringify(log)}, process.env.DATABASE_URL + '\\n')`,
      ],
    };
    await launch({ migrate });
    await launch({ migrate });
    await launchRelay(adapter({ migrate }), {
      services: { ...services, databaseUrl: 'postgres://other' },
      label: 'other-db',
    }).then((relay) => launched.push(relay));
    expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual([services.databaseUrl, 'postgres://other']);

    const failing = { command: ['node', '-e', "console.log('relation already exists'); process.exit(2)"] };
    const error = await launchFailure({ migrate: failing });
    expect(error.message).toMatch(
      /^migration failed with exit code 2 \(adapter .*fake\.json, field migrate\.command\); last output:\n {2}\| relation already exists$/,
    );
  });
});

// A container run needs a Docker engine and a local Node image (this project's CI provisions BUZZ_NODE_IMAGE;
// images are never pulled by the tests). Runs that do not use containers touch no Docker engine.
const image = inject('services').mode === 'containers' ? process.env.BUZZ_NODE_IMAGE : undefined;
describe.skipIf(image === undefined)('launchRelay with an image (BUZZ_NODE_IMAGE)', () => {
  it('§1 runs the container on the host network with the same clean env, and stops it', async () => {
    vi.stubEnv('SOME_HARNESS_SECRET', 'secret');
    const script = `
      console.log('ENV ' + JSON.stringify(process.env));
      process.on('SIGTERM', () => { console.log('draining'); process.exit(0); });
      require('node:http').createServer((q, s) => s.end()).listen(Number(process.env.BUZZ_HEALTH_PORT), '127.0.0.1');`;
    const relay = await launchRelay(adapter({ image, command: ['node', '-e', script] }), {
      services,
      otel: { OTEL_SERVICE_NAME: 'in-a-container' },
      label: 'container',
    });
    launched.push(relay);
    const env = JSON.parse(printed(relay.logs(), 'ENV')) as Record<string, string>;
    expect(env).toMatchObject({ BUZZ_HEALTH_PORT: String(relay.ports.health), OTEL_SERVICE_NAME: 'in-a-container' });
    expect(env).not.toHaveProperty('SOME_HARNESS_SECRET');
    expect(isRunning(relay.pid)).toBe(true);
    expect(await relay.stop()).toEqual({ code: 0, signal: null });
    expect(relay.logs()).toContain('draining');
  }, 60_000);
});
