import { randomUUID } from 'node:crypto';
import { type AuditLog, startAuditLog } from './audit/audit-log.ts';
import { type Invalidation, RedisBus } from './bus/redis-bus.ts';
import { ChannelAccess } from './channels/channel-access.ts';
import { ChannelStore } from './channels/channel-store.ts';
import { relaySigner } from './channels/relay-signer.ts';
import type { Config } from './config.ts';
import { Failures } from './failures.ts';
import type { RelayContext } from './handlers/context.ts';
import { startAppListener } from './http/app-listener.ts';
import type { HealthState } from './http/health.ts';
import { startHealthListener } from './http/health-listener.ts';
import { boundPort, closeServer } from './http/listen.ts';
import { startMetricsListener } from './http/metrics-listener.ts';
import { nip11Routes } from './http/nip11.ts';
import { readinessCheck } from './http/readiness.ts';
import { EVENT_PIPELINE } from './ingest/pipeline.ts';
import { remoteEventHandler } from './ingest/remote-event.ts';
import { createLogger, type Logger } from './log.ts';
import { createMediaRoutes } from './media/routes.ts';
import { createS3Store } from './media/s3-store.ts';
import { MetricsRegistry } from './metrics/registry.ts';
import { relayMetrics } from './metrics/relay-metrics.ts';
import { normalizeRelayUrl } from './nostr/nip42.ts';
import { startVerifier } from './nostr/verify.ts';
import { publishMemberList } from './relay-membership/nip43-events.ts';
import { createSearchIndexer } from './search/search-indexer.ts';
import { EventLookup } from './store/event-lookup.ts';
import { EventQueries } from './store/event-queries.ts';
import { EventWriter } from './store/event-writer.ts';
import { migrate } from './store/migrate.ts';
import { createPool, type Pool } from './store/pool.ts';
import { RelayMembers } from './store/relay-members.ts';
import { SubscriptionRegistry } from './subscriptions/registry.ts';
import { startTracing, type Tracing } from './telemetry/tracing.ts';
import { createWorkflowRunner, type WorkflowRunner } from './workflows/runner.ts';
import { RelayWebSocketServer } from './ws/server.ts';

/** Listeners get this long to drain on shutdown before connections are cut (CONTRACT §1). */
export const DRAIN_DEADLINE_MS = 30_000;
const AUDIT_DRAIN_MS = 5000;
const SEARCH_DRAIN_MS = 2000;
const TRACING_SHUTDOWN_MS = 5000;

export interface StartOptions {
  /** Defaults to JSON lines on stdout at config.logLevel. */
  readonly log?: Logger;
}

export interface RunningRelay {
  readonly nodeId: string;
  readonly ports: { readonly app: number; readonly health: number; readonly metrics: number };
  readonly registry: MetricsRegistry;
  readonly log: Logger;
  /** Readiness 503, stop accepting, drain, then audit, tracing and pools, in the contract's order. Idempotent. */
  stop(): Promise<void>;
}

/** Closes what start-up opened so far, newest first, when a later step fails. */
class Unwinder {
  readonly #steps: (() => Promise<unknown> | unknown)[] = [];

  push(step: () => Promise<unknown> | unknown): void {
    this.#steps.unshift(step);
  }

