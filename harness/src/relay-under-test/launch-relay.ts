import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { RelayLaunchError } from './adapter-error.ts';
import type { PlaceholderValues, RelayAdapter } from './adapter-types.ts';
import { LogRing } from './log-ring.ts';
import { freeRelayPorts, type RelayPorts } from './ports.ts';
import { type ExitStatus, signalGroup, spawnGroup, trackContainer } from './process-group.ts';
import { describeProbe, type RenderedProbe, waitUntilReady } from './readiness.ts';
import { buildRelayEnv } from './relay-env.ts';
import { migrateOnce } from './run-migration.ts';
import { renderTemplate } from './template.ts';

const LOG_CAPACITY = 5_000;
const TAIL_LINES = 40;
const KILL_WAIT_MS = 10_000;
const BIND_ATTEMPTS = 3;
/** Node's code, glibc's strerror (Rust prints `Address already in use (os error 98)`), Go's and others' wording. */
const BIND_FAILURE = /EADDRINUSE|address (?:already )?in use/i;
/** Variables the docker CLI itself needs to reach the engine; they stay outside the container. */
const DOCKER_CLI_ENV = ['DOCKER_HOST', 'DOCKER_CONFIG', 'DOCKER_CONTEXT', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY'];

const execFileAsync = promisify(execFile);

/** What one relay (or cluster) is given; each cluster has a bucket of its own in the store. */
export interface RelayServices {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly objectStore: {
    readonly url: string;
    readonly accessKey: string;
    readonly secretKey: string;
    readonly bucket: string;
  };
}

export interface LaunchOptions {
  readonly services: RelayServices;
  /** OTEL_* variables for this relay, e.g. OTEL_EXPORTER_OTLP_ENDPOINT; the adapter's otelEnv decides how they pass. */
  readonly otel?: Readonly<Record<string, string>>;
  /** More variables (e.g. BUZZ_POOL_METRICS_INTERVAL_SECS); they override the adapter's env. */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** Ports to use instead of fresh free ones, e.g. a metrics port the test keeps busy on purpose. */
  readonly ports?: Partial<RelayPorts>;
  /** Names this relay in messages (and its container); e.g. the test or clause that started it. */
  readonly label: string;
}

export interface RelayUnderTest {
  readonly label: string;
  /** The process to inspect with tcpConnectionsOf: the relay (or its wrapper), or a container's init process. */
  readonly pid: number;
  readonly wsUrl: string;
  readonly metricsUrl: string;
  readonly healthUrl: string;
  readonly ports: RelayPorts;
  /** The relay's complete environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Settles when the relay has exited, whoever stopped it. */
  readonly exited: Promise<ExitStatus>;
  /** stdout and stderr lines so far (the most recent LOG_CAPACITY). */
  logs(): string[];
  /** Sends `signal` to the relay's process group; after `timeoutMs` it is killed. Idempotent. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitStatus>;
}

/**
 * Starts the adapter's relay on free loopback ports and resolves once its readiness probe passes. A relay that exits
 * before it is ready because a port it was given is in use (another process bound it after the suite chose it) is
 * started again on fresh ports, a few times; ports the caller fixed are its own choice and never retried.
 */
export async function launchRelay(adapter: RelayAdapter, options: LaunchOptions): Promise<RelayUnderTest> {
  const retry = options.ports === undefined || Object.keys(options.ports).length === 0;
  for (let attempt = 1; ; attempt++) {
    const ports = { ...(await freeRelayPorts()), ...options.ports };
    try {
      return await launchOnce(adapter, options, ports);
    } catch (error) {
      if (!retry || !(error instanceof RelayLaunchError) || !failedToBind(error)) throw error;
      if (attempt === BIND_ATTEMPTS) {
        throw new RelayLaunchError(
          `${error.message}\n(${BIND_ATTEMPTS} attempts, each on fresh ports, each failed to bind one: ` +
            'something on this machine keeps taking ports in the range the suite leases)',
          { exit: error.exit, logs: error.logs },
        );
      }
    }
  }
}

/** An exit before readiness whose output reports a bind failure, in any of the usual spellings. */
export function failedToBind(error: RelayLaunchError): boolean {
  return error.exit !== null && error.logs.some((line) => BIND_FAILURE.test(line));
}

async function launchOnce(adapter: RelayAdapter, options: LaunchOptions, ports: RelayPorts): Promise<RelayUnderTest> {
  const values: PlaceholderValues = {
    databaseUrl: options.services.databaseUrl,
    redisUrl: options.services.redisUrl,
    s3Endpoint: options.services.objectStore.url,
    s3AccessKey: options.services.objectStore.accessKey,
    s3SecretKey: options.services.objectStore.secretKey,
    s3Bucket: options.services.objectStore.bucket,
    wsPort: String(ports.ws),
    healthPort: String(ports.health),
    metricsPort: String(ports.metrics),
    adapterDir: adapter.dir,
  };
  const env = buildRelayEnv(adapter, {
    values,
    otel: options.otel ?? {},
    extraEnv: options.extraEnv ?? {},
    hostEnv: process.env,
  });
  const name = `relay "${options.label}" (adapter ${adapter.name}, ${adapter.file})`;

  if (adapter.image === null) await requireDirectory(adapter.cwd, adapter.file);
  await migrateOnce(adapter, options.services.databaseUrl, env);

  const container = adapter.image === null ? null : containerName(options.label);
  const command = container === null ? adapter.command! : dockerRun(adapter.image!, adapter.command, container, env);
  const processEnv = container === null ? env : { ...env, ...pick(process.env, DOCKER_CLI_ENV) };
  const untrackContainer = container === null ? () => {} : trackContainer(container);

  const logs = new LogRing(LOG_CAPACITY);
  const { child, exited, spawnFailed } = spawnGroup(command, adapter.cwd, processEnv);
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => logs.push('stdout', chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => logs.push('stderr', chunk));
  void exited.then(() => {
    logs.end();
    untrackContainer();
  });

  const failedToStart = await Promise.race([spawnFailed, delay(0, null)]);
  if (failedToStart !== null || child.pid === undefined) {
    untrackContainer();
    throw new RelayLaunchError(
      `cannot start ${name}: ${JSON.stringify(command[0])} ${explainSpawnError(failedToStart)}. ` +
        `Check the adapter's ${container === null ? 'command' : 'image (and that the docker CLI is installed)'}; it ran in ${adapter.cwd}.`,
    );
  }
  const pgid = child.pid;

  const gone = new AbortController();
  let exitStatus = null as ExitStatus | null;
  void exited.then((status) => {
    exitStatus = status;
    gone.abort();
  });
  const probe = renderProbe(adapter, values);
  const readiness = await waitUntilReady({ probe, logs: () => logs.lines(), signal: gone.signal });

  if (!readiness.ready) {
    const status = exitStatus;
    if (status === null) await killAndWait(pgid, container, exited);
    const why =
      status === null
        ? `did not become ready within ${probe.timeoutMs} ms (waiting for ${describeProbe(probe)}; last attempt: ${readiness.lastFailure}); it was killed`
        : `exited before it was ready (${describeExit(status)})`;
    throw new RelayLaunchError(`${name} ${why}. Last output:\n${logs.tail(TAIL_LINES)}`, {
      exit: status,
      logs: logs.lines(),
    });
  }

  const pid = container === null ? pgid : await containerPid(container, pgid);
  let stopping: Promise<ExitStatus> | null = null;
  return {
    label: options.label,
    pid,
    wsUrl: renderTemplate(adapter.urls.ws, values),
    metricsUrl: renderTemplate(adapter.urls.metrics, values),
    healthUrl: renderTemplate(adapter.urls.health, values),
    ports,
    env,
    exited,
    logs: () => logs.lines(),
    stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 35_000): Promise<ExitStatus> {
      // a relay that has exited no longer owns its group id: once pids wrap (32768 on Linux by default) the kernel
      // hands it out again, e.g. to a Postgres backend, which leads a group of its own and would take the signal
      stopping ??= exitStatus === null ? stopGroup(pgid, container, exited, signal, timeoutMs) : exited;
      return stopping;
    },
  };
}

async function requireDirectory(path: string, adapterFile: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) return;
  throw new RelayLaunchError(
    `the working directory ${path} does not exist or is not a directory (adapter ${adapterFile}, field cwd, resolved from the adapter's directory)`,
  );
}

