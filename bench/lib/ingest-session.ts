import { randomBytes } from 'node:crypto';
import { generateSecretKey } from 'nostr-tools/pure';
import { bytesToHex } from 'nostr-tools/utils';
import { type BenchClient, connectAuthenticated } from './client.ts';
import { type CpuShares, cpuShares, cpuSnapshot } from './cpu-usage.ts';
import { type IngestRunResult, runIngest } from './ingest-run.ts';
import { presign } from './presign.ts';
import { waitForQuietMachine } from './quiet.ts';
import { progress } from './report.ts';

// One ingest measurement against one endpoint: sign everything, open and authenticate the connections, warm the
// relay up (its JIT and its pools) with a few events that are not counted, then run the measured load.

export interface IngestOptions {
  readonly url: string;
  readonly relayUrl: string;
  readonly connections: number;
  readonly events: number;
  readonly window: number;
  readonly maxSeconds: number;
  /** Events sent (over all connections) before the clock starts; not counted. */
  readonly warmup: number;
  /** The target's process id, for its CPU share during the measured run. */
  readonly targetPid?: number;
  /** Longest wait for a quiet machine before the run; 0 measures at once. */
  readonly quietWaitSeconds: number;
}

export interface IngestMeasurement extends IngestRunResult {
  readonly signMs: number;
  readonly eventsPerSecond: number;
  /** CPU during the measured run only. */
  readonly cpu: CpuShares;
  /** The target's CPU per measured event, µs (undefined without /proc). */
  readonly targetCpuPerEventUs: number | undefined;
  readonly quiet: string;
}

function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0));
}

export async function measureIngest(options: IngestOptions): Promise<IngestMeasurement> {
  const runId = randomBytes(6).toString('hex');
  const keys = Array.from({ length: options.connections }, () => generateSecretKey());
  const measured = split(options.events, options.connections);
  const warm = split(options.warmup, options.connections);
  const signStarted = performance.now();
  const loads = await presign([
    ...keys.map((key, index) => ({
      secretKeyHex: bytesToHex(key),
      count: measured[index]!,
      kind: 1,
      contentPrefix: `bench ingest ${runId} connection ${index}`,
    })),
    ...keys.map((key, index) => ({
      secretKeyHex: bytesToHex(key),
      count: warm[index]!,
      kind: 1,
      contentPrefix: `bench ingest warm-up ${runId} connection ${index}`,
    })),
  ]);
  const signMs = performance.now() - signStarted;
  progress(`signed ${options.events + options.warmup} events in ${(signMs / 1000).toFixed(1)} s (before the clock)`);

  const quiet = await waitForQuietMachine(options.quietWaitSeconds);
  progress(quiet);
  const clients: BenchClient[] = [];
  try {
    for (const key of keys) clients.push(await connectAuthenticated(options.url, options.relayUrl, key));
    if (options.warmup > 0) {
      const warmup = await runIngest({
        clients,
        loads: loads.slice(options.connections),
        window: options.window,
        maxSeconds: options.maxSeconds,
      });
      progress(`warm-up: ${warmup.sent} events in ${(warmup.elapsedMs / 1000).toFixed(1)} s (not counted)`);
    }
    const before = cpuSnapshot(options.targetPid);
    const run = await runIngest({
      clients,
      loads: loads.slice(0, options.connections),
      window: options.window,
      maxSeconds: options.maxSeconds,
    });
    const cpu = cpuShares(before, cpuSnapshot(options.targetPid));
    const answered = run.latenciesMs.length;
    return {
      ...run,
      signMs,
      cpu,
      quiet,
      eventsPerSecond: (answered / run.elapsedMs) * 1000,
      targetCpuPerEventUs: cpu.target === undefined ? undefined : (cpu.target * run.elapsedMs * 1000) / answered,
    };
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}
