import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freeLoopbackPort } from '../harness/src/services/free-port.ts';
import { positive, positiveInteger, readOptions, runScript, wholeNumber } from './lib/cli.ts';
import { describeShares, FOREIGN_CORES_WARNING } from './lib/cpu-usage.ts';
import { measureDisabledTracingCost } from './lib/disabled-tracing-cost.ts';
import { type IngestMeasurement, measureIngest } from './lib/ingest-session.ts';
import { REPO_ROOT, startRelayProcess } from './lib/relay-process.ts';
import { machineLine, printResult, progress } from './lib/report.ts';
import { countStored, startBenchServices } from './lib/services.ts';
import { median, ms, summarize } from './lib/stats.ts';

// What tracing costs ingest: the same short ingest run with OTEL_EXPORTER_OTLP_ENDPOINT absent (off) and pointing
// at the suite's fake OTLP collector (on), alternating off/on so that a change in machine load hits both alike;
// the median of each. Target: tracing off costs nothing measurable.

type Mode = 'off' | 'on';
const MAX_RETRIES = 3;

interface Collector {
  readonly endpoint: string;
  readonly description: string;
  /** ws.event spans received since the last call (undefined when nothing listens). */
  takeEventSpans(): Promise<number | undefined>;
  stop(): Promise<void>;
}

async function startCollectorOrNothing(): Promise<Collector> {
  if (!existsSync(join(REPO_ROOT, 'harness', 'src', 'collector', 'launch.ts'))) {
    const port = await freeLoopbackPort();
    return {
      endpoint: `http://127.0.0.1:${port}`,
      description: `http://127.0.0.1:${port}, where nothing listens (the exporter's sends fail)`,
      takeEventSpans: async () => undefined,
      stop: async () => {},
    };
  }
  const { startCollector } = await import('../harness/src/collector/launch.ts');
  const { fetchSpans, resetCollector } = await import('../harness/src/collector/query-client.ts');
  const collector = await startCollector({ mode: 'process' });
  return {
    endpoint: collector.grpcEndpoint,
    description: `the suite's fake OTLP collector (process mode) at ${collector.grpcEndpoint}`,
    async takeEventSpans() {
      const spans = await fetchSpans(collector.queryUrl);
      await resetCollector(collector.queryUrl);
      return spans.filter((span) => span.name === 'ws.event').length;
    },
    stop: () => collector.stop(),
  };
}

