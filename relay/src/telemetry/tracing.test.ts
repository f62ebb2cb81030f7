import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { OtelSettings } from './settings.ts';
import { disabledTracing, startTracing } from './tracing.ts';

const unset: OtelSettings = {
  endpoint: undefined,
  serviceName: 'svc',
  resourceAttributes: 'team=relay',
  sampler: 'always_on',
  samplerArg: undefined,
};

/**
 * Starts tracing in a fresh Node process that records every module it loads and every socket it tries to open,
 * runs one frame and shuts down, then reports what it saw. A fresh process is the only place where "nothing was
 * loaded" can be observed, since vitest's own process already holds the SDK.
 */
async function observeStart(
  endpoint: string | undefined,
): Promise<{ state: string; modules: string[]; connects: unknown[] }> {
  const script = `
    import { registerHooks } from 'node:module';
    import { Socket } from 'node:net';
    const modules = [];
    registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); modules.push(r.url); return r; } });
    const connects = [];
    const connect = Socket.prototype.connect;
    Socket.prototype.connect = function (...args) {
      const options = Array.isArray(args[0]) ? args[0][0] : args[0];
      connects.push(Number(options?.port ?? options));
      return connect.apply(this, args);
    };
    const { startTracing } = await import(${JSON.stringify(new URL('./tracing.ts', import.meta.url).href)});
    const tracing = await startTracing(${JSON.stringify({ ...unset, endpoint })});
    await tracing.root('ws.req', { conn_id: 'c', sub_id: 's' }, async () => undefined);
    await tracing.shutdown(2000);
    console.log(JSON.stringify({ state: tracing.outcome.state, modules, connects }));
    process.exit(0);
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '--eval', script], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    timeout: 20_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}

describe('disabledTracing', () => {
  it('§3.1 root and child return what the frame returns, with no span around it', async () => {
    const seen = await disabledTracing.root('ws.event', { conn_id: 'c' }, async () =>
      disabledTracing.child('handle_event', { event_id: 'e' }, async () => trace.getActiveSpan()),
    );
    expect(seen).toBeUndefined();
    await expect(disabledTracing.root('ws.req', {}, async () => 42)).resolves.toBe(42);
  });

  it('§3.1 an error thrown by the frame passes through unchanged', async () => {
    const failure = new Error('boom');
    await expect(
      disabledTracing.root('ws.event', {}, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    await expect(
      disabledTracing.child('handle_event', {}, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });

  it('§3.1 shutdown resolves at once', async () => {
    await expect(disabledTracing.shutdown(0)).resolves.toBeUndefined();
    expect(disabledTracing.outcome).toEqual({ state: 'disabled' });
  });
});

describe('startTracing', () => {
  it('§3.1 without OTEL_EXPORTER_OTLP_ENDPOINT it returns the disabled facade, whatever else is set', async () => {
    expect(await startTracing(unset)).toBe(disabledTracing);
  });

  it('§3.1 without the endpoint no OpenTelemetry module is loaded and no socket is opened, not even to the SDK default', async () => {
    const observed = await observeStart(undefined);
    expect(observed.state).toBe('disabled');
    expect(observed.modules.filter((url) => url.includes('/@opentelemetry/') || url.includes('/@grpc/'))).toEqual([]);
    expect(observed.connects).toEqual([]);
  });

  it('§3.1 an empty endpoint makes the exporter fail to build, as in buzz-relay: no exporter is loaded, nothing dialled', async () => {
    const observed = await observeStart('');
    expect(observed.state).toBe('failed');
    expect(observed.modules.some((url) => url.includes('/@opentelemetry/exporter-trace-otlp-grpc/'))).toBe(false);
    expect(observed.connects).toEqual([]);
  });

  it('§3.1 an empty endpoint gives the failed outcome with a message naming the variable', async () => {
    const tracing = await startTracing({ ...unset, endpoint: '' });
    expect(tracing.outcome).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/OTEL_EXPORTER_OTLP_ENDPOINT="" \(an empty URI is not an endpoint\).*unset it/),
    });
    await expect(tracing.shutdown(0)).resolves.toBeUndefined();
  });

  it('§3.1 an exporter that cannot be built gives the failed outcome, a clear message and no tracing', async () => {
    const tracing = await startTracing({ ...unset, endpoint: 'http://exa mple:4317' });
    expect(tracing.outcome.state).toBe('failed');
    expect(tracing.outcome).toMatchObject({
      error: expect.stringMatching(/OTEL_EXPORTER_OTLP_ENDPOINT="http:\/\/exa mple:4317" \(Invalid URL\).*unset it/),
    });
    await expect(tracing.root('ws.req', {}, async () => trace.getActiveSpan())).resolves.toBeUndefined();
    await expect(tracing.shutdown(0)).resolves.toBeUndefined();
  });

  it("§3.1 once on, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is the URL, as buzz-relay's exporter takes it", async () => {
    const tracing = await startTracing({ ...unset, endpoint: '', tracesEndpoint: 'http://127.0.0.1:4317' });
    try {
      expect(tracing.outcome).toMatchObject({ state: 'enabled', endpoint: 'http://127.0.0.1:4317' });
    } finally {
      await tracing.shutdown(0);
    }
    const empty = await startTracing({ ...unset, endpoint: 'http://127.0.0.1:4317', tracesEndpoint: '' });
    expect(empty.outcome).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=""'),
    });
  });

  it('§3.1 a sampler warning is handed back for the logger with the enabled outcome', async () => {
    const tracing = await startTracing({ ...unset, endpoint: 'http://localhost:4317', sampler: 'sometimes' });
    try {
      expect(tracing.outcome).toMatchObject({
        state: 'enabled',
        warning: expect.stringContaining('OTEL_TRACES_SAMPLER="sometimes" is not a known sampler'),
      });
    } finally {
      await tracing.shutdown(0);
    }
  });
});
