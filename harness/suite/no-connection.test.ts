import { afterAll, beforeAll, describe, inject } from 'vitest';
import { clauseTag } from '../src/clauses/catalogue.ts';
import { clauseTest } from '../src/clauses/clause-test.ts';
import { type Finding, finding } from '../src/clauses/finding.ts';
import type { RunningCollector } from '../src/collector/launch.ts';
import type { ConnectionRecord } from '../src/collector/model.ts';
import { fetchConnections, fetchSpans } from '../src/collector/query-client.ts';
import { loadSession, runSession } from '../src/scenarios/index.ts';
import { type AllowedPeer, type LedgerConnection, noConnectionVerdict } from '../src/traces/no-connection-verdict.ts';
import type { ProcSocket } from '../src/traces/proc-net-tcp.ts';
import { SENTINEL_LOCK_WAIT_MS, type SentinelConnection, type Sentinels, startSentinels } from './support/sentinels.ts';
import { sampleSockets } from './support/socket-sampler.ts';
import { startSuiteCollector, startSuiteRelay } from './support/suite-relay.ts';
import { expectNoFindings } from './support/trace-evidence.ts';
import { sessionOpening } from './support/traced-scenario.ts';

// CONTRACT §3.1: without OTEL_EXPORTER_OTLP_ENDPOINT no connection of any kind is attempted, whatever else is set.
// Three relays run the core-ingest scenario and a graceful stop at the same time, none of them given the endpoint:
// one with no OTEL_* variable, one with the resource variables, one with only OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
// (aimed at the fake collector). Evidence: the sentinels on the OTLP default ports (each connection attributed to
// the process that opened it), the fake collector's connection ledger, and the relays' own sockets from /proc,
// sampled from start to exit. A fourth relay, alongside, gets the endpoint set but empty: buzz-relay's exporter
// does not build from an empty URI (the Rust oracle shows it), so that relay too runs without tracing and must not
// dial the OTLP default ports the same sentinels watch; they live in this file alone, as their ports are fixed.

interface Case {
  readonly key: string;
  readonly what: string;
  readonly otel: (collector: RunningCollector) => Record<string, string>;
}

const CASES: readonly Case[] = [
  { key: 'nothing', what: 'no OTEL_* variable set', otel: () => ({}) },
  {
    key: 'resource',
    what: 'OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES set',
    otel: () => ({
      OTEL_SERVICE_NAME: 'no-connection-check',
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=no-connection-ra,deployment.environment=compat',
    }),
  },
  {
    key: 'traces-endpoint',
    what: 'only OTEL_EXPORTER_OTLP_TRACES_ENDPOINT set, at the fake collector',
    otel: (collector) => ({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.grpcEndpoint }),
  },
];

interface Observation {
  /** The relay's process group (its pid: every relay leads its own group). */
  readonly pgid: number;
  readonly label: string;
  readonly sockets: readonly ProcSocket[];
  readonly samples: number;
  readonly relayPorts: readonly number[];
  /** The Redis this relay was given: its cluster's own server when the relay shares pub/sub across db indexes. */
  readonly redis: AllowedPeer;
  readonly exitCode: number | null;
}

