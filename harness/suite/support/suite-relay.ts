import { inject } from 'vitest';
import { type RunningCollector, startCollector } from '../../src/collector/launch.ts';
import { launchRelay, loadSuiteAdapter, type RelayUnderTest } from '../../src/relay-under-test/index.ts';
import type { RelayEndpoint } from '../../src/scenarios/run-session.ts';
import {
  createIsolatedBucket,
  createIsolatedDatabase,
  type IsolatedBucket,
  type IsolatedDatabase,
} from '../../src/services/isolation.ts';
import { leaseRedisDb } from './redis-db-lease.ts';

// How a suite test file gets a relay under test: the adapter chosen for this run (BUZZ_COMPAT_ADAPTER, default the
// reference relay), a database, a Redis db index and a bucket of its own, and only the environment the test names.
// Relays started side by side in one file must not hear each other's events over Redis: each is its own cluster
// unless a test joins several on purpose (a shared database, redisUrl and bucket).

export interface SuiteRelayOptions {
  /** Names the relay in logs and errors, and its database. */
  readonly label: string;
  /** OTEL_* variables for the relay; the adapter's otelEnv policy applies to them. */
  readonly otel?: Readonly<Record<string, string>>;
  /** Further variables, e.g. a session's relayEnv. */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** Share another node's database (several nodes of one cluster); by default the relay gets a fresh one. */
  readonly database?: IsolatedDatabase;
  /** The Redis of the cluster the relay joins (a db index leased with leaseRedisDb); by default it leases its own. */
  readonly redisUrl?: string;
  /** The object-store bucket of the cluster the relay joins; by default it gets a fresh one. */
  readonly bucket?: IsolatedBucket;
}

export interface SuiteRelay {
  readonly relay: RelayUnderTest;
  readonly database: IsolatedDatabase;
  readonly bucket: IsolatedBucket;
  /** The relay's REDIS_URL: with a relay that shares pub/sub across db indexes, a server of its cluster's own. */
  readonly redisUrl: string;
  /** Where scenarios reach this relay. */
  readonly endpoint: RelayEndpoint;
  /** Graceful stop (SIGTERM), then the database, Redis lease and bucket are released unless they were borrowed. */
  stop(): Promise<void>;
}

export async function startSuiteRelay(options: SuiteRelayOptions): Promise<SuiteRelay> {
  const services = inject('services');
  const adapter = await loadSuiteAdapter();
  const database = options.database ?? (await createIsolatedDatabase(services.databaseUrl, options.label));
  const ownsDatabase = options.database === undefined;
  const lease = options.redisUrl === undefined ? await leaseRedisDb(options.label) : undefined;
  const redisUrl = options.redisUrl ?? lease!.url;
  const bucket = options.bucket ?? (await createIsolatedBucket(services.objectStore, options.label));
  const ownsBucket = options.bucket === undefined;
  const release = async () => {
    if (ownsDatabase) await database.drop();
    await lease?.release();
    if (ownsBucket) await bucket.drop();
  };
  let relay: RelayUnderTest;
  try {
    relay = await launchRelay(adapter, {
      label: options.label,
      services: {
        databaseUrl: database.url,
        redisUrl,
        objectStore: { ...services.objectStore, bucket: bucket.name },
      },
      otel: { ...options.otel },
      extraEnv: { ...options.extraEnv },
    });
  } catch (error) {
    await release();
    throw error;
  }
  const httpUrl = relay.wsUrl.replace(/^ws/, 'http');
  return {
    relay,
    database,
    bucket,
    redisUrl,
    endpoint: { wsUrl: relay.wsUrl, httpUrl, relayUrl: relay.env.RELAY_URL ?? relay.wsUrl },
    async stop() {
      await relay.stop();
      await release();
    },
  };
}

/** The fake collector for one test file, where the global setup said: container or child process. */
export function startSuiteCollector(): Promise<RunningCollector> {
  return startCollector({ mode: inject('collector').mode });
}
