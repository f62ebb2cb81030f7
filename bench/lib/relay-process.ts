import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from '../../harness/src/services/free-port.ts';
import { type BenchChild, spawnNode, waitUntil } from './child-process.ts';

// The reference relay as a black-box process (`node relay/src/main.ts`), configured only through the contract's
// environment (CONTRACT §1), on loopback ports picked here, and ready once /_readiness answers 200.

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RELAY_MAIN = join(REPO_ROOT, 'relay', 'src', 'main.ts');
const READY_TIMEOUT_MS = 60_000;

export interface RelayProcessOptions {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Added to the relay's environment, e.g. OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly env?: Readonly<Record<string, string>>;
  /** When set, the relay runs under `node --cpu-prof` and writes its profile here when it exits. */
  readonly cpuProfileDir?: string;
}

export interface RelayProcess {
  /** Where clients connect. */
  readonly url: string;
  /** RELAY_URL: what the NIP-42 relay tag must say. */
  readonly relayUrl: string;
  readonly metricsUrl: string;
  /** Base URL of the health listener (`/_liveness`, `/_readiness`, `/_status`). */
  readonly healthUrl: string;
  readonly pid: number;
  readonly child: BenchChild;
  stop(): Promise<number | null>;
}

/**
 * The bench's environment minus every OTEL_* and BUZZ_* variable, so tracing is on only when options.env says so
 * (the contract's switch is the mere existence of OTEL_EXPORTER_OTLP_ENDPOINT) and no stray limit skews a figure.
 */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('OTEL_') && !name.startsWith('BUZZ_')) env[name] = value;
  }
  return env;
}

export async function startRelayProcess(options: RelayProcessOptions): Promise<RelayProcess> {
  const [appPort, healthPort, metricsPort] = [
    await freeLoopbackPort(),
    await freeLoopbackPort(),
    await freeLoopbackPort(),
  ];
  const relayUrl = `ws://127.0.0.1:${appPort}`;
  const env: NodeJS.ProcessEnv = {
    ...cleanEnvironment(),
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    BUZZ_BIND_ADDR: `127.0.0.1:${appPort}`,
    RELAY_URL: relayUrl,
    BUZZ_HEALTH_PORT: String(healthPort),
    BUZZ_METRICS_PORT: String(metricsPort),
    ...options.env,
  };
  const nodeArgs =
    options.cpuProfileDir === undefined
      ? [RELAY_MAIN]
      : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir, RELAY_MAIN];
  const child = spawnNode(nodeArgs, env, REPO_ROOT);
  const readiness = `http://127.0.0.1:${healthPort}/_readiness`;
  try {
    await waitUntil(`relay (${RELAY_MAIN})`, child, READY_TIMEOUT_MS, async () => {
      const response = await fetch(readiness, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      return response.status === 200;
    });
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    url: relayUrl,
    relayUrl,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    healthUrl: `http://127.0.0.1:${healthPort}`,
    pid: child.process.pid!,
    child,
    stop: () => child.stop(),
  };
}