runScript(async () => {
  const options = readOptions('node bench/tracing-overhead.ts [options]', {
    events: { default: '5000', help: 'measured events per ingest run' },
    warmup: { default: '500', help: 'events sent first in each run, not counted' },
    runs: { default: '3', help: 'ingest runs per mode (off and on alternate)' },
    connections: { default: '8', help: 'publishing connections' },
    window: { default: '16', help: 'EVENTs in flight per connection' },
    'quiet-wait': {
      default: '60',
      help: 'wait up to this many seconds for an idle machine before measuring (0: no wait)',
    },
    'max-foreign': {
      default: String(FOREIGN_CORES_WARNING),
      help: `repeat a run (up to ${MAX_RETRIES} times) when processes the bench did not start took more cores than this`,
    },
  });
  const runs = positiveInteger(options, 'runs');
  const events = positiveInteger(options, 'events');
  const warmup = wholeNumber(options, 'warmup');
  const services = await startBenchServices();
  const collector = await startCollectorOrNothing().catch(async (error: unknown) => {
    await services.stop();
    throw error;
  });
  const results: Record<Mode, IngestMeasurement[]> = { off: [], on: [] };
  const spanCounts: string[] = [];
  const maxForeign = positive(options, 'max-foreign');
  let discarded = 0;
  const measureOnce = async (mode: Mode, run: number): Promise<IngestMeasurement> => {
    const database = await services.freshDatabase(`tracing_${mode}`);
    const relay = await startRelayProcess({
      databaseUrl: database.url,
      redisUrl: services.redisUrl,
      env: mode === 'on' ? { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint } : {},
    });
    let result: IngestMeasurement;
    try {
      result = await measureIngest({
        url: relay.url,
        relayUrl: relay.relayUrl,
        connections: positiveInteger(options, 'connections'),
        events,
        window: positiveInteger(options, 'window'),
        maxSeconds: 120,
        warmup,
        targetPid: relay.pid,
        quietWaitSeconds: wholeNumber(options, 'quiet-wait'),
      });
    } finally {
      // Stopping shuts the tracer provider down, which flushes its spans to the collector.
      await relay.stop();
    }
    const stored = await countStored(database.url, result.acceptedIds);
    await database.drop();
    if (result.accepted !== events || stored !== events) {
      throw new Error(`tracing ${mode}, run ${run}: ${result.accepted} accepted and ${stored} stored of ${events}`);
    }
    const spans = await collector.takeEventSpans();
    if (mode === 'off' && spans !== undefined && spans > 0) {
      throw new Error(`tracing off, run ${run}: the collector received ${spans} ws.event spans`);
    }
    if (mode === 'on' && spans !== undefined) spanCounts.push(`${spans}/${events + warmup}`);
    progress(
      `tracing ${mode}, run ${run}: ${result.eventsPerSecond.toFixed(0)} events/s; CPU ${describeShares(result.cpu, 'relay')}`,
    );
    return result;
  };
  try {
    for (let run = 1; run <= runs; run++) {
      for (const mode of ['off', 'on'] as const) {
        // Other work on the machine takes cores from the relay at random; such a run says nothing about tracing,
        // so it is repeated (a bounded number of times; the last attempt counts whatever happens).
        for (let attempt = 0; ; attempt++) {
          const result = await measureOnce(mode, run);
          if ((result.cpu.foreign ?? 0) <= maxForeign || attempt === MAX_RETRIES) {
            results[mode].push(result);
            break;
          }
          discarded++;
          progress(`  discarded: other processes took ${result.cpu.foreign!.toFixed(2)} cores during the run`);
        }
      }
    }
  } finally {
    await collector.stop();
    await services.stop();
  }
  const rate = (mode: Mode) => median(results[mode].map((r) => r.eventsPerSecond));
  const p50 = (mode: Mode) => median(results[mode].map((r) => summarize(r.latenciesMs).p50));
  const p99 = (mode: Mode) => median(results[mode].map((r) => summarize(r.latenciesMs).p99));
  const cpuUs = (mode: Mode) => median(results[mode].map((r) => r.targetCpuPerEventUs ?? Number.NaN));
  const each = (mode: Mode) => results[mode].map((r) => r.eventsPerSecond.toFixed(0)).join(', ');
  const line = (mode: Mode) =>
    `${rate(mode).toFixed(0)} events/s median (runs: ${each(mode)}), relay CPU ${cpuUs(mode).toFixed(0)} µs/event, OK p50 ${ms(p50(mode))}, p99 ${ms(p99(mode))}`;
  const cost = await measureDisabledTracingCost();
  printResult([
    machineLine(`each run first waited up to ${wholeNumber(options, 'quiet-wait')} s for an idle machine`),
    `collector   ${collector.description}`,
    `discarded   ${discarded} run(s) repeated because other processes took more than ${maxForeign} cores`,
    `off         ${line('off')}`,
    `on          ${line('on')}`,
    `off/on      ${(rate('off') / rate('on')).toFixed(3)} throughput with tracing off ÷ with it on; relay CPU per event on ÷ off ${(cpuUs('on') / cpuUs('off')).toFixed(3)}`,
    spanCounts.length === 0
      ? 'spans       not counted (no collector)'
      : `spans       ws.event spans received per "on" run (repeated runs included): ${spanCounts.join(', ')}`,
    `off path    ${cost.overheadNs.toFixed(0)} ns per EVENT for the disabled facade (${cost.facadeNs.toFixed(0)} ns vs ${cost.directNs.toFixed(0)} ns with no tracing code): ${((cost.overheadNs / (cpuUs('off') * 1000)) * 100).toFixed(3)}% of the relay's CPU per event with tracing off`,
  ]);
});