function explainSpawnError(error: Error | null): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'was not found (no such file, or not on PATH)';
  if (code === 'EACCES') return 'is not executable';
  return `failed to start: ${error?.message ?? 'no process id'}`;
}

function describeExit(status: ExitStatus): string {
  return status.signal === null ? `exit code ${status.code}` : `killed by ${status.signal}`;
}

function renderProbe(adapter: RelayAdapter, values: PlaceholderValues): RenderedProbe {
  const probe = adapter.readiness;
  if (probe.kind === 'http') return { ...probe, url: renderTemplate(probe.url, values) };
  if (probe.kind === 'logLine') return probe;
  const address = renderTemplate(probe.address, values);
  const split = address.lastIndexOf(':');
  const host = address.slice(0, split).replace(/^\[(.*)\]$/, '$1');
  return { kind: 'tcp', host, port: Number(address.slice(split + 1)), timeoutMs: probe.timeoutMs };
}

async function killAndWait(pgid: number, container: string | null, exited: Promise<ExitStatus>): Promise<void> {
  signalGroup(pgid, 'SIGKILL');
  if (container !== null) await removeContainer(container);
  await Promise.race([exited, delay(KILL_WAIT_MS)]);
}

async function stopGroup(
  pgid: number,
  container: string | null,
  exited: Promise<ExitStatus>,
  signal: NodeJS.Signals,
  timeoutMs: number,
): Promise<ExitStatus> {
  signalGroup(pgid, signal);
  const timer = new AbortController();
  const inTime = await Promise.race([exited, delay(timeoutMs, null, { signal: timer.signal }).catch(() => null)]);
  timer.abort();
  if (inTime !== null) return inTime;
  await killAndWait(pgid, container, exited);
  return exited;
}

function pick(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
}

function containerName(label: string): string {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .slice(0, 40);
  return `buzz-compat-relay-${slug}-${randomBytes(4).toString('hex')}`;
}

/** Host networking, so the relay's loopback ports and the services' loopback URLs mean the same inside and out. */
function dockerRun(
  image: string,
  command: readonly string[] | null,
  name: string,
  env: Record<string, string>,
): string[] {
  const passed = Object.keys(env).filter((key) => key !== 'PATH' && key !== 'HOME');
  // `-e NAME` without a value copies it from the docker CLI's environment, so values stay off the command line
  return [
    'docker',
    'run',
    '--rm',
    '--init',
    '--network=host',
    `--name=${name}`,
    ...passed.flatMap((key) => ['-e', key]),
    image,
    ...(command ?? []),
  ];
}

async function containerPid(name: string, fallback: number): Promise<number> {
  try {
    const { stdout } = await execFileAsync('docker', ['inspect', '--format', '{{.State.Pid}}', name]);
    const pid = Number(stdout.trim());
    return pid > 0 ? pid : fallback;
  } catch {
    return fallback;
  }
}

async function removeContainer(name: string): Promise<void> {
  await execFileAsync('docker', ['rm', '-f', name]).catch(() => undefined);
}
