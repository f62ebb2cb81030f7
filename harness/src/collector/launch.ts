// Starts the fake OTLP collector for the suite, as a child process or in a container; same code and API both ways.
import { startCollectorProcess } from './process-launch.ts';

export type CollectorMode = 'process' | 'container';

export interface RunningCollector {
  /** OTLP/gRPC, e.g. http://127.0.0.1:43171 (what OTEL_EXPORTER_OTLP_ENDPOINT gets). */
  readonly grpcEndpoint: string;
  /** OTLP/HTTP base URL; traces go to `${httpEndpoint}/v1/traces`. */
  readonly httpEndpoint: string;
  /** Base URL of the query API, for query-client.ts. */
  readonly queryUrl: string;
  readonly mode: CollectorMode;
  /** Ends the collector (process or container) and waits until it is gone. */
  stop(): Promise<void>;
}

export interface StartCollectorOptions {
  readonly mode: CollectorMode;
  /** Container mode: base image; default $BUZZ_NODE_IMAGE, else node:24-bookworm-slim. Never pulled. */
  readonly nodeImage?: string;
  /**
   * How long to wait for the ready line once started; default 60 s either way: a process that starts in 1 s alone
   * took over 15 s with two suite runs and other jobs sharing two cores.
   */
  readonly readyTimeoutMs?: number;
}

const DEFAULT_NODE_IMAGE = 'node:24-bookworm-slim';

function baseImage(nodeImage: string | undefined) {
  const fromEnv = process.env.BUZZ_NODE_IMAGE || undefined;
  if (nodeImage !== undefined) return { name: nodeImage, source: 'the nodeImage option' };
  if (fromEnv !== undefined) return { name: fromEnv, source: 'BUZZ_NODE_IMAGE' };
  return { name: DEFAULT_NODE_IMAGE, source: 'the default (BUZZ_NODE_IMAGE is unset)' };
}

export async function startCollector(opts: StartCollectorOptions): Promise<RunningCollector> {
  if (opts.mode === 'process') return startCollectorProcess(opts.readyTimeoutMs ?? 60_000);
  // Imported only here, so process mode never loads testcontainers or esbuild.
  const { startCollectorContainer } = await import('./container-launch.ts');
  return startCollectorContainer(baseImage(opts.nodeImage), opts.readyTimeoutMs ?? 60_000);
}

/** Builds the container image once, before test files start collectors in parallel. */
export async function prepareCollectorImage(nodeImage?: string): Promise<void> {
  const { ensureCollectorImage } = await import('./container-launch.ts');
  await ensureCollectorImage(baseImage(nodeImage));
}
