// Starts the reference relay as a process for the scenarios' own test: a black box reached only through its
// environment (CONTRACT §1) and its ports, as the suite reaches any relay.

import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freeLoopbackPort } from '../../services/free-port.ts';
import { type RelayEndpoint, relayEndpoint } from '../run-session.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 35_000;
const POLL_MS = 100;
const KEPT_LINES = 200;

export interface LaunchedRelay {
  readonly endpoint: RelayEndpoint;
  readonly metricsUrl: string;
  /** The last lines the relay wrote, for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within the contract's drain bound. Idempotent. */
  stop(): Promise<void>;
}

export interface LaunchOptions {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** The session's relayEnv. */
  readonly env: Readonly<Record<string, string>>;
}

export async function launchReferenceRelay(options: LaunchOptions): Promise<LaunchedRelay> {
  const [app, health, metrics] = [await freeLoopbackPort(), await freeLoopbackPort(), await freeLoopbackPort()];
  const relayUrl = `ws://127.0.0.1:${app}`;
  // Built from nothing but PATH, so no OTEL_* variable of the test's own environment reaches the relay.
  const env = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    BUZZ_BIND_ADDR: `127.0.0.1:${app}`,
    RELAY_URL: relayUrl,
    BUZZ_HEALTH_PORT: String(health),
    BUZZ_METRICS_PORT: String(metrics),
    ...options.env,
  };
  const child = spawn(process.execPath, ['relay/src/main.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - KEPT_LINES));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const output = () => lines.join('\n');
  const relay: LaunchedRelay = {
    endpoint: relayEndpoint(relayUrl),
    metricsUrl: `http://127.0.0.1:${metrics}/metrics`,
    output,
    stop: once(() => stopChild(child, exited)),
  };
  try {
    await waitReady(`http://127.0.0.1:${health}/_readiness`, child, output);
  } catch (error) {
    await relay.stop();
    throw error;
  }
  return relay;
}

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the relay exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await delay(POLL_MS);
  }
  throw new Error(`the relay was not ready at ${url} within ${READY_TIMEOUT_MS} ms (${last}):\n${output()}`);
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= action();
    return running;
  };
}