describe('no connection while OTEL_EXPORTER_OTLP_ENDPOINT is unset (CONTRACT §3.1)', () => {
  let collector: RunningCollector | undefined;
  let sentinels: Sentinels | undefined;
  let observations: PromiseSettledResult<Observation>[];
  let sentinelConnections: SentinelConnection[];
  let collectorConnections: readonly ConnectionRecord[];
  let collectorSpanCount: number;
  let allowedPeers: AllowedPeer[];
  let emptyEndpoint: PromiseSettledResult<{ pgid: number; label: string }>;

  beforeAll(async () => {
    const session = loadSession('core-ingest');
    const services = inject('services');
    allowedPeers = [peerOf('postgres', services.databaseUrl)];
    const [startedCollector, startedSentinels] = await Promise.allSettled([
      startSuiteCollector(),
      startSentinels('tracing.no-connection'),
    ]);
    // keep whichever started, so afterAll stops it even when the other failed (e.g. a sentinel port is taken)
    if (startedCollector.status === 'fulfilled') collector = startedCollector.value;
    if (startedSentinels.status === 'fulfilled') sentinels = startedSentinels.value;
    if (startedSentinels.status === 'rejected') throw startedSentinels.reason;
    if (startedCollector.status === 'rejected') throw startedCollector.reason;
    const running = startedCollector.value;
    const watching = startedSentinels.value;
    for (const note of watching.notes) console.log(`[tracing.no-connection] ${note}`);
    const observing = Promise.allSettled(
      CASES.map(async (c): Promise<Observation> => {
        const relay = await startSuiteRelay({
          label: `no-connection-${c.key}`,
          otel: c.otel(running),
          extraEnv: session.relayEnv,
        });
        const sampler = sampleSockets(relay.relay.pid);
        try {
          await runSession(session, relay.endpoint);
          await sampler.sampleNow();
        } finally {
          await relay.stop();
        }
        const { sockets, samples } = await sampler.finish();
        return {
          pgid: relay.relay.pid,
          label: `relay "no-connection-${c.key}" (${c.what})`,
          sockets,
          samples,
          relayPorts: Object.values(relay.relay.ports),
          redis: peerOf('redis', relay.redisUrl),
          exitCode: (await relay.relay.exited).code,
        };
      }),
    );
    // an empty endpoint fails the exporter's build: this relay must run its frame without dialling a sentinel
    [emptyEndpoint] = await Promise.allSettled([runEmptyEndpoint()]);
    observations = await observing;
    sentinelConnections = await watching.accepted();
    collectorConnections = await fetchConnections(running.queryUrl);
    collectorSpanCount = (await fetchSpans(running.queryUrl)).length;
    for (const c of sentinelConnections) {
      const relays = [...observations, emptyEndpoint].flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      if (c.owner !== null && !relays.some((relay) => owns(relay, c))) {
        console.log(
          `[tracing.no-connection] ignored: ${c.listener} accepted a connection from pid ${c.owner.pid} ` +
            `(${c.owner.command}), which is not a relay under test`,
        );
      }
    }
  }, 120_000 + SENTINEL_LOCK_WAIT_MS);

  afterAll(async () => {
    await Promise.all([sentinels?.close(), collector?.stop()]);
  });

  CASES.forEach((c, index) => {
    clauseTest(
      'tracing.no-connection',
      `${c.what}: no connection to the collector, the OTLP default ports or any peer but Postgres and Redis`,
      () => {
        const observed = observations[index];
        if (observed === undefined || observed.status === 'rejected') throw observed?.reason;
        const run = observed.value;
        // who dialled is unknown when the client end was gone before it could be looked up: every run counts it
        const ledger: LedgerConnection[] = sentinelConnections
          .filter((s) => s.owner === null || owns(run, s))
          .map((s) =>
            s.owner === null
              ? { ...s, listener: `${s.listener} (from a process that closed it before it could be identified)` }
              : s,
          );
        if (c.key === 'traces-endpoint') ledger.push(...collectorConnections.map(describeCollectorConnection));
        const findings: Finding[] = noConnectionVerdict({
          ledger,
          sockets: run.sockets,
          allowedPeers: [
            ...allowedPeers,
            run.redis,
            ...run.relayPorts.map((port) => ({ what: 'its own listener', port })),
          ],
          relayPorts: run.relayPorts,
        }).map((f) => ({ ...f, message: `${f.message} (${run.label}, ${run.samples} socket samples)` }));
        expectNoFindings(findings, 'tracing.no-connection');
      },
    );
  });

  clauseTest(
    'tracing.empty-endpoint',
    'an empty OTEL_EXPORTER_OTLP_ENDPOINT makes the exporter fail to build: the relay runs on without tracing and dials no OTLP default port',
    () => {
      if (emptyEndpoint.status === 'rejected') throw emptyEndpoint.reason;
      const run = emptyEndpoint.value;
      const dialled = sentinelConnections.filter((c) => owns(run, c)).map((c) => c.listener);
      if (dialled.length === 0) return;
      throw new Error(
        `${clauseTag('tracing.empty-endpoint')} ${run.label} connected to ${dialled.join(', ')}: buzz-relay's ` +
          'OTLP/gRPC exporter does not build from an empty URI, so it runs without tracing and dials nothing',
      );
    },
  );

  clauseTest(
    'tracing.switch',
    'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT alone does not turn tracing on: the collector it names sees no connection and no span',
    () => {
      const index = CASES.findIndex((c) => c.key === 'traces-endpoint');
      const observed = observations[index];
      if (observed === undefined || observed.status === 'rejected') throw observed?.reason;
      const findings: Finding[] = [];
      if (collectorConnections.length > 0 || collectorSpanCount > 0) {
        findings.push(
          finding(
            'tracing.switch',
            `${observed.value.label}: the fake collector at OTEL_EXPORTER_OTLP_TRACES_ENDPOINT accepted ` +
              `${collectorConnections.length} connection(s) and received ${collectorSpanCount} span(s); ` +
              'only OTEL_EXPORTER_OTLP_ENDPOINT turns tracing on',
          ),
        );
      }
      expectNoFindings(findings, 'tracing.switch');
    },
  );
});

/** A relay with OTEL_EXPORTER_OTLP_ENDPOINT set but empty, one AUTH frame, and a graceful stop. */
async function runEmptyEndpoint(): Promise<{ pgid: number; label: string }> {
  const session = sessionOpening('traces', ['connect', 'auth']);
  const relay = await startSuiteRelay({
    label: 'empty-endpoint',
    otel: { OTEL_EXPORTER_OTLP_ENDPOINT: '' },
    extraEnv: session.relayEnv,
  });
  try {
    await runSession(session, relay.endpoint);
  } finally {
    await relay.stop();
  }
  return { pgid: relay.relay.pid, label: 'relay "empty-endpoint" (OTEL_EXPORTER_OTLP_ENDPOINT="")' };
}

function owns(run: { readonly pgid: number }, connection: SentinelConnection): boolean {
  return connection.owner !== null && (connection.owner.pgid === run.pgid || connection.owner.pid === run.pgid);
}

function peerOf(what: string, url: string): AllowedPeer {
  const parsed = new URL(url);
  const defaultPort = parsed.protocol.startsWith('redis') ? 6379 : 5432;
  // the URL may name a host (localhost) that resolves to either loopback: the port alone identifies the service
  return { what, port: parsed.port === '' ? defaultPort : Number(parsed.port) };
}

function describeCollectorConnection(c: ConnectionRecord): LedgerConnection {
  return {
    listener: `the fake collector's ${c.listener} receiver (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)`,
    remoteAddress: c.remoteAddress,
    remotePort: c.remotePort,
  };
}
