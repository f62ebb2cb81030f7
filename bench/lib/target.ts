import { startEchoProcess } from './echo-process.ts';
import { startRelayProcess } from './relay-process.ts';
import { type BenchServices, startBenchServices } from './services.ts';

// What a bench script drives: the reference relay (with its own Postgres, Redis and a fresh database) or the echo
// relay, which measures the generator itself. Either way a process of its own, on loopback.

export type TargetKind = 'relay' | 'echo';
export const TARGET_KINDS: readonly TargetKind[] = ['relay', 'echo'];

export interface Target {
  readonly kind: TargetKind;
  readonly url: string;
  readonly relayUrl: string;
  readonly pid: number;
  /** The relay's database (relay only), for checking what was stored. */
  readonly databaseUrl?: string;
  /** A line for the report: what was measured and with which services. */
  readonly description: string;
  /** Stops the target (and the services it started); resolves with the target's exit code. */
  close(): Promise<number | null>;
}

export interface TargetOptions {
  readonly cpuProfileDir?: string;
  readonly env?: Readonly<Record<string, string>>;
}

export async function openTarget(kind: TargetKind, options: TargetOptions = {}): Promise<Target> {
  if (kind === 'echo') {
    const echo = await startEchoProcess();
    return {
      kind,
      url: echo.url,
      relayUrl: echo.url,
      pid: echo.pid,
      description: 'echo relay (bench/lib/echo-relay.ts): answers without verifying or storing',
      close: () => echo.stop(),
    };
  }
  const services: BenchServices = await startBenchServices();
  try {
    const database = await services.freshDatabase(kind);
    const relay = await startRelayProcess({
      databaseUrl: database.url,
      redisUrl: services.redisUrl,
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.cpuProfileDir === undefined ? {} : { cpuProfileDir: options.cpuProfileDir }),
    });
    return {
      kind,
      url: relay.url,
      relayUrl: relay.relayUrl,
      pid: relay.pid,
      databaseUrl: database.url,
      description: `reference relay (relay/src/main.ts, pid ${relay.pid}), Postgres and Redis: ${services.mode}`,
      async close() {
        const code = await relay.stop();
        await services.stop();
        return code;
      },
    };
  } catch (error) {
    await services.stop();
    throw error;
  }
}