  async unwind(): Promise<void> {
    for (const step of this.#steps)
      await Promise.resolve()
        .then(step)
        .catch(() => {});
  }
}

/**
 * Starts a relay in this process: config → logger → tracing → store → bus → servers (metrics first, so a busy
 * metrics port fails start-up before anything serves). Rejects with one clear message when a step fails, after
 * closing what it had opened. Ports 0 pick free ports; the bound ones are in the result.
 */
export async function startRelay(config: Config, options: StartOptions = {}): Promise<RunningRelay> {
  const log = options.log ?? createLogger(config.logLevel);
  const unwinder = new Unwinder();
  try {
    const tracing = await startTracing(config.otel);
    unwinder.push(() => tracing.shutdown(TRACING_SHUTDOWN_MS));
    logTracingOutcome(log, tracing);
    const relay = await startServing(config, log, tracing, unwinder);
    return relay;
  } catch (error) {
    await unwinder.unwind();
    throw error;
  }
}

async function startServing(config: Config, log: Logger, tracing: Tracing, unwinder: Unwinder): Promise<RunningRelay> {
  const registry = new MetricsRegistry();
  const metrics = relayMetrics(registry);
  const nodeId = randomUUID();
  const failures = new Failures(log);
  const verifier = await startVerifier(config.verifyThreads, (error) => failures.record('verifier', error));
  unwinder.push(() => verifier.close());

  const pool = await openDatabase(config, unwinder);
  const relayMembers = new RelayMembers(pool);
  await bootstrapRelayMembers(config, relayMembers, log);
  const channels = new ChannelStore(pool);
  const access = new ChannelAccess(channels, registry);
  const subscriptions = new SubscriptionRegistry(
    metrics.subscriptionsActive,
    config.limits.maxSubscriptionsPerConnection,
  );

  const invalidateLocally = (invalidation: Invalidation) => {
    for (const pubkey of invalidation.pubkeys) access.invalidateMembership(invalidation.channel, pubkey);
  };

  const bus = await RedisBus.connect({
    redisUrl: config.redisUrl,
    nodeId,
    fanoutCapacity: config.fanoutChannelCapacity,
    invalidationCapacity: config.cacheInvalidationChannelCapacity,
    metrics: registry,
    log,
    onRemoteEvent: remoteEventHandler(subscriptions, access, failures),
    onInvalidation: invalidateLocally,
    onInvalidationLag: () => access.clear(),
  });
  unwinder.push(() => bus.close());

  const metricsServer = await startMetricsListener({
    host: config.bind.host,
    port: config.metricsPort,
    registry,
    log,
    timeouts: config.http,
  });
  unwinder.push(() => metricsServer.close());

  const audit: AuditLog = startAuditLog({ pool, metrics: registry, log });
  unwinder.push(() => audit.drain(AUDIT_DRAIN_MS));
  const workflows: WorkflowRunner = createWorkflowRunner({ pool, log });
  unwinder.push(() => workflows.close());
  const search = createSearchIndexer({
    config: config.search,
    log,
    errors: metrics.searchIndexErrors,
    seconds: metrics.searchIndexSeconds,
  });
  await search.ensureCollection();
  unwinder.push(() => search.close(SEARCH_DRAIN_MS));

  const writer = new EventWriter(pool, Math.min(4, Math.max(1, config.dbPoolMax - 2)));
  const ctx: RelayContext = {
    config,
    relayUrl: normalizeRelayUrl(config.relayUrl) ?? config.relayUrl,
    log,
    failures,
    tracing,
    metrics,
    verifier,
    writer,
    queries: new EventQueries(pool),
    lookup: new EventLookup(pool),
    search,
    pipeline: EVENT_PIPELINE,
    relayMembers,
    channels,
    access,
    signer: relaySigner(config.access.relayPrivateKey),
    subscriptions,
    bus,
    audit,
    workflows,
    nowSecs: () => Math.floor(Date.now() / 1000),
  };
  if (config.access.requireRelayMembership) {
    // buzz publishes the list at start-up so clients can read it before any change; here before the first client.
    await publishMemberList(ctx).catch((error: unknown) =>
      log.warn({ err: error }, 'publishing the NIP-43 member list at start-up failed'),
    );
  }
  const ws = new RelayWebSocketServer(ctx);
  const health: HealthState = {
    nodeId,
    startedAt: Date.now(),
    shuttingDown: false,
    connections: () => ws.connections.size,
    subscriptions: () => subscriptions.all.length,
    readiness: readinessCheck({
      pingPostgres: () => pool.query('SELECT 1'),
      redisReady: () => {
        const redis = bus.stats();
        return redis.size === redis.max;
      },
    }),
    failures: () => failures.counts(),
  };
  const appServer = await startAppListener({
    host: config.bind.host,
    port: config.bind.port,
    timeouts: config.http,
    routes: [
      ...nip11Routes(config),
      ...createMediaRoutes({
        store: createS3Store(config.media.s3),
        metrics: registry,
        audit,
        log,
        config: config.media,
      }),
    ],
    registry,
    health,
    webSockets: ws,
    log,
  });
  unwinder.push(() => closeServer(appServer));
  const healthServer = await startHealthListener({
    host: config.bind.host,
    port: config.healthPort,
    timeouts: config.http,
    health,
  });
  unwinder.push(() => closeServer(healthServer));

  const ports = { app: boundPort(appServer), health: boundPort(healthServer), metrics: metricsServer.port };
  log.info({ node_id: nodeId, ...ports, relay_url: config.relayUrl }, 'relay listening');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      health.shuttingDown = true;
      log.info({ node_id: nodeId }, 'shutting down: readiness 503, draining connections');
      appServer.close();
      await ws.close(DRAIN_DEADLINE_MS);
      await writer.idle();
      await workflows.close();
      await audit.drain(AUDIT_DRAIN_MS);
      await tracing.shutdown(TRACING_SHUTDOWN_MS);
      await bus.close();
      await pool.end();
      await verifier.close();
      appServer.closeAllConnections();
      await Promise.allSettled([closeServer(healthServer), metricsServer.close()]);
      log.info({ node_id: nodeId }, 'relay stopped');
    })();
    return stopping;
  };
  return { nodeId, ports, registry, log, stop };
}

/** The pool, once the migrations have run; start-up names DATABASE_URL when they cannot. */
async function openDatabase(config: Config, unwinder: Unwinder): Promise<Pool> {
  const pool = createPool(config.databaseUrl, config.dbPoolMax);
  unwinder.push(() => pool.end());
  try {
    await migrate(pool);
  } catch (error) {
    throw new Error(`cannot prepare the database at DATABASE_URL: ${(error as Error).message}`);
  }
  return pool;
}

/** Allow-listed pubkeys become members and RELAY_OWNER_PUBKEY the owner; fatal only where membership is enforced. */
async function bootstrapRelayMembers(config: Config, members: RelayMembers, log: Logger): Promise<void> {
  try {
    await members.bootstrap(config.access.relayOwnerPubkey);
  } catch (error) {
    if (config.access.requireRelayMembership) {
      throw new Error(
        `cannot bootstrap the relay members (BUZZ_REQUIRE_RELAY_MEMBERSHIP): ${(error as Error).message}`,
      );
    }
    log.error(
      { err: error },
      'bootstrapping the relay members failed; membership is not enforced, so the relay starts',
    );
  }
}

function logTracingOutcome(log: Logger, tracing: Tracing): void {
  const outcome = tracing.outcome;
  if (outcome.state === 'enabled') {
    log.info({ endpoint: outcome.endpoint, service_name: outcome.serviceName }, 'tracing enabled (OTLP/gRPC)');
    if (outcome.warning !== undefined) log.warn(outcome.warning);
  } else if (outcome.state === 'failed') {
    log.warn({ error: outcome.error }, 'tracing could not start; running without it');
  } else log.info('tracing disabled (OTEL_EXPORTER_OTLP_ENDPOINT is not set)');
}
